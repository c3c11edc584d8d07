import { describe, expect, it } from 'vitest';
import { nextToLabel, type PoolScore } from './simulated-annotator';
import { randomQueueScore } from './review-queue';

const scored = (id: number, score: number | null): PoolScore => ({ itemId: id, score, reason: `item ${id}` });

describe('nextToLabel', () => {
  it('takes the K highest scores among the unlabelled items', () => {
    const pool = [scored(1, 0.2), scored(2, 0.9), scored(3, 0.5), scored(4, 0.95), scored(5, 0.1)];
    // 4 is already labelled: the next two are 2 (0.9) and 3 (0.5).
    expect(nextToLabel(pool, new Set([4]), 2).map((s) => s.itemId)).toEqual([2, 3]);
    expect(nextToLabel(pool, new Set(), 3).map((s) => s.itemId)).toEqual([4, 2, 3]);
  });

  it('breaks ties by pool order and puts unscored items last', () => {
    const pool = [scored(7, null), scored(3, 0.5), scored(9, 0.5), scored(1, null), scored(2, 0.1)];
    expect(nextToLabel(pool, new Set(), 5).map((s) => s.itemId)).toEqual([3, 9, 2, 7, 1]);
  });

  it('returns fewer items when fewer are left, and keeps each reason', () => {
    const pool = [scored(1, 0.2), scored(2, 0.3)];
    const next = nextToLabel(pool, new Set([1]), 4);
    expect(next).toEqual([{ itemId: 2, score: 0.3, reason: 'item 2' }]);
    expect(nextToLabel(pool, new Set([1, 2]), 4)).toEqual([]);
  });

  it('follows a seeded random queue: the same seed gives the same rounds, another seed others', () => {
    const pool = (seed: number) => Array.from({ length: 50 }, (_, i) => ({ itemId: i, ...randomQueueScore(i, seed) }));
    const first = nextToLabel(pool(3), new Set(), 10).map((s) => s.itemId);
    expect(nextToLabel(pool(3), new Set(), 10).map((s) => s.itemId)).toEqual(first);
    expect(nextToLabel(pool(4), new Set(), 10).map((s) => s.itemId)).not.toEqual(first);
    // A second round continues the same queue past the items labelled in the first.
    const second = nextToLabel(pool(3), new Set(first), 10).map((s) => s.itemId);
    expect(nextToLabel(pool(3), new Set(), 20).map((s) => s.itemId)).toEqual([...first, ...second]);
  });

  it('refuses a bad K and duplicate pool items', () => {
    expect(() => nextToLabel([scored(1, 0)], new Set(), -1)).toThrow(/whole number/);
    expect(() => nextToLabel([scored(1, 0)], new Set(), 1.5)).toThrow(/whole number/);
    expect(() => nextToLabel([scored(1, 0), scored(1, 1)], new Set(), 1)).toThrow(/exactly one score/);
  });
});
