// The rules of a strip's draft and of reviewing it, as plain functions the store and its tests share: what
// the editable mask started from (the person's label, the model's draft, nothing yet), how the UI names it,
// and what has to happen before a review is set — so that an approval is of what is on screen.
import type { ReviewState } from '../../../../../shared/domain';
import type { SteelPrediction } from '../../../../../shared/api/steel-types';
import { SteelDocument } from '../engine/SteelDocument';
import type { DecodedLayers } from '../engine/StripCache';

/**
 * The document a strip opens as: its current label; on a strip with neither truth nor a person's label, the
 * model's prediction as the draft to edit (a copy: the prediction layer beside it stays as it is).
 */
export function stripDocument(itemId: number, { labels, current, prediction }: DecodedLayers): SteelDocument {
  const draft =
    labels.unlabelled && labels.prediction && prediction
      ? { source: labels.prediction.source, masks: new Map([...prediction].map(([c, mask]) => [c, mask.slice()])) }
      : null;
  const bases = new Map(labels.current.map((c) => [c.classId, c.revisionId ?? ('none' as const)]));
  return new SteelDocument(itemId, labels.width, labels.height, current, { unlabelled: labels.unlabelled, draft, bases });
}

/** What the editable masks of the open strip are. */
export type StripStart =
  | { kind: 'label' }
  /** The host has no label; the masks are this model's thresholded prediction. */
  | { kind: 'draft'; version: string; active: boolean }
  /** The host has no label and no model has predicted the strip: the masks start empty. */
  | { kind: 'empty' };

/** The parts of a strip's document the rules read. */
export interface DraftState {
  unlabelled: boolean;
  draft: string | null;
  hasUnsavedChanges: boolean;
}

export function stripStart(doc: DraftState | null, prediction: SteelPrediction | null): StripStart | null {
  if (!doc) return null;
  if (!doc.unlabelled) return { kind: 'label' };
  if (doc.draft && prediction?.source === doc.draft) return { kind: 'draft', version: prediction.version, active: prediction.active };
  if (doc.draft) return { kind: 'draft', version: doc.draft.slice('model:'.length), active: false };
  return { kind: 'empty' };
}

/** How the UI names it: "model draft (steel-starter)", "no label yet". */
export function startName(start: StripStart | null): string {
  if (!start || start.kind === 'label') return '';
  if (start.kind === 'empty') return 'no label yet';
  return `model draft (${start.version}${start.active ? '' : ', not the active model'})`;
}

/**
 * What happens before a review state is set on the open strip:
 * - `save`: its unsaved edits are saved first (an approval is of what is on screen; a later save would undo it);
 * - `accept-draft`: approving a strip still on its unedited model draft saves the draft as its label first;
 * - `ask-defect-free`: approving a strip with no label, no draft and no edit asks whether it is defect-free
 *   (then four empty classes are saved) — the host refuses to approve a strip that says nothing;
 * - `none`: nothing to do first.
 */
export type ReviewStep = 'save' | 'accept-draft' | 'ask-defect-free' | 'none';

export function stepBeforeReview(doc: DraftState | null, state: ReviewState): ReviewStep {
  if (!doc) return 'none';
  if (doc.hasUnsavedChanges) return 'save';
  if (state !== 'approved' || !doc.unlabelled) return 'none';
  return doc.draft ? 'accept-draft' : 'ask-defect-free';
}
