// The review queue: every item of a dataset ranked by how much a person's look is worth there, worst first,
// each with the reason in the user's words. The strategies' scores are computed item by item elsewhere
// (steel-queue-scores, expected-dice, ct-queue-scores, ct-series-neighbours: maps and masks are large, so a
// service streams them and keeps only the score); this module holds the two scores that need no prediction
// (random, dataset order) and the ranking itself.
import { hashString } from '../random';

/** How a queue is sorted. `random` is the baseline every other strategy is measured against. */
export type QueueStrategy = 'disagreement' | 'uncertainty' | 'ensemble' | 'random' | 'order';

export const QUEUE_STRATEGIES: readonly QueueStrategy[] = ['disagreement', 'uncertainty', 'ensemble', 'random', 'order'];

/** One item's place in a queue: higher `score` = look sooner; null when the strategy cannot score it. */
export interface QueueScore {
  score: number | null;
  /** Why the item is where it is, e.g. "class 3: model 0 px, label 5,253 px". */
  reason: string;
}

/** The answer of a strategy that cannot score an item, with the reason why. */
export interface Unscored extends QueueScore {
  score: null;
}

/** An item to rank: its id, its dataset order (position in the item list) and its score. */
export interface QueueCandidate extends QueueScore {
  itemId: number;
  order: number;
}

/** A row of a ranked queue. `score` is null for the items the strategy could not score (listed last). */
export interface QueueRow {
  itemId: number;
  score: number | null;
  reason: string;
}

/**
 * The queue, worst first: higher scores before lower, equal scores in dataset order, and the items without a
 * score (no label to compare with, no prediction) after every scored one, in dataset order. `limit` keeps the
 * first rows only.
 */
export function rankQueue(candidates: readonly QueueCandidate[], limit?: number): QueueRow[] {
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new RangeError(`queue limit must be a whole number from 0, got ${limit}`);
  const scoreOf = (c: QueueCandidate) => (c.score === null || Number.isNaN(c.score) ? null : c.score);
  const sorted = [...candidates].sort((a, b) => {
    const sa = scoreOf(a);
    const sb = scoreOf(b);
    if (sa === null || sb === null) return sa === sb ? a.order - b.order || a.itemId - b.itemId : sa === null ? 1 : -1;
    return sb - sa || a.order - b.order || a.itemId - b.itemId;
  });
  const rows = limit === undefined ? sorted : sorted.slice(0, limit);
  return rows.map((c) => ({ itemId: c.itemId, score: scoreOf(c), reason: c.reason }));
}

/**
 * The random strategy's score: a seeded hash of the item, uniform in [0, 1). It depends only on the seed and
 * the item, so an item keeps its place when others are added or removed, and the same seed repeats the queue.
 */
export function randomQueueScore(item: number | string, seed: number): QueueScore {
  return { score: hashString(`${seed}\u0000${item}`) / 4294967296, reason: `random order (seed ${seed})` };
}

/** The `order` strategy: every item scores the same, so the ranking is the dataset order. */
export function datasetOrderScore(): QueueScore {
  return { score: 0, reason: 'dataset order' };
}
