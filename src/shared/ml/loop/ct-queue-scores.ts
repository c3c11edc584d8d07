// CT queue scores for one slice, all on the scale of RSNA's metric (weighted binary log loss, `any` weighs 2,
// the five subtypes 1, probabilities clipped to [1e-15, 1 − 1e-15]):
// - disagreement: the slice's weighted log loss of the model's six probabilities against the current label;
// - uncertainty: the metric-weighted binary entropy of the six probabilities — the log loss the model expects
//   on the slice if its probabilities are right — raised for a slice that disagrees with both neighbours of
//   its series (see ct-series-neighbours);
// - ensemble: the mean metric-weighted absolute difference of two predictions' probabilities.
// Each reason names the label that contributes most.
import { bitsToLabels, type SubtypeBits } from '../../ct-labels';
import { CT_LABELS, type CtLabel } from '../../domain';
import { CT_LABEL_WEIGHTS, LOG_LOSS_EPSILON, logLoss } from '../../metrics';
import { formatProbability, formatScore } from './reason-text';
import type { QueueScore, Unscored } from './review-queue';

const WEIGHT_SUM = CT_LABEL_WEIGHTS.reduce((a, b) => a + b, 0);

/** A CT score with the label that weighs most in it. */
export interface CtSliceScore extends QueueScore {
  score: number;
  /** Each label's weighted share of the score (w_j · term_j / Σw), CT_LABELS order; they add up to the score. */
  perLabel: number[];
  worstLabel: CtLabel;
}

function checkSix(values: ArrayLike<number>, what: string): void {
  if (values.length !== CT_LABELS.length) throw new RangeError(`${what} needs ${CT_LABELS.length} probabilities in CT_LABELS order, got ${values.length}`);
}

function weighted(terms: number[]): { perLabel: number[]; score: number; worst: number } {
  const perLabel = terms.map((t, j) => (CT_LABEL_WEIGHTS[j] * t) / WEIGHT_SUM);
  let worst = 0;
  for (let j = 1; j < perLabel.length; j++) if (perLabel[j] > perLabel[worst]) worst = j;
  return { perLabel, score: perLabel.reduce((a, b) => a + b, 0), worst };
}

/** The slice's weighted log loss against label bits (`any` = OR of the subtypes), with each label's share. */
export function ctSliceLoss(probabilities: ArrayLike<number>, labelBits: SubtypeBits): CtSliceScore {
  checkSix(probabilities, 'a CT prediction');
  const truth = bitsToLabels(labelBits);
  const { perLabel, score, worst } = weighted(truth.map((t, j) => logLoss(t, probabilities[j])));
  const label = CT_LABELS[worst];
  const reason = `${label}: model ${formatProbability(probabilities[worst])}, label ${truth[worst] ? 'yes' : 'no'}`;
  return { score, perLabel, worstLabel: label, reason };
}

/** `disagreement`: the model against the current label, "subdural: model 0.03, label yes"; unscored without both. */
export function ctDisagreement(probabilities: ArrayLike<number> | null, labelBits: SubtypeBits | null): CtSliceScore | Unscored {
  if (labelBits === null) return { score: null, reason: 'no label yet to compare the model with' };
  if (probabilities === null) return { score: null, reason: 'no prediction from this model' };
  return ctSliceLoss(probabilities, labelBits);
}

/** Binary entropy in nats (the log loss a probability expects of itself), with the metric's clipping. */
export function binaryEntropy(probability: number): number {
  const p = Math.min(Math.max(probability, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
  return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
}

/** The metric-weighted binary entropy of six probabilities: at most ln 2 (every label at 0.5). */
export function weightedEntropy(probabilities: ArrayLike<number>): number {
  checkSix(probabilities, 'a CT prediction');
  return weighted(Array.from(probabilities, binaryEntropy)).score;
}

/** How a label on a slice differs from the same label on both its neighbours. */
export interface IsolatedLabel {
  label: CtLabel;
  /** True: on this slice only; false: on both neighbours but not on this slice. */
  here: boolean;
}

/** Added to the entropy of a slice that disagrees with both neighbours: ln 2, the largest entropy, so such slices come first. */
export const NEIGHBOUR_DISAGREEMENT_BOOST = Math.log(2);

function listed(labels: string[]): string {
  return labels.length < 2 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

function isolatedText(isolated: readonly IsolatedLabel[]): string[] {
  const here = isolated.filter((i) => i.here).map((i) => i.label);
  const gap = isolated.filter((i) => !i.here).map((i) => i.label);
  const parts: string[] = [];
  if (here.length) parts.push(`${listed(here)} on this slice but on neither neighbour`);
  if (gap.length) parts.push(`${listed(gap)} on both neighbours but not on this slice`);
  return parts;
}

/**
 * `uncertainty`: the weighted entropy of the six probabilities, plus NEIGHBOUR_DISAGREEMENT_BOOST when some
 * thresholded label differs from both neighbours in the ordered series. The reason names those labels first,
 * then the least certain label: "subdural on this slice but on neither neighbour; any: model 0.48".
 */
export function ctUncertainty(probabilities: ArrayLike<number> | null, isolated: readonly IsolatedLabel[] = [], boost = NEIGHBOUR_DISAGREEMENT_BOOST): CtSliceScore | Unscored {
  if (probabilities === null) return { score: null, reason: 'no prediction from this model' };
  checkSix(probabilities, 'a CT prediction');
  const entropy = weighted(Array.from(probabilities, binaryEntropy));
  const label = CT_LABELS[entropy.worst];
  const parts = [...isolatedText(isolated), `${label}: model ${formatProbability(probabilities[entropy.worst])}`];
  return { score: entropy.score + (isolated.length ? boost : 0), perLabel: entropy.perLabel, worstLabel: label, reason: parts.join('; ') };
}

/**
 * `ensemble`: two predictions of one slice (two versions, or TTA variants) as the mean metric-weighted absolute
 * difference of their probabilities (0 = identical, 1 = opposite certainties); "any: ct-3 0.91, ct-2 0.12".
 */
export function ctEnsembleDisagreement(
  first: ArrayLike<number> | null,
  second: ArrayLike<number> | null,
  names: readonly [string, string] = ['A', 'B'],
): CtSliceScore | Unscored {
  if (first === null || second === null) return { score: null, reason: `no prediction from ${first === null ? names[0] : names[1]}` };
  checkSix(first, names[0]);
  checkSix(second, names[1]);
  const { perLabel, score, worst } = weighted(CT_LABELS.map((_, j) => Math.abs(first[j] - second[j])));
  const label = CT_LABELS[worst];
  const reason =
    score === 0
      ? `${names[0]} and ${names[1]} agree on every label`
      : `${label}: ${names[0]} ${formatProbability(first[worst])}, ${names[1]} ${formatProbability(second[worst])} (difference ${formatScore(score)})`;
  return { score, perLabel, worstLabel: label, reason };
}
