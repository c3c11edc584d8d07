import { describe, expect, it } from 'vitest';
import { compareRanked, reRank, type RankKey } from './queue-ranking';
import { rankQueue } from './review-queue';
import { seededRandom } from '../random';

function keyOf(scores: Map<number, number>, orders: Map<number, number>): RankKey {
  return { score: (id) => scores.get(id)!, order: (id) => orders.get(id)! };
}

function fullRank(scores: Map<number, number>, orders: Map<number, number>): number[] {
  return rankQueue([...scores].map(([itemId, s]) => ({ itemId, order: orders.get(itemId)!, score: Number.isNaN(s) ? null : s, reason: '' }))).map((r) => r.itemId);
}

describe('compareRanked', () => {
  it('follows rankQueue: higher first, ties and unscored items in dataset order', () => {
    const key = keyOf(new Map([[1, 0.5], [2, 0.9], [3, 0.5], [4, Number.NaN], [5, Number.NaN]]), new Map([[1, 2], [2, 0], [3, 1], [4, 4], [5, 3]]));
    expect([1, 2, 3, 4, 5].sort((a, b) => compareRanked(key, a, b))).toEqual([2, 3, 1, 5, 4]);
  });
});

describe('reRank', () => {
  it('gives what ranking everything again gives, after any set of scores changed', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 50; round++) {
      const n = 1 + Math.floor(random() * 60);
      const scores = new Map<number, number>();
      const orders = new Map<number, number>();
      // Few distinct values, so that ties and unscored items are common.
      const draw = () => (random() < 0.2 ? Number.NaN : Math.floor(random() * 5) / 4);
      for (let i = 0; i < n; i++) {
        scores.set(100 + i * 3, draw());
        orders.set(100 + i * 3, Math.floor(random() * 1000));
      }
      const before = Int32Array.from(fullRank(scores, orders));
      const changed = [...scores.keys()].filter(() => random() < 0.3);
      for (const id of changed) scores.set(id, draw());
      const added = 10_000 + round;
      if (round % 5 === 0) {
        scores.set(added, draw());
        orders.set(added, 5000);
        changed.push(added);
      }
      expect(Array.from(reRank(before, changed, keyOf(scores, orders)))).toEqual(fullRank(scores, orders));
    }
  });

  it('returns the same ranking when nothing changed', () => {
    const ranked = Int32Array.from([3, 1, 2]);
    expect(reRank(ranked, [], { score: () => 0, order: () => 0 })).toBe(ranked);
  });
});
