import { describe, expect, it } from 'vitest';
import { equalLengthBatches, orderedSeries, type SequencedSlice } from './series-sequences';
import { seededRandom, shuffled } from './random';

const slice = (itemId: number, series: string | undefined, order: number, key = `k${itemId}`): SequencedSlice => ({ itemId, key, series, order });

describe('orderedSeries', () => {
  const slices = [slice(1, 'A', 3), slice(2, 'A', 1), slice(3, 'B', 0), slice(4, 'A', 2), slice(5, 'B', 9), slice(6, undefined, 5)];

  it('groups by series, orders each by the dataset order and the series by their first slice', () => {
    expect(orderedSeries(slices).map((s) => s.map((x) => x.itemId))).toEqual([[3, 5], [2, 4, 1], [6]]);
  });

  it('gives the same sequences whatever order the slices come in', () => {
    const expected = orderedSeries(slices).map((s) => s.map((x) => x.itemId));
    for (let seed = 1; seed <= 5; seed++) {
      expect(orderedSeries(shuffled(slices, seededRandom(seed))).map((s) => s.map((x) => x.itemId))).toEqual(expected);
    }
  });

  it('breaks ties of order by key, and makes each slice without a series a series of its own', () => {
    const out = orderedSeries([slice(1, 'A', 0, 'b'), slice(2, 'A', 0, 'a'), slice(3, undefined, 1), slice(4, undefined, 2)]);
    expect(out.map((s) => s.map((x) => x.itemId))).toEqual([[2, 1], [3], [4]]);
  });
});

describe('equalLengthBatches', () => {
  it('batches series of one length, at most size each, longest first', () => {
    const series = [[1, 2], [3], [4, 5], [6, 7], [8, 9, 10]];
    expect(equalLengthBatches(series, 2)).toEqual([[[8, 9, 10]], [[1, 2], [4, 5]], [[6, 7]], [[3]]]);
  });
});
