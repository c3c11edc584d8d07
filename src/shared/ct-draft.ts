// The model's draft on a CT series, pure and shared: which labels a prediction says yes to at the card's
// thresholds, which slices show it (those with no label yet), what "Accept model" writes for a slice, a range or a
// series (one human revision per slice, with the model as its origin), what "Undo accept" can give back, and
// what approving a series with unlabelled slices asks first.
//
// Undo and the append-only rule: a saved label is a revision and is never deleted, and the current label is the
// newest human revision (else truth), so a slice that had no label before an accept cannot be made "not
// labelled" again. Undo restores the earlier labels where there were some and says how many slices keep the
// model's labels because they had none.
import { CT_SUBTYPES } from './domain';
import type { SubtypeBits } from './ct-labels';
import type { CtLabelChange } from './api/ct-types';

/** The five subtypes the model says yes to (p ≥ the label's threshold); `any` follows from them, never its own threshold. */
export function draftBits(probabilities: ArrayLike<number>, thresholds: ArrayLike<number>): SubtypeBits {
  let bits = 0;
  for (let i = 0; i < CT_SUBTYPES.length; i++) if (probabilities[i] >= (thresholds[i] ?? 0.5)) bits |= 1 << i;
  return bits;
}

/** Per slice: the model's draft where the slice has no label yet and the model predicted it; else null. */
export function modelDrafts(
  saved: readonly (SubtypeBits | null)[],
  probabilities: readonly (readonly number[] | null)[],
  thresholds: ArrayLike<number> | null,
): (SubtypeBits | null)[] {
  return saved.map((bits, i) => {
    const p = probabilities[i];
    return bits === null && p && thresholds ? draftBits(p, thresholds) : null;
  });
}

/** A slice as "Accept model" sees it. */
export interface AcceptSlice {
  itemId: number;
  /** Its saved label, null when it has none. */
  saved: SubtypeBits | null;
  /** The saved label's origin (`model:<v>`), when known. */
  origin: string | null;
  probabilities: readonly number[] | null;
}

/** One accepted slice: what it held before and what the model gave it. */
export interface AcceptedSlice {
  itemId: number;
  before: { bits: SubtypeBits; origin: string | null } | null;
  accepted: SubtypeBits;
}

export interface AcceptPlan {
  /** Slices with no label that take the model's labels. */
  unlabelled: CtLabelChange[];
  /** Labelled slices whose labels differ from the model's (only written when the person says so). */
  relabelled: CtLabelChange[];
  /** Labelled slices that already hold the model's labels: nothing to write. */
  agreeing: number;
  /** Slices the model has not predicted: left alone. */
  unpredicted: number;
  /** What each slice of `unlabelled` and `relabelled` held before, for "Undo accept". */
  before: AcceptedSlice[];
}

/** What accepting the model's labels on these slices would write, with `source` (`model:<v>`) as the origin. */
export function planAccept(slices: readonly AcceptSlice[], thresholds: ArrayLike<number>, source: string): AcceptPlan {
  const plan: AcceptPlan = { unlabelled: [], relabelled: [], agreeing: 0, unpredicted: 0, before: [] };
  for (const s of slices) {
    if (!s.probabilities) {
      plan.unpredicted++;
      continue;
    }
    const bits = draftBits(s.probabilities, thresholds);
    if (s.saved === bits) {
      plan.agreeing++;
      continue;
    }
    (s.saved === null ? plan.unlabelled : plan.relabelled).push({ itemId: s.itemId, bits, origin: source });
    plan.before.push({ itemId: s.itemId, before: s.saved === null ? null : { bits: s.saved, origin: s.origin }, accepted: bits });
  }
  return plan;
}

export interface UndoPlan {
  /** The earlier labels written again, as new revisions. */
  changes: CtLabelChange[];
  /** Slices that had no label before the accept: they keep the model's labels (a label cannot be unsaved). */
  keptUnlabelled: number;
  /** Slices changed again since the accept: left as they are. */
  changedSince: number;
}

/** What "Undo accept" writes: each slice's earlier label, where it had one and still holds what was accepted. */
export function planUndoAccept(accepted: readonly AcceptedSlice[], currentOf: (itemId: number) => SubtypeBits | null): UndoPlan {
  const plan: UndoPlan = { changes: [], keptUnlabelled: 0, changedSince: 0 };
  for (const a of accepted) {
    if (currentOf(a.itemId) !== a.accepted) plan.changedSince++;
    else if (a.before === null) plan.keptUnlabelled++;
    else plan.changes.push({ itemId: a.itemId, bits: a.before.bits, ...(a.before.origin ? { origin: a.before.origin } : {}) });
  }
  return plan;
}

export type ApproveChoice = 'accept-draft' | 'mark-none' | 'cancel';

export interface ApproveQuestion {
  question: string;
  choices: { id: ApproveChoice; text: string }[];
}

/**
 * What to ask before approving a series (or a slice) with `unlabelled` slices, `withDraft` of which show the
 * model's draft; null when every slice has a label (approve straight away).
 */
export function approveQuestion(scope: 'series' | 'slice', unlabelled: number, withDraft: number): ApproveQuestion | null {
  if (unlabelled <= 0) return null;
  const one = unlabelled === 1;
  const them = one ? 'it' : 'them';
  const what = scope === 'slice' ? 'the slice' : 'the series';
  const question =
    scope === 'slice'
      ? "This slice has no label. Mark it 'none' and approve it?"
      : `${unlabelled} ${one ? 'slice has' : 'slices have'} no label. Mark ${them} 'none' and approve the series?`;
  const choices: ApproveQuestion['choices'] = [];
  if (withDraft > 0) {
    const rest = unlabelled - withDraft;
    choices.push({
      id: 'accept-draft',
      text: rest === 0 ? `Accept the model's draft for ${them} and approve` : `Accept the model's draft for the ${withDraft} with one, mark the other ${rest} 'none', and approve`,
    });
  }
  choices.push({ id: 'mark-none', text: `Yes: mark ${them} 'none' and approve ${what}` }, { id: 'cancel', text: 'No' });
  return { question, choices };
}
