import { describe, expect, it } from 'vitest';
import { decodeSeriesOverview, encodeSeriesOverview, pageStartOf, type SliceSummary } from './ct-series-overview';

const slices: SliceSummary[] = [
  { itemId: 17, bits: null, review: 'unreviewed', probabilities: null },
  { itemId: 18, bits: 0, review: 'approved', probabilities: [0, 1, 0.5, 0.25, 0.1234, 0.9999] },
  { itemId: 12, bits: 31, review: 'flagged', probabilities: null },
  { itemId: 1_000_000, bits: 16, review: 'in_progress', probabilities: [1, 1, 1, 1, 1, 1] },
];

describe('series overview', () => {
  it('round-trips ids, labels and reviews exactly, and probabilities to 1/4095', () => {
    const decoded = decodeSeriesOverview(encodeSeriesOverview(slices));
    expect(decoded.itemIds).toEqual([17, 18, 12, 1_000_000]);
    expect(decoded.bits).toEqual([null, 0, 31, 16]);
    expect(decoded.reviews).toEqual(['unreviewed', 'approved', 'flagged', 'in_progress']);
    expect(decoded.probabilities[0]).toBeNull();
    expect(decoded.probabilities[2]).toBeNull();
    decoded.probabilities[1]!.forEach((p, i) => expect(Math.abs(p - slices[1].probabilities![i])).toBeLessThanOrEqual(0.5 / 4095));
    expect(decoded.probabilities[3]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('is compact: a series imported in order costs a few bytes a slice', () => {
    const long = Array.from({ length: 100_000 }, (_, i): SliceSummary => ({ itemId: 5000 + i, bits: i % 9 === 0 ? 2 : 0, review: 'unreviewed', probabilities: null }));
    const overview = encodeSeriesOverview(long);
    expect(JSON.stringify(overview).length).toBeLessThan(100_000 * 5);
    expect(overview.probabilities).toBeNull();
    const decoded = decodeSeriesOverview(overview);
    expect(decoded.itemIds[99_999]).toBe(104_999);
    expect(decoded.bits[9]).toBe(2);
  });

  it('handles an empty series and refuses parts that disagree', () => {
    expect(decodeSeriesOverview(encodeSeriesOverview([]))).toEqual({ itemIds: [], bits: [], reviews: [], probabilities: [] });
    expect(() => decodeSeriesOverview({ itemIds: '1,1', bits: '0', reviews: 'uu', probabilities: null })).toThrow(/2 item ids, 1 labels/);
  });

  it('finds the page of a slice', () => {
    expect([0, 499, 500, 1234].map((i) => pageStartOf(i))).toEqual([0, 0, 500, 1000]);
    expect(pageStartOf(7, 3)).toBe(6);
  });
});
