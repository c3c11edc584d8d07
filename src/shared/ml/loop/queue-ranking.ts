// A queue's ranking kept as typed arrays for datasets of any size (752k slices): the ids in queue order, and
// after a save, only the items whose scores changed move — each is taken out and put back where rankQueue's
// rule places it (higher score first, equal scores in dataset order, unscored items last in dataset order), so
// a person's edit re-sorts nothing else. rankQueue (review-queue.ts) is the rule; this follows it exactly.

/** An item's place in the rule: its score (NaN = unscored), its dataset order and its id. */
export interface RankKey {
  score(itemId: number): number;
  order(itemId: number): number;
}

/** rankQueue's order of two items: negative when `a` comes first. */
export function compareRanked(key: RankKey, a: number, b: number): number {
  const sa = key.score(a);
  const sb = key.score(b);
  const na = Number.isNaN(sa);
  const nb = Number.isNaN(sb);
  if (na || nb) return na === nb ? key.order(a) - key.order(b) || a - b : na ? 1 : -1;
  return sb - sa || key.order(a) - key.order(b) || a - b;
}

/**
 * The ranking after the scores of `changed` items moved (`key` gives the new scores): those items are taken out
 * of `ranked` and each put back by binary search. Items not in `ranked` are added.
 */
export function reRank(ranked: Int32Array, changed: Iterable<number>, key: RankKey): Int32Array {
  const moving = new Set(changed);
  if (moving.size === 0) return ranked;
  const kept: number[] = [];
  for (let i = 0; i < ranked.length; i++) if (!moving.has(ranked[i])) kept.push(ranked[i]);
  const inserts = [...moving].sort((a, b) => compareRanked(key, a, b));
  const out = new Int32Array(kept.length + inserts.length);
  // Merge two sorted runs: the untouched items (still in rule order) and the moved ones.
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < kept.length && j < inserts.length) out[k++] = compareRanked(key, kept[i], inserts[j]) <= 0 ? kept[i++] : inserts[j++];
  while (i < kept.length) out[k++] = kept[i++];
  while (j < inserts.length) out[k++] = inserts[j++];
  return out;
}
