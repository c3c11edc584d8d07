// Text the contract accepts from a person or a page: names (of people, datasets, windows), search text,
// file paths. One rule for all of them, so a name that shows in a revision history, a CSV export or a
// terminal is always one line of real text: no control characters (NUL, line breaks, escape sequences),
// no bidirectional overrides that reorder what is shown, and no lone UTF-16 surrogates (which UTF-8
// cannot encode: they would be stored as one text and shown as another).
import { z } from 'zod';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NUL = /\u0000/;

/** Why a name or other one-line text is refused, or null when it is fine. */
export function textProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return 'is not valid Unicode text (a lone surrogate)';
  if (CONTROL.test(text)) return 'must not hold control characters (such as NUL, a tab or a line break)';
  if (BIDI_CONTROL.test(text)) return 'must not hold bidirectional override characters';
  return null;
}

/** Why a file path is refused, or null. Paths may hold what a file system allows, except NUL and lone surrogates. */
export function pathProblem(path: string): string | null {
  if (LONE_SURROGATE.test(path)) return 'is not valid Unicode text (a lone surrogate)';
  if (NUL.test(path)) return 'must not hold a NUL character';
  return null;
}

const refined = (schema: z.ZodString, problem: (text: string) => string | null) =>
  schema.superRefine((text, context) => {
    const message = problem(text);
    if (message) context.addIssue({ code: 'custom', message });
  });

/** A name shown to people (a person, a dataset, a dialog title): trimmed, one line, 1 to `max` characters. */
export const displayName = (max: number) => refined(z.string().trim().min(1).max(max), textProblem);

/** The name a person gives as the author of their revisions. */
export const personName = displayName(100);

/** One-line text that may be empty (a search box), up to `max` characters. */
export const plainText = (max: number) => refined(z.string().max(max), textProblem);

/** An identifier from a file or a registry (a DICOM UID, a model version): one line, 1 to `max` characters. */
export const identifier = (max: number) => refined(z.string().min(1).max(max), textProblem);

/** A path on the machine that runs main, 1 to 4096 characters. */
export const filePath = refined(z.string().min(1).max(4096), pathProblem);

/** A model's revisions' source as people's revisions name their origin: `model:<version>` (or `model:<v1>+<v2>`). */
export const modelSource = z.string().regex(/^model:[A-Za-z0-9][\w.+-]{0,300}$/, 'must be model:<version>');
