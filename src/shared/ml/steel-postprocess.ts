// From a steel model's output to defect masks: each class's probability map (row-major, one byte per pixel
// at the model's resolution) is resized bilinearly to the strip, thresholded, and dropped when it is
// smaller than the class's min-area or when the image-level head says the class is absent. The result is
// a column-major 0/1 mask (the Kaggle RLE order, see mask.ts).
import { countPixels } from '../mask';

export interface SteelPostprocessing {
  /** Per class (index 0 = class 1): a pixel is defect when its probability reaches the threshold. */
  thresholds: readonly number[];
  /** Per class: masks with fewer pixels than this (at full resolution) are dropped. */
  minArea: readonly number[];
  /** Per class: the mask is dropped when the image-level probability is below this. */
  presenceThresholds?: readonly number[];
}

export interface ProbabilityMap {
  /** Row-major (index y × width + x), p × 255 per pixel. */
  data: Uint8Array;
  width: number;
  height: number;
}

/** Source index and weight pairs for resizing `from` samples to `to` with pixel-centre alignment. */
function axisWeights(from: number, to: number): { lo: Int32Array; hi: Int32Array; t: Float32Array } {
  const lo = new Int32Array(to);
  const hi = new Int32Array(to);
  const t = new Float32Array(to);
  const scale = from / to;
  for (let i = 0; i < to; i++) {
    const s = Math.min(from - 1, Math.max(0, (i + 0.5) * scale - 0.5));
    lo[i] = Math.floor(s);
    hi[i] = Math.min(from - 1, lo[i] + 1);
    t[i] = s - lo[i];
  }
  return { lo, hi, t };
}

/** The largest byte of a map: a map that never reaches the threshold gives an empty mask without resizing. */
function maxByte(data: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < data.length; i++) if (data[i] > max) max = data[i];
  return max;
}

/**
 * The column-major mask (width × height) of the pixels whose bilinearly resized probability reaches
 * `threshold`. Writes into `out` when given.
 */
export function thresholdProbabilityMap(map: ProbabilityMap, width: number, height: number, threshold: number, out?: Uint8Array): Uint8Array {
  const mask = out ?? new Uint8Array(width * height);
  mask.fill(0);
  const cut = thresholdCut(threshold); // interpolated bytes at or above this pass
  if (maxByte(map.data) < cut) return mask;
  const xs = axisWeights(map.width, width);
  const ys = axisWeights(map.height, height);
  const src = map.data;
  const w = map.width;
  for (let x = 0; x < width; x++) {
    const x0 = xs.lo[x];
    const x1 = xs.hi[x];
    const tx = xs.t[x];
    const column = x * height;
    for (let y = 0; y < height; y++) {
      const r0 = ys.lo[y] * w;
      const r1 = ys.hi[y] * w;
      const top = src[r0 + x0] + (src[r0 + x1] - src[r0 + x0]) * tx;
      const bottom = src[r1 + x0] + (src[r1 + x1] - src[r1 + x0]) * tx;
      if (top + (bottom - top) * ys.t[y] >= cut) mask[column + y] = 1;
    }
  }
  return mask;
}

/**
 * The bilinearly resized map itself, column-major (width × height), in byte units (p × 255): the values
 * thresholdProbabilityMap compares, by the same arithmetic, so `value >= threshold × 255 − 1e-6` gives exactly
 * its mask. For work that needs every threshold at once (tuning) or the probabilities themselves (expected
 * Dice). Writes into `out` when given.
 */
export function resizeProbabilityMap(map: ProbabilityMap, width: number, height: number, out?: Float64Array): Float64Array {
  const values = out ?? new Float64Array(width * height);
  if (values.length !== width * height) throw new RangeError(`output has ${values.length} values, expected ${width}x${height}`);
  const xs = axisWeights(map.width, width);
  const ys = axisWeights(map.height, height);
  const src = map.data;
  const w = map.width;
  for (let x = 0; x < width; x++) {
    const x0 = xs.lo[x];
    const x1 = xs.hi[x];
    const tx = xs.t[x];
    const column = x * height;
    for (let y = 0; y < height; y++) {
      const r0 = ys.lo[y] * w;
      const r1 = ys.hi[y] * w;
      const top = src[r0 + x0] + (src[r0 + x1] - src[r0 + x0]) * tx;
      const bottom = src[r1 + x0] + (src[r1 + x1] - src[r1 + x0]) * tx;
      values[column + y] = top + (bottom - top) * ys.t[y];
    }
  }
  return values;
}

/** The byte value a resized probability must reach to pass `threshold` (the cut thresholdProbabilityMap uses). */
export function thresholdCut(threshold: number): number {
  return threshold * 255 - 1e-6;
}

/** Why a class's mask came out empty, for the UI and reports. */
export type EmptyReason = 'below-threshold' | 'below-min-area' | 'absent-by-presence' | null;

export interface SteelMask {
  classId: number;
  mask: Uint8Array;
  pixels: number;
  emptyBecause: EmptyReason;
}

/** The four defect masks of one strip from its four probability maps (and presence probabilities). */
export function steelMasksFromMaps(
  maps: readonly ProbabilityMap[],
  presence: readonly number[] | null,
  post: SteelPostprocessing,
  width: number,
  height: number,
): SteelMask[] {
  return maps.map((map, c) => {
    const classId = c + 1;
    const gate = post.presenceThresholds?.[c];
    if (presence && gate !== undefined && presence[c] < gate) {
      return { classId, mask: new Uint8Array(width * height), pixels: 0, emptyBecause: 'absent-by-presence' };
    }
    const mask = thresholdProbabilityMap(map, width, height, post.thresholds[c]);
    const pixels = countPixels(mask);
    if (pixels === 0) return { classId, mask, pixels, emptyBecause: 'below-threshold' };
    if (pixels < (post.minArea[c] ?? 0)) {
      mask.fill(0);
      return { classId, mask, pixels: 0, emptyBecause: 'below-min-area' };
    }
    return { classId, mask, pixels, emptyBecause: null };
  });
}

/** Checks a post-processing setting: four thresholds in [0, 1], four whole min-areas ≥ 0. */
export function checkSteelPostprocessing(post: SteelPostprocessing): void {
  const four = (name: string, values: readonly number[] | undefined, ok: (v: number) => boolean) => {
    if (values === undefined) return;
    if (values.length !== 4 || !values.every(ok)) throw new RangeError(`${name} needs four values (classes 1–4), got [${values.join(', ')}]`);
  };
  four('thresholds', post.thresholds, (v) => v >= 0 && v <= 1);
  four('presence thresholds', post.presenceThresholds, (v) => v >= 0 && v <= 1);
  four('min-area', post.minArea, (v) => Number.isInteger(v) && v >= 0);
}
