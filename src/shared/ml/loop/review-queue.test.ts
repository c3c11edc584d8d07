import { describe, expect, it } from 'vitest';
import { datasetOrderScore, randomQueueScore, rankQueue, type QueueCandidate } from './review-queue';

const candidate = (itemId: number, order: number, score: number | null): QueueCandidate => ({ itemId, order, score, reason: `item ${itemId}` });

describe('rankQueue', () => {
  it('puts the highest score first, equal scores in dataset order, unscored items last', () => {
    const rows = rankQueue([candidate(10, 0, 0.2), candidate(11, 1, null), candidate(12, 2, 0.9), candidate(13, 3, 0.2), candidate(14, 4, Number.NaN), candidate(15, 5, 0)]);
    expect(rows.map((r) => r.itemId)).toEqual([12, 10, 13, 15, 11, 14]);
    expect(rows[0]).toEqual({ itemId: 12, score: 0.9, reason: 'item 12' });
    expect(rows[5].score).toBeNull();
  });

  it('keeps the first `limit` rows and rejects a bad limit', () => {
    expect(rankQueue([candidate(1, 0, 0.1), candidate(2, 1, 0.5), candidate(3, 2, 0.3)], 2).map((r) => r.itemId)).toEqual([2, 3]);
    expect(rankQueue([candidate(1, 0, 0.1)], 0)).toEqual([]);
    expect(() => rankQueue([], -1)).toThrow(/whole number/);
  });

  it('sorts by dataset order when every score is the same (the order strategy)', () => {
    const rows = rankQueue([3, 1, 2].map((order) => ({ itemId: 100 + order, order, ...datasetOrderScore() })));
    expect(rows.map((r) => r.itemId)).toEqual([101, 102, 103]);
    expect(rows[0].reason).toBe('dataset order');
  });
});

describe('randomQueueScore', () => {
  const ids = Array.from({ length: 50 }, (_, i) => i + 1);
  const ranked = (seed: number, from = ids) => rankQueue(from.map((id, order) => ({ itemId: id, order, ...randomQueueScore(id, seed) }))).map((r) => r.itemId);

  it('repeats for a seed, changes with it, and is not the dataset order', () => {
    expect(ranked(7)).toEqual(ranked(7));
    expect(ranked(7)).not.toEqual(ranked(8));
    expect(ranked(7)).not.toEqual(ids);
    expect(randomQueueScore(3, 7).reason).toBe('random order (seed 7)');
  });

  it('keeps the relative order of items when others are added', () => {
    const fewer = ranked(7, ids.slice(0, 30));
    expect(ranked(7).filter((id) => id <= 30)).toEqual(fewer);
  });
});
