// A CT slice seldom has a haemorrhage its two neighbours both lack (or lacks one they both show): bleeds span
// several contiguous slices. So a slice whose thresholded labels differ from both neighbours in its ordered
// series (series-order.ts) is likely a model error or a label slip, and the uncertainty queue raises it.
// These functions work over one series in slice order.
import { CT_LABELS } from '../../domain';
import { ctUncertainty, NEIGHBOUR_DISAGREEMENT_BOOST, type CtSliceScore, type IsolatedLabel } from './ct-queue-scores';
import type { Unscored } from './review-queue';

/** The six labels a prediction says yes to: p ≥ the label's threshold (0.5 unless given), CT_LABELS order. */
export function thresholdedLabels(probabilities: ArrayLike<number>, thresholds?: readonly number[]): boolean[] {
  return CT_LABELS.map((_, j) => probabilities[j] >= (thresholds?.[j] ?? 0.5));
}

/**
 * Per slice of an ordered series, the labels whose thresholded value differs from both the previous and the
 * next slice. The first and last slices (one neighbour) and slices next to one without a prediction (null)
 * are never flagged: "both neighbours" must both be there.
 */
export function isolatedLabels(series: readonly (ArrayLike<number> | null)[], thresholds?: readonly number[]): IsolatedLabel[][] {
  const yes = series.map((p) => (p === null ? null : thresholdedLabels(p, thresholds)));
  return yes.map((here, i) => {
    const before = yes[i - 1];
    const after = yes[i + 1];
    if (!here || !before || !after) return [];
    const out: IsolatedLabel[] = [];
    CT_LABELS.forEach((label, j) => {
      if (here[j] !== before[j] && here[j] !== after[j]) out.push({ label, here: here[j] });
    });
    return out;
  });
}

/** One slice of a series to score: its item and the model's six probabilities (null: not predicted). */
export interface SeriesSlice {
  itemId: number;
  probabilities: ArrayLike<number> | null;
}

/** The uncertainty score of every slice of one ordered series, with the neighbour check applied. */
export function ctSeriesUncertainty(
  series: readonly SeriesSlice[],
  options: { thresholds?: readonly number[]; boost?: number } = {},
): Array<(CtSliceScore | Unscored) & { itemId: number; isolated: IsolatedLabel[] }> {
  const isolated = isolatedLabels(series.map((s) => s.probabilities), options.thresholds);
  return series.map((s, i) => ({
    itemId: s.itemId,
    isolated: isolated[i],
    ...ctUncertainty(s.probabilities, isolated[i], options.boost ?? NEIGHBOUR_DISAGREEMENT_BOOST),
  }));
}
