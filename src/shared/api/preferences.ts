// A person's preferences, kept per user in main: the defaults the workspaces start from (brush size, overlay
// opacity, colour palette, the CT window) and the first-start hint they have dismissed. Every value is bounded
// by the schema; a stored value that no longer fits (an older or hand-edited store) falls back to its default
// alone, so one bad field never loses the others.
import { z } from 'zod';
import type { WindowPreset } from '../window-level';

/** The steel brush's diameter in image pixels: the workspace's slider has the same range. */
export const BRUSH_SIZE_RANGE = { min: 1, max: 96 } as const;

/** The colour sets of the class overlays: Okabe & Ito (colour-blind safe), Paul Tol's bright set, and a high-contrast set. */
export const PALETTE_NAMES = ['okabe-ito', 'tol-bright', 'high-contrast'] as const;
export type PaletteName = (typeof PALETTE_NAMES)[number];

const CT_WINDOWS = ['brain', 'subdural', 'soft', 'bone'] as const satisfies readonly WindowPreset[];

export const userPreferencesSchema = z.strictObject({
  /** The steel brush and eraser diameter a session starts with. */
  brushSize: z.number().int().min(BRUSH_SIZE_RANGE.min).max(BRUSH_SIZE_RANGE.max),
  /** The fill opacity of the class overlays, 0–1. */
  overlayOpacity: z.number().min(0).max(1),
  palette: z.enum(PALETTE_NAMES),
  /** The window a CT slice opens with, when the person has no last view of their own. */
  ctWindow: z.enum(CT_WINDOWS),
  /** True once the person has closed the first-start hint. */
  firstStartHintDismissed: z.boolean(),
});

export type UserPreferences = z.infer<typeof userPreferencesSchema>;

/** What a save may carry: any of the preferences, the others stay as they are. */
export const preferencesPatchSchema = userPreferencesSchema.partial();
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>;

export const DEFAULT_PREFERENCES: Readonly<UserPreferences> = Object.freeze({
  brushSize: 12,
  overlayOpacity: 0.45,
  palette: 'okabe-ito',
  ctWindow: 'brain',
  firstStartHintDismissed: false,
});

/** The preferences from what was stored: each field that is missing or out of bounds takes its default. */
export function preferencesFrom(stored: unknown): UserPreferences {
  const source = stored !== null && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const shape = userPreferencesSchema.shape;
  const pick = <K extends keyof UserPreferences>(key: K): UserPreferences[K] => {
    const parsed = shape[key].safeParse(source[key]);
    return (parsed.success ? parsed.data : DEFAULT_PREFERENCES[key]) as UserPreferences[K];
  };
  return {
    brushSize: pick('brushSize'),
    overlayOpacity: pick('overlayOpacity'),
    palette: pick('palette'),
    ctWindow: pick('ctWindow'),
    firstStartHintDismissed: pick('firstStartHintDismissed'),
  };
}
