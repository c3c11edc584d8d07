// Which items a retraining run may pseudo-label, and how confident the parent must be there. A candidate has
// neither a human label nor truth (a train.csv's "no row" for a strip is truth; an item imported without
// labels has none), nobody has approved, flagged or started reviewing it, and it is not in the validation
// set (nor in a validation group: nothing of a validation patient or image is ever trained on).
//
// "Confident at p" (p > 0.5) means every value the pseudo-label is made of is at least p or at most 1 − p —
// the rule the training worker applies (src/main/ml/training/pseudo-labels.ts):
//   steel: the class's presence probability (the presence head, or the largest pixel probability without one),
//          for each of the four classes;
//   CT:    each of the six probabilities.
// An item's confidence is therefore its least confident value, min_j max(v_j, 1 − v_j), and it is taken at p
// exactly when that confidence is at least p.
import type { ReviewState } from '../../domain';
import type { ProbabilityMap } from '../steel-postprocess';

export interface PseudoLabelItem {
  itemId: number;
  /** Patient (CT) or image (steel). */
  group: string;
  hasTruth: boolean;
  hasHumanLabel: boolean;
  review?: ReviewState;
}

export interface HeldOut {
  itemIds?: ReadonlySet<number>;
  groups?: ReadonlySet<string>;
}

/** Whether an item may be pseudo-labelled at all (before looking at the prediction). */
export function isPseudoLabelCandidate(item: PseudoLabelItem, validation: HeldOut = {}): boolean {
  if (item.hasTruth || item.hasHumanLabel) return false;
  if ((item.review ?? 'unreviewed') !== 'unreviewed') return false;
  return !validation.itemIds?.has(item.itemId) && !validation.groups?.has(item.group);
}

/** The per-class presence values a steel pseudo-label is judged on: the presence head, else the largest pixel probability. */
export function steelPresenceValues(maps: readonly ProbabilityMap[], presence: readonly number[] | null): number[] {
  return maps.map((map, c) => {
    if (presence) return presence[c];
    let max = 0;
    for (let i = 0; i < map.data.length; i++) if (map.data[i] > max) max = map.data[i];
    return max / 255;
  });
}

/** The least confident of the values: min over j of max(v_j, 1 − v_j); 1 for no values. */
export function pseudoLabelConfidence(values: ArrayLike<number>): number {
  let confidence = 1;
  for (let j = 0; j < values.length; j++) confidence = Math.min(confidence, Math.max(values[j], 1 - values[j]));
  return confidence;
}

function checkThreshold(threshold: number): void {
  if (!(threshold > 0.5 && threshold < 1)) throw new RangeError(`a pseudo-label confidence must be between 0.5 and 1, not ${threshold}`);
}

/** Whether a prediction (steel presence values or CT probabilities) is confident at `threshold`. */
export function isConfidentPrediction(values: ArrayLike<number>, threshold: number): boolean {
  checkThreshold(threshold);
  return pseudoLabelConfidence(values) >= threshold;
}

export interface PseudoLabelSummary {
  /** Items that could be pseudo-labelled (candidates with a prediction). */
  candidates: number;
  /** Those confident at the threshold. */
  taken: number;
  threshold: number;
  /** Least and mean confidence of the taken items; null when none was taken. */
  minConfidence: number | null;
  meanConfidence: number | null;
  /** How many would be taken at other thresholds, to help pick one. */
  takenAt: { threshold: number; taken: number }[];
}

export const PSEUDO_LABEL_THRESHOLDS: readonly number[] = [0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

/** What a pseudo-labelling run takes, from each candidate's confidence (pseudoLabelConfidence). */
export function pseudoLabelSummary(confidences: readonly number[], threshold: number): PseudoLabelSummary {
  checkThreshold(threshold);
  const taken = confidences.filter((c) => c >= threshold);
  return {
    candidates: confidences.length,
    taken: taken.length,
    threshold,
    minConfidence: taken.length ? taken.reduce((a, b) => Math.min(a, b)) : null,
    meanConfidence: taken.length ? taken.reduce((a, b) => a + b, 0) / taken.length : null,
    takenAt: PSEUDO_LABEL_THRESHOLDS.map((t) => ({ threshold: t, taken: confidences.filter((c) => c >= t).length })),
  };
}
