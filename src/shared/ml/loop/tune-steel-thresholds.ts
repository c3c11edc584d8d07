// Tuning a steel model's post-processing on reviewed strips, from the stored probability maps (no model run):
// per class, a grid over pixel threshold × min-area × presence threshold, choosing the setting with the
// highest mean Dice (Kaggle's rule) over the reviewed strips — what the winning Severstal pipelines tuned per
// class on validation data. Every grid point gives exactly what steelMasksFromMaps would: min-area drops the
// whole class mask when it has fewer pixels (not single blobs), the presence gate drops it when the
// image-level probability is below the gate, and thresholds cut the same resized values.
//
// It is fast because a strip is read once: steelTuningStats resizes each class map once and, for every grid
// threshold at the same time, counts the mask's pixels and its overlap with the label (a histogram over the
// sorted thresholds). Min-area and the presence gate then act on those counts alone, so the whole grid costs a
// few operations per strip and point. The current setting is always on the grid and is kept unless another
// point is strictly better, so "after" is never below "before".
import { countPixels } from '../../mask';
import { resizeProbabilityMap, thresholdCut, type ProbabilityMap, type SteelPostprocessing } from '../steel-postprocess';
import type { SteelMasks } from './steel-queue-scores';

export interface SteelTuningGrid {
  /** Pixel thresholds, ascending. */
  thresholds: number[];
  /** Min-areas (pixels at strip size), ascending. */
  minAreas: number[];
  /** Presence gates, ascending; "no gate" is always tried as well. */
  presenceThresholds: number[];
}

const steps = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Number((from + i * step).toFixed(6)));

export const DEFAULT_STEEL_TUNING_GRID: SteelTuningGrid = {
  thresholds: steps(0.1, 0.9, 0.05),
  minAreas: [0, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 10000, 15000, 20000],
  presenceThresholds: steps(0.1, 0.9, 0.1),
};

const sortedUnique = (values: Iterable<number>) => [...new Set(values)].sort((a, b) => a - b);

/** The grid to search: `base` with the current setting's values added, so the current setting is a grid point. */
export function steelTuningGrid(current: SteelPostprocessing, base: SteelTuningGrid = DEFAULT_STEEL_TUNING_GRID): SteelTuningGrid {
  return {
    thresholds: sortedUnique([...base.thresholds, ...current.thresholds]),
    minAreas: sortedUnique([...base.minAreas, ...current.minArea]),
    presenceThresholds: sortedUnique([...base.presenceThresholds, ...(current.presenceThresholds ?? [])]),
  };
}

/** One reviewed strip reduced to counts per class and grid threshold. */
export interface SteelTuningStats {
  /** The image-level probability per class, or null without a presence head. */
  presence: number[] | null;
  labelPixels: number[];
  /** Per class, per grid threshold: pixels of the thresholded mask … */
  maskPixels: Int32Array[];
  /** … and of its overlap with the label. */
  overlap: Int32Array[];
}

/** Counts one strip's classes at every grid threshold (ascending) against its current label masks. */
export function steelTuningStats(
  maps: readonly ProbabilityMap[],
  presence: readonly number[] | null,
  labels: SteelMasks,
  thresholds: readonly number[],
  width: number,
  height: number,
): SteelTuningStats {
  for (let k = 1; k < thresholds.length; k++) if (!(thresholds[k] > thresholds[k - 1])) throw new RangeError('tuning thresholds must be ascending and distinct');
  const cuts = thresholds.map(thresholdCut);
  const K = cuts.length;
  const buffer = new Float64Array(width * height);
  const stats: SteelTuningStats = { presence: presence ? [...presence] : null, labelPixels: [], maskPixels: [], overlap: [] };
  maps.forEach((map, c) => {
    const label = labels[c] ?? null;
    const all = new Int32Array(K + 1); // all[n]: pixels passing exactly the n lowest cuts
    const hit = new Int32Array(K + 1);
    let max = 0;
    for (let i = 0; i < map.data.length; i++) if (map.data[i] > max) max = map.data[i];
    if (K > 0 && max >= cuts[0]) {
      const values = resizeProbabilityMap(map, width, height, buffer);
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v < cuts[0]) continue;
        let lo = 1; // cuts[0..lo) are passed
        let hi = K;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cuts[mid] <= v) lo = mid + 1;
          else hi = mid;
        }
        all[lo]++;
        if (label !== null && label[i] !== 0) hit[lo]++;
      }
    }
    const maskPixels = new Int32Array(K);
    const overlap = new Int32Array(K);
    let a = 0;
    let h = 0;
    for (let k = K - 1; k >= 0; k--) {
      a += all[k + 1];
      h += hit[k + 1];
      maskPixels[k] = a;
      overlap[k] = h;
    }
    stats.maskPixels.push(maskPixels);
    stats.overlap.push(overlap);
    stats.labelPixels.push(label === null ? 0 : countPixels(label));
  });
  return stats;
}

/** One class's setting; a null gate means none. */
export interface ClassSetting {
  threshold: number;
  minArea: number;
  presenceThreshold: number | null;
}

/** Mean Dice of one class over strips at grid threshold index `k`, min-area and gate (Kaggle rule, as steelMasksFromMaps masks). */
function meanClassDice(stats: readonly SteelTuningStats[], c: number, k: number, minArea: number, gate: number | null): number {
  let sum = 0;
  for (const s of stats) {
    const m = s.maskPixels[c][k];
    const l = s.labelPixels[c];
    const dropped = (gate !== null && s.presence !== null && s.presence[c] < gate) || m === 0 || m < minArea;
    sum += dropped ? (l === 0 ? 1 : 0) : (2 * s.overlap[c][k]) / (m + l);
  }
  return sum / stats.length;
}

function thresholdIndex(grid: SteelTuningGrid, threshold: number): number {
  const k = grid.thresholds.indexOf(threshold);
  if (k < 0) throw new RangeError(`threshold ${threshold} is not on the tuning grid; build the grid with steelTuningGrid`);
  return k;
}

/** Mean Dice per class of a full setting on the strips (every threshold must be on the grid the stats were counted with). */
export function steelSettingDice(stats: readonly SteelTuningStats[], grid: SteelTuningGrid, post: SteelPostprocessing): number[] {
  return post.thresholds.map((t, c) => meanClassDice(stats, c, thresholdIndex(grid, t), post.minArea[c] ?? 0, post.presenceThresholds?.[c] ?? null));
}

export interface ClassTuning {
  classId: number;
  before: ClassSetting & { dice: number };
  after: ClassSetting & { dice: number };
  /** The all-empty prediction's mean Dice on the class over the same strips. */
  emptyBaseline: number;
  /** Per grid threshold, the best mean Dice over min-areas and gates (and where), for plotting Dice against threshold. */
  curve: Array<ClassSetting & { dice: number }>;
}

export interface SteelTuningResult {
  /** Reviewed strips tuned on. */
  reviewed: number;
  perClass: ClassTuning[];
  /** Mean Dice over all image-class pairs before and after. */
  before: number;
  after: number;
  /** The tuned setting, ready for the model card. */
  post: SteelPostprocessing;
}

/**
 * The best setting per class on the reviewed strips' stats. Ties keep the current setting; among other equal
 * points the first in grid order wins (lowest threshold, then min-area, then no gate before the lowest gate).
 */
export function tuneSteelThresholds(stats: readonly SteelTuningStats[], grid: SteelTuningGrid, current: SteelPostprocessing): SteelTuningResult {
  if (stats.length === 0) throw new RangeError('tuning needs at least one reviewed strip with stored probability maps');
  const classes = current.thresholds.length;
  const hasPresence = stats.every((s) => s.presence !== null);
  const gates: (number | null)[] = hasPresence ? [null, ...grid.presenceThresholds] : [null];
  const perClass: ClassTuning[] = [];
  for (let c = 0; c < classes; c++) {
    const currentGate = hasPresence ? (current.presenceThresholds?.[c] ?? null) : null;
    const beforeSetting = { threshold: current.thresholds[c], minArea: current.minArea[c] ?? 0, presenceThreshold: currentGate };
    const before = { ...beforeSetting, dice: meanClassDice(stats, c, thresholdIndex(grid, beforeSetting.threshold), beforeSetting.minArea, currentGate) };
    let after = before;
    const curve: ClassTuning['curve'] = [];
    grid.thresholds.forEach((threshold, k) => {
      let best: ClassTuning['curve'][number] | null = null;
      for (const minArea of grid.minAreas) {
        for (const gate of gates) {
          const dice = meanClassDice(stats, c, k, minArea, gate);
          if (best === null || dice > best.dice) best = { threshold, minArea, presenceThreshold: gate, dice };
        }
      }
      curve.push(best!);
      if (best!.dice > after.dice) after = best!;
    });
    const emptyBaseline = stats.reduce((s, item) => s + (item.labelPixels[c] === 0 ? 1 : 0), 0) / stats.length;
    perClass.push({ classId: c + 1, before, after, emptyBaseline, curve });
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const gatesAfter = perClass.map((p) => p.after.presenceThreshold);
  const post: SteelPostprocessing = {
    thresholds: perClass.map((p) => p.after.threshold),
    minArea: perClass.map((p) => p.after.minArea),
    ...(hasPresence && (current.presenceThresholds || gatesAfter.some((g) => g !== null)) ? { presenceThresholds: gatesAfter.map((g) => g ?? 0) } : {}),
  };
  if (!hasPresence && current.presenceThresholds) post.presenceThresholds = current.presenceThresholds;
  return { reviewed: stats.length, perClass, before: mean(perClass.map((p) => p.before.dice)), after: mean(perClass.map((p) => p.after.dice)), post };
}
