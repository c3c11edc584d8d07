// Steel queue scores that compare two sets of masks by Kaggle's rule (Dice per class, 1 when both are empty):
// `disagreement` puts the model's thresholded masks against the current label, `ensemble` puts two
// predictions of the same strip against each other (two model versions, or a model and its flipped TTA
// variant). The item's score is 1 − the mean Dice over the classes — exactly what the strip costs the
// Severstal metric, where every image-class pair counts once — and the reason names the worst class.
import { countPixels } from '../../mask';
import { dice } from '../../metrics';
import { formatPixels, formatScore } from './reason-text';
import type { QueueScore, Unscored } from './review-queue';

/** One strip's masks, index 0 = class 1; a missing (null/undefined) class is an empty mask. */
export type SteelMasks = readonly (Uint8Array | null | undefined)[];

export interface SteelMaskComparison extends QueueScore {
  score: number;
  /** Dice per class (index 0 = class 1), Kaggle's rule. */
  perClass: number[];
  /** The class with the lowest Dice (the lowest class id among equals). */
  worstClass: number;
  /** Set pixels per class on each side. */
  pixels: { first: number[]; second: number[] };
}

function compareMasks(first: SteelMasks, second: SteelMasks, classes: number): Omit<SteelMaskComparison, 'reason'> {
  const size = [...first, ...second].find((m) => m)?.length ?? 0;
  const empty = new Uint8Array(size);
  const perClass: number[] = [];
  const pixels = { first: [] as number[], second: [] as number[] };
  let worstClass = 1;
  for (let c = 0; c < classes; c++) {
    const a = first[c] ?? empty;
    const b = second[c] ?? empty;
    perClass.push(dice(a, b));
    pixels.first.push(countPixels(a));
    pixels.second.push(countPixels(b));
    if (perClass[c] < perClass[worstClass - 1]) worstClass = c + 1;
  }
  const mean = perClass.reduce((s, v) => s + v, 0) / classes;
  return { score: 1 - mean, perClass, worstClass, pixels };
}

/**
 * The model against the current label: score 1 − mean Dice over the classes; the reason names the worst
 * class with both pixel counts, "class 3: model 0 px, label 5,253 px (Dice 0.0000)". Null score when the
 * item has no label yet (unlabelled is not defect-free) or no prediction.
 */
export function steelDisagreement(model: SteelMasks | null, label: SteelMasks | null, classes = 4): SteelMaskComparison | Unscored {
  if (label === null) return { score: null, reason: 'no label yet to compare the model with' };
  if (model === null) return { score: null, reason: 'no prediction from this model' };
  const result = compareMasks(model, label, classes);
  const c = result.worstClass - 1;
  const reason =
    result.perClass[c] === 1
      ? `model and label agree on all ${classes} classes`
      : `class ${result.worstClass}: model ${formatPixels(result.pixels.first[c])}, label ${formatPixels(result.pixels.second[c])} (Dice ${formatScore(result.perClass[c])})`;
  return { ...result, reason };
}

/**
 * Two predictions of one strip against each other: score 1 − mean Dice over the classes; the reason names
 * the worst class with both pixel counts under the predictions' names, "class 1: steel-3 1,200 px, steel-2 0 px".
 */
export function steelEnsembleDisagreement(
  first: SteelMasks | null,
  second: SteelMasks | null,
  names: readonly [string, string] = ['A', 'B'],
  classes = 4,
): SteelMaskComparison | Unscored {
  if (first === null || second === null) return { score: null, reason: `no prediction from ${first === null ? names[0] : names[1]}` };
  const result = compareMasks(first, second, classes);
  const c = result.worstClass - 1;
  const reason =
    result.perClass[c] === 1
      ? `${names[0]} and ${names[1]} agree on all ${classes} classes`
      : `class ${result.worstClass}: ${names[0]} ${formatPixels(result.pixels.first[c])}, ${names[1]} ${formatPixels(result.pixels.second[c])} (Dice ${formatScore(result.perClass[c])})`;
  return { ...result, reason };
}
