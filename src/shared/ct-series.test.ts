import { describe, expect, it } from 'vitest';
import {
  applyRangeEdit,
  buildSeriesTree,
  changedSlices,
  flattenSeries,
  nextSeriesToReview,
  nextUnreviewedSeries,
  parseModelProbabilities,
  prefetchOrder,
  rangeGesture,
  reviewProgress,
  type SeriesSummary,
} from './ct-series';
import { anyOf, bitsToLabels, copyFromPrevious, subtypeBit } from './ct-labels';

const series = (patientId: string, studyUid: string, seriesUid: string, slices: number, reviewed: number, firstItemId: number): SeriesSummary => ({
  patientId,
  studyUid,
  seriesUid,
  studyDescription: `study ${studyUid}`,
  seriesDescription: `series ${seriesUid}`,
  slices,
  reviewed,
  flagged: 0,
  labelled: slices,
  positive: 0,
  firstItemId,
});

const SERIES = [
  series('P1', 'S1', 'A', 10, 10, 1),
  series('P1', 'S1', 'B', 5, 2, 11),
  series('P1', 'S2', 'C', 4, 0, 16),
  series('P2', 'S3', 'D', 6, 6, 20),
];

describe('buildSeriesTree', () => {
  it('groups series under study and patient in display order, with counts that add up', () => {
    const tree = buildSeriesTree(SERIES);
    expect(tree.map((p) => p.patientId)).toEqual(['P1', 'P2']);
    expect(tree[0].studies.map((s) => s.studyUid)).toEqual(['S1', 'S2']);
    expect(tree[0].studies[0].series.map((s) => s.seriesUid)).toEqual(['A', 'B']);
    expect(tree[0]).toMatchObject({ slices: 19, reviewed: 12 });
    expect(tree[0].studies[0]).toMatchObject({ slices: 15, reviewed: 12, description: 'study S1' });
    expect(flattenSeries(tree).map((s) => s.seriesUid)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('keeps two patients apart even when their study UIDs collide', () => {
    const tree = buildSeriesTree([series('P1', 'S', 'A', 1, 0, 1), series('P2', 'S', 'B', 1, 0, 2)]);
    expect(tree.map((p) => p.studies.length)).toEqual([1, 1]);
  });
});

describe('nextSeriesToReview', () => {
  const tree = buildSeriesTree(SERIES);

  it('says when N went past the last series back to the first, and when it stays on the current one', () => {
    expect(nextSeriesToReview(tree, 'B')).toMatchObject({ series: { seriesUid: 'C' }, wrapped: false });
    expect(nextSeriesToReview(tree, 'C')).toMatchObject({ series: { seriesUid: 'B' }, wrapped: true });
    expect(nextSeriesToReview(tree, null)).toMatchObject({ series: { seriesUid: 'B' }, wrapped: false });
    const one = buildSeriesTree([series('P', 'S', 'A', 3, 3, 1), series('P', 'S', 'B', 3, 1, 4)]);
    expect(nextSeriesToReview(one, 'B')).toMatchObject({ series: { seriesUid: 'B' }, wrapped: true });
    expect(nextSeriesToReview(buildSeriesTree([series('P', 'S', 'A', 3, 3, 1)]), 'A')).toBeNull();
  });

  it('goes backwards for Shift+N, wrapping past the first series to the last', () => {
    expect(nextSeriesToReview(tree, 'C', 'previous')).toMatchObject({ series: { seriesUid: 'B' }, wrapped: false });
    expect(nextSeriesToReview(tree, 'B', 'previous')).toMatchObject({ series: { seriesUid: 'C' }, wrapped: true });
    expect(nextSeriesToReview(tree, 'A', 'previous')).toMatchObject({ series: { seriesUid: 'C' }, wrapped: true });
    expect(nextSeriesToReview(tree, null, 'previous')).toMatchObject({ series: { seriesUid: 'C' }, wrapped: false });
  });
});

describe('nextUnreviewedSeries', () => {
  const tree = buildSeriesTree(SERIES);

  it('is the next series in display order with a slice left to review', () => {
    expect(nextUnreviewedSeries(tree, 'A')?.seriesUid).toBe('B');
    expect(nextUnreviewedSeries(tree, 'B')?.seriesUid).toBe('C');
    expect(nextUnreviewedSeries(tree, null)?.seriesUid).toBe('B');
  });

  it('wraps around to the start, and returns to the current series when it is the one left', () => {
    expect(nextUnreviewedSeries(tree, 'D')?.seriesUid).toBe('B');
    const one = buildSeriesTree([series('P', 'S', 'A', 3, 3, 1), series('P', 'S', 'B', 3, 1, 4)]);
    expect(nextUnreviewedSeries(one, 'B')?.seriesUid).toBe('B');
  });

  it('is null when every slice is reviewed', () => {
    expect(nextUnreviewedSeries(buildSeriesTree([series('P', 'S', 'A', 3, 3, 1)]), 'A')).toBeNull();
    expect(nextUnreviewedSeries([], null)).toBeNull();
  });
});

describe('prefetchOrder', () => {
  it('lists the nearest slices first, more ahead than behind', () => {
    expect(prefetchOrder(10, 60, 3, 1, 1)).toEqual([11, 9, 12, 13]);
    expect(prefetchOrder(10, 60, 3, 1, -1)).toEqual([9, 11, 8, 7]);
  });

  it('stays inside the series and never lists the current slice', () => {
    expect(prefetchOrder(0, 3, 5, 5, 1)).toEqual([1, 2]);
    expect(prefetchOrder(2, 3, 5, 5, 1)).toEqual([1, 0]);
    expect(prefetchOrder(0, 1, 4, 4)).toEqual([]);
  });
});

describe('parseModelProbabilities', () => {
  it('reads a JSON array of six probabilities in CT_LABELS order', () => {
    expect(parseModelProbabilities('[0.1,0.9,0,0,0.2,0.95]')).toEqual([0.1, 0.9, 0, 0, 0.2, 0.95]);
  });

  it('reads an object keyed by label', () => {
    const payload = JSON.stringify({ epidural: 0.1, intraparenchymal: 0.2, intraventricular: 0, subarachnoid: 0, subdural: 0.3, any: 0.4 });
    expect(parseModelProbabilities(payload)).toEqual([0.1, 0.2, 0, 0, 0.3, 0.4]);
  });

  it('raises any to the largest subtype', () => {
    expect(parseModelProbabilities('[0.1,0.9,0,0,0.2,0.5]')?.[5]).toBe(0.9);
  });

  it('is null for bit masks, broken JSON, wrong lengths and values outside 0..1', () => {
    for (const payload of ['3', '', '[0.1,0.2]', '[0,0,0,0,0,1.5]', '{"any":0.2}', '[0,0,0,0,0,', 'null']) {
      expect(parseModelProbabilities(payload)).toBeNull();
    }
  });
});

describe('range gestures on the strip', () => {
  const IPH = subtypeBit('intraparenchymal');
  const SDH = subtypeBit('subdural');

  it('switches a subtype on over the range when the starting slice lacks it, leaving other subtypes', () => {
    const before = [0, SDH, 0, 0, IPH];
    const edit = rangeGesture(before, 'intraparenchymal', 3, 1);
    expect(edit).toEqual({ subtype: 'intraparenchymal', from: 1, to: 3, on: true });
    const after = applyRangeEdit(before, edit);
    expect(after).toEqual([0, SDH | IPH, IPH, IPH, IPH]);
    expect(before).toEqual([0, SDH, 0, 0, IPH]);
    expect(changedSlices(before, after)).toEqual([1, 2, 3]);
  });

  it('switches it off over the range when the starting slice has it', () => {
    const before = [IPH, IPH | SDH, IPH, 0];
    const after = applyRangeEdit(before, rangeGesture(before, 'intraparenchymal', 0, 3));
    expect(after).toEqual([0, SDH, 0, 0]);
    expect(changedSlices(before, after)).toEqual([0, 1, 2]);
  });

  it('keeps any = OR of the five on every slice it touches', () => {
    const before = [0, 0, SDH];
    const on = applyRangeEdit(before, rangeGesture(before, 'epidural', 0, 2));
    expect(on.map((b) => bitsToLabels(b)[5])).toEqual([1, 1, 1]);
    const off = applyRangeEdit(on, { subtype: 'epidural', from: 0, to: 2, on: false });
    expect(off.map((b) => anyOf(bitsToLabels(b)))).toEqual([false, false, true]);
  });

  it('copies the previous slice and reports that one slice changed', () => {
    const before = [IPH | SDH, 0, SDH];
    const after = copyFromPrevious(before, 1);
    expect(changedSlices(before, after)).toEqual([1]);
    expect(after[1]).toBe(IPH | SDH);
  });

  it('refuses to compare series of different lengths', () => {
    expect(() => changedSlices([0], [0, 0])).toThrow(RangeError);
  });
});

describe('reviewProgress', () => {
  it('is the reviewed share, 1 for an empty series', () => {
    expect(reviewProgress({ slices: 4, reviewed: 1 })).toBe(0.25);
    expect(reviewProgress({ slices: 0, reviewed: 0 })).toBe(1);
  });
});
