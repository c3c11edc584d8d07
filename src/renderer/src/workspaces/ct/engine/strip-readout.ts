// The line under the series strip for the slice and row under the pointer: on a label row, the label, the slice
// and the model's probability ("subdural · slice 14 · p = 0.83") with what the slice says; on the ruler, the
// slice's review (who, when, why); on the band below, whether the slice shows the model's draft.
import { CT_LABELS, CT_SUBTYPES, type ReviewState } from '../../../../../shared/domain';
import type { ReviewInfo } from '../../../../../shared/api/types';
import { hasLabel } from '../../../../../shared/ct-labels';
import { REVIEW_NAMES } from '../../../vocabulary';
import type { StripHit } from './strip-layout';

export interface ReadoutSlice {
  /** As shown: an unsaved edit, the saved label or the model's draft; null = none. */
  bits: number | null;
  /** The bits are the model's draft, untouched. */
  draft: boolean;
  probabilities: readonly number[] | null;
  review: ReviewState;
  /** Who reviewed it and why, when known. */
  reviewInfo: ReviewInfo | null;
}

const subtypesOf = (bits: number) => (bits === 0 ? 'none' : CT_SUBTYPES.filter((s) => hasLabel(bits, s)).join(' · '));

/** The review as a sentence: "Flagged by Ada, 3 Dec 10:02: motion artefact". */
export function reviewLine(info: ReviewInfo | null, state: ReviewState, when: (iso: string) => string): string {
  const name = REVIEW_NAMES[info?.state ?? state];
  if (!info || (!info.by && !info.note)) return name;
  const by = info.by ? ` by ${info.by}${info.at ? `, ${when(info.at)}` : ''}` : '';
  return `${name}${by}${info.note ? `: ${info.note}` : ''}`;
}

export function stripReadout(at: StripHit, slice: ReadoutSlice, when: (iso: string) => string = (iso) => new Date(iso).toLocaleString()): string {
  const number = `slice ${at.index + 1}`;
  if (at.row < 0) return `${number} · ${reviewLine(slice.reviewInfo, slice.review, when)}`;
  if (at.row >= CT_LABELS.length) {
    if (slice.draft) return `${number} · model draft: ${subtypesOf(slice.bits ?? 0)} (not saved yet)`;
    return `${number} · ${slice.bits === null ? 'not labelled' : `labelled: ${subtypesOf(slice.bits)}`}`;
  }
  const label = CT_LABELS[at.row];
  const p = slice.probabilities?.[at.row];
  const model = p === undefined ? 'no model prediction' : `p = ${p.toFixed(2)}`;
  const present = slice.bits !== null && hasLabel(slice.bits, label);
  const says = slice.bits === null ? 'not labelled' : `${present ? 'yes' : 'no'}${slice.draft ? ' (model draft)' : ''}`;
  return `${label} · ${number} · ${model} · ${says}`;
}
