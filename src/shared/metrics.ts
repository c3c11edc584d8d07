// The two Kaggle metrics: mean Dice over image-class mask pairs (Severstal) and the weighted
// multi-label log loss over per-slice labels (RSNA ICH).

import { CT_LABELS, type CtLabel } from './domain';
import { countPixels, maskWords } from './mask';

/** Dice of two same-sized 0/1 masks: 2|A∩B| / (|A| + |B|), and 1 when both are empty (Kaggle's rule). */
export function dice(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError(`masks differ in size: ${a.length} and ${b.length} pixels`);
  let both = 0;
  let total = 0;
  let from = 0;
  const wordsA = maskWords(a);
  const wordsB = maskWords(b);
  if (wordsA !== null && wordsB !== null) {
    for (let w = 0; w < wordsA.length; w++) {
      if (wordsA[w] === 0 && wordsB[w] === 0) continue;
      for (let i = w << 3, end = i + 8; i < end; i++) {
        const inA = a[i] !== 0 ? 1 : 0;
        const inB = b[i] !== 0 ? 1 : 0;
        both += inA & inB;
        total += inA + inB;
      }
    }
    from = wordsA.length << 3;
  }
  for (let i = from; i < a.length; i++) {
    const inA = a[i] !== 0 ? 1 : 0;
    const inB = b[i] !== 0 ? 1 : 0;
    both += inA & inB;
    total += inA + inB;
  }
  return total === 0 ? 1 : (2 * both) / total;
}

/** One image-class pair to score; a missing prediction (null) counts as an empty mask. */
export interface DicePair {
  truth: Uint8Array;
  pred: Uint8Array | null;
  classId: number;
}

/** A mean and how many values went into it. */
export interface MeanAndCount {
  mean: number;
  count: number;
}

/** Mean Dice over all pairs (Kaggle's Severstal score) and per class; NaN means when there are no pairs. */
export interface MeanDiceResult {
  mean: number;
  perClass: Record<number, MeanAndCount>;
  count: number;
}

/** Mean Dice over every image-class pair, as Kaggle scores Severstal, with the per-class means beside it. */
export function meanDice(pairs: Iterable<DicePair>): MeanDiceResult {
  let sum = 0;
  let count = 0;
  const sums = new Map<number, { sum: number; count: number }>();
  for (const { truth, pred, classId } of pairs) {
    const score = pred === null ? (countPixels(truth) === 0 ? 1 : 0) : dice(truth, pred);
    sum += score;
    count++;
    const entry = sums.get(classId) ?? { sum: 0, count: 0 };
    entry.sum += score;
    entry.count++;
    sums.set(classId, entry);
  }
  const perClass: Record<number, MeanAndCount> = {};
  for (const classId of [...sums.keys()].sort((x, y) => x - y)) {
    const entry = sums.get(classId)!;
    perClass[classId] = { mean: entry.sum / entry.count, count: entry.count };
  }
  return { mean: count === 0 ? Number.NaN : sum / count, perClass, count };
}

/** Per-label weights of RSNA's metric, in CT_LABELS order: `any` weighs 2, the five subtypes 1. */
export const CT_LABEL_WEIGHTS: readonly number[] = CT_LABELS.map((label) => (label === 'any' ? 2 : 1));

/** RSNA clips predicted probabilities to [EPSILON, 1 - EPSILON] before taking logarithms. */
export const LOG_LOSS_EPSILON = 1e-15;

/** One slice to score: six truth values (0/1) and six predicted probabilities, both in CT_LABELS order. */
export interface LogLossRow {
  truth: ArrayLike<number>;
  pred: ArrayLike<number>;
}

/** The weighted log loss over all slices and the plain mean log loss of each label; NaN when there are no rows. */
export interface WeightedLogLossResult {
  value: number;
  perLabel: Record<CtLabel, number>;
  count: number;
}

/** Binary cross-entropy of one probability against a 0/1 truth, with RSNA's clipping. */
export function logLoss(truth: number, probability: number): number {
  const p = Math.min(Math.max(probability, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
  return -(truth * Math.log(p) + (1 - truth) * Math.log(1 - p));
}

/**
 * RSNA ICH's weighted multi-label log loss: for each slice, sum_j w_j * l_j / sum_j w_j over the six
 * labels (w = 2 for `any`, else 1), then the mean over slices.
 */
export function weightedLogLoss(rows: Iterable<LogLossRow>): WeightedLogLossResult {
  const labelCount = CT_LABELS.length;
  const weightSum = CT_LABEL_WEIGHTS.reduce((a, b) => a + b, 0);
  const labelSums = new Float64Array(labelCount);
  let sum = 0;
  let count = 0;
  for (const { truth, pred } of rows) {
    if (truth.length !== labelCount || pred.length !== labelCount) {
      throw new RangeError(`row ${count + 1} needs ${labelCount} truth and ${labelCount} predicted values in CT_LABELS order`);
    }
    let weighted = 0;
    for (let j = 0; j < labelCount; j++) {
      const loss = logLoss(truth[j], pred[j]);
      labelSums[j] += loss;
      weighted += CT_LABEL_WEIGHTS[j] * loss;
    }
    sum += weighted / weightSum;
    count++;
  }
  const perLabel = {} as Record<CtLabel, number>;
  CT_LABELS.forEach((label, j) => {
    perLabel[label] = count === 0 ? Number.NaN : labelSums[j] / count;
  });
  return { value: count === 0 ? Number.NaN : sum / count, perLabel, count };
}
