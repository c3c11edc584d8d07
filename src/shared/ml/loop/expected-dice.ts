// The steel `uncertainty` score, from the stored probability maps alone (no model run): how much Dice the
// model itself expects to lose on a strip if a person corrected it. Reading the maps as the model's own
// belief, each pixel of the resized map is defect with probability p_i (independently), and the class is on
// the strip at all with probability q (the presence head, or — without one — the largest pixel probability,
// as the pseudo-labelling rule reads presence). With M the thresholded mask (after min-area and the
// presence gate, exactly as steelMasksFromMaps makes it):
//
//   E[Dice] = (1 − q) · [M empty]  +  q · E[Dice | present]
//   E[Dice | present] ≈ 2 Σ_{i∈M} p_i / (|M| + Σ_i p_i)      (0 when M is empty: the label then has pixels)
//
// The second line is the ratio of expectations E[2|M∩L|] / E[|M| + |L|]; for masks of more than a few
// dozen pixels it is within a percent of the exact expectation (a Monte-Carlo check is in the test). The
// loss 1 − E[Dice] is highest where pixels sit near the threshold and where presence is near 0.5.
import { resizeProbabilityMap, thresholdCut, type ProbabilityMap, type SteelPostprocessing } from '../steel-postprocess';
import { formatPixels, formatProbability, formatScore } from './reason-text';
import type { QueueScore } from './review-queue';

/** What the expectation needs of one class: the thresholded mask's size, the probability mass inside it and in all. */
export interface DiceExpectationInput {
  /** |M|: pixels of the thresholded mask (0 when it is empty or dropped). */
  maskPixels: number;
  /** Σ_{i∈M} p_i. */
  probabilityInMask: number;
  /** Σ_i p_i over the whole strip: the expected defect area. */
  probabilitySum: number;
  /** q: the probability that the class is on the strip at all. */
  presence: number;
}

/** E[Dice] of the thresholded mask under the model's own probabilities (formula in the module comment). */
export function expectedDice({ maskPixels, probabilityInMask, probabilitySum, presence }: DiceExpectationInput): number {
  const q = Math.min(1, Math.max(0, presence));
  if (maskPixels === 0) return 1 - q;
  return (q * 2 * probabilityInMask) / (maskPixels + probabilitySum);
}

/** One class of a strip as the uncertainty score saw it. */
export interface ClassExpectation extends DiceExpectationInput {
  classId: number;
  expectedDice: number;
}

export interface SteelUncertainty extends QueueScore {
  score: number;
  perClass: ClassExpectation[];
  worstClass: number;
}

function largestByte(data: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < data.length; i++) if (data[i] > max) max = data[i];
  return max;
}

/** The expectation inputs of one class's map at the strip's size, with the mask made as steelMasksFromMaps makes it. */
export function classExpectation(
  map: ProbabilityMap,
  presence: number | null,
  post: SteelPostprocessing,
  c: number,
  width: number,
  height: number,
  buffer?: Float64Array,
): ClassExpectation {
  const max = largestByte(map.data);
  const q = presence ?? max / 255;
  let maskPixels = 0;
  let probabilityInMask = 0;
  let probabilitySum = 0;
  if (max > 0) {
    const values = resizeProbabilityMap(map, width, height, buffer);
    const cut = thresholdCut(post.thresholds[c]);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      probabilitySum += v;
      if (v >= cut) {
        maskPixels++;
        probabilityInMask += v;
      }
    }
    probabilitySum /= 255;
    probabilityInMask /= 255;
  }
  const gate = post.presenceThresholds?.[c];
  const gated = presence !== null && gate !== undefined && presence < gate;
  if (gated || maskPixels < (post.minArea[c] ?? 0)) {
    maskPixels = 0;
    probabilityInMask = 0;
  }
  const input = { maskPixels, probabilityInMask, probabilitySum, presence: q };
  return { classId: c + 1, ...input, expectedDice: expectedDice(input) };
}

/**
 * The strip's uncertainty score: 1 − the mean expected Dice over its classes (its expected cost to the
 * Severstal metric); the reason names the class with the lowest expectation, e.g.
 * "class 2: expected Dice 0.4100 (presence 0.48; model 1,200 px, expected 950 px)".
 */
export function steelUncertainty(
  maps: readonly ProbabilityMap[],
  presence: readonly number[] | null,
  post: SteelPostprocessing,
  width: number,
  height: number,
): SteelUncertainty {
  if (maps.length === 0) throw new RangeError('a steel prediction needs at least one probability map');
  const buffer = new Float64Array(width * height);
  const perClass = maps.map((map, c) => classExpectation(map, presence ? presence[c] : null, post, c, width, height, buffer));
  let worst = perClass[0];
  for (const e of perClass) if (e.expectedDice < worst.expectedDice) worst = e;
  const mean = perClass.reduce((s, e) => s + e.expectedDice, 0) / perClass.length;
  const reason =
    `class ${worst.classId}: expected Dice ${formatScore(worst.expectedDice)} ` +
    `(presence ${formatProbability(worst.presence)}; model ${formatPixels(worst.maskPixels)}, expected ${formatPixels(worst.probabilitySum)})`;
  return { score: 1 - mean, perClass, worstClass: worst.classId, reason };
}
