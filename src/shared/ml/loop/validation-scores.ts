// The figures the activation decision compares, made from the same per-item QA reductions on one validation
// set, so parent, child and baseline are always scored on the very same items: a model's mean Dice or weighted
// log loss (overall and per class), the all-empty steel prediction, and the constant base-rate CT prediction.
// The CT baseline predicts each label's prevalence on the scored set unless rates are given (e.g. the training
// set's, or RSNA_TRAINING_BASE_RATES): the prevalence on the set itself is the best constant there, the
// strictest baseline to beat.
import { bitsToLabels, type SubtypeBits } from '../../ct-labels';
import { CT_LABELS } from '../../domain';
import { weightedLogLoss } from '../../metrics';
import type { ValidationScore } from './model-comparison';

/** A steel model's score from its per-item Dice (steelItemQa's `dice`), classes keyed "1".."4". */
export function steelValidationScore(items: readonly { dice: readonly number[] }[], classes = 4): ValidationScore {
  const n = items.length;
  const perClass: Record<string, number> = {};
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    const classSum = items.reduce((s, item) => s + item.dice[c], 0);
    perClass[String(c + 1)] = n ? classSum / n : Number.NaN;
    sum += classSum;
  }
  return { value: n ? sum / (n * classes) : Number.NaN, perClass, count: n };
}

/** The all-empty prediction on the same strips: Dice 1 where the label has no pixels of the class, else 0. */
export function steelEmptyBaseline(items: readonly { labelPixels: readonly number[] }[], classes = 4): ValidationScore {
  return steelValidationScore(
    items.map((item) => ({ dice: Array.from({ length: classes }, (_, c) => (item.labelPixels[c] === 0 ? 1 : 0)) })),
    classes,
  );
}

/** A CT model's weighted log loss on slices, per label keyed by label name. */
export function ctValidationScore(items: readonly { labelBits: SubtypeBits; probabilities: ArrayLike<number> }[]): ValidationScore {
  const result = weightedLogLoss(items.map((i) => ({ truth: bitsToLabels(i.labelBits), pred: i.probabilities })));
  return { value: result.value, perClass: { ...result.perLabel }, count: result.count };
}

/** The constant base-rate prediction on the same slices: `rates` (CT_LABELS order), else each label's prevalence there. */
export function ctBaseRateBaseline(labelBits: readonly SubtypeBits[], rates?: readonly number[]): ValidationScore {
  const truths = labelBits.map(bitsToLabels);
  const constant =
    rates ?? CT_LABELS.map((_, j) => (truths.length ? truths.reduce((s, t) => s + t[j], 0) / truths.length : Number.NaN));
  if (constant.length !== CT_LABELS.length) throw new RangeError(`base rates need ${CT_LABELS.length} values in CT_LABELS order, got ${constant.length}`);
  return ctValidationScore(labelBits.map((bits) => ({ labelBits: bits, probabilities: constant })));
}
