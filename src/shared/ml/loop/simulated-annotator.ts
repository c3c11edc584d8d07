// The simulated annotator of the label-efficiency benchmark: each round it reveals the truth of the K items a
// review strategy puts first among those still unlabelled — the review queue's own ranking (rankQueue), so the
// benchmark measures the queue people see. Items the strategy cannot score come after every scored one, in
// pool order, exactly as in the queue.
import { rankQueue, type QueueScore } from './review-queue';

/** One pool item as a strategy scored it this round. */
export interface PoolScore extends QueueScore {
  itemId: number;
}

/**
 * The next K items to label: the pool (in pool order, which breaks ties) ranked by the strategy's scores,
 * labelled items left out, the first `k` taken. Fewer when fewer are left.
 */
export function nextToLabel(scores: readonly PoolScore[], labelled: ReadonlySet<number>, k: number): PoolScore[] {
  if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`items per round must be a whole number from 0, got ${k}`);
  const open = scores.map((s, order) => ({ ...s, order })).filter((s) => !labelled.has(s.itemId));
  const byId = new Map(open.map((s) => [s.itemId, s]));
  if (byId.size !== open.length) throw new RangeError('each pool item needs exactly one score');
  return rankQueue(open, k).map((row) => ({ itemId: row.itemId, score: row.score, reason: row.reason }));
}

