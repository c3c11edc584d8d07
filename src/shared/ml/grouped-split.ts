// The validation split: whole groups (a CT patient, a steel image) go to validation, chosen by a seeded
// hash so the same seed always picks the same groups; nothing of a validation group is ever trained on.
import { hashString } from './random';

export interface SplitOptions {
  seed: number;
  /** Share of the groups held out for validation (0.2 by default). */
  share?: number;
}

/** The groups held out for validation: round(share × groups), at least one and never all (with ≥ 2 groups). */
export function validationGroups(groupKeys: Iterable<string>, options: SplitOptions): Set<string> {
  const groups = [...new Set(groupKeys)];
  if (groups.length < 2) return new Set();
  const share = options.share ?? 0.2;
  if (!(share > 0 && share < 1)) throw new RangeError(`validation share must be between 0 and 1, got ${share}`);
  const count = Math.min(groups.length - 1, Math.max(1, Math.round(share * groups.length)));
  const ranked = groups
    .map((key) => ({ key, rank: hashString(`${options.seed}\u0000${key}`) }))
    .sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : 1));
  return new Set(ranked.slice(0, count).map((g) => g.key));
}

/** Items split into training and validation by their group. */
export function splitByGroup<T>(items: readonly T[], groupOf: (item: T) => string, options: SplitOptions): { training: T[]; validation: T[] } {
  const held = validationGroups(items.map(groupOf), options);
  const training: T[] = [];
  const validation: T[] = [];
  for (const item of items) (held.has(groupOf(item)) ? validation : training).push(item);
  return { training, validation };
}

/**
 * k folds of whole groups for fold training: groups ranked by the same seeded hash as the validation split and
 * dealt round-robin, so every group is in exactly one fold and the folds differ in size by at most one group.
 * Returns each group's fold, 0..k-1.
 */
export function foldsOfGroups(groupKeys: Iterable<string>, folds: number, seed: number): Map<string, number> {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be a whole number from 2, got ${folds}`);
  const groups = [...new Set(groupKeys)];
  if (groups.length < folds) throw new RangeError(`${folds} folds need at least ${folds} groups, there are ${groups.length}`);
  const ranked = groups
    .map((key) => ({ key, rank: hashString(`${seed}\u0000fold\u0000${key}`) }))
    .sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : 1));
  return new Map(ranked.map((g, i) => [g.key, i % folds]));
}

/** Items in k folds by their group: fold i's validation part is its own items, its training part all the others. */
export function foldsByGroup<T>(items: readonly T[], groupOf: (item: T) => string, folds: number, seed: number): { training: T[]; validation: T[] }[] {
  const foldOf = foldsOfGroups(items.map(groupOf), folds, seed);
  return Array.from({ length: folds }, (_, f) => ({
    training: items.filter((item) => foldOf.get(groupOf(item)) !== f),
    validation: items.filter((item) => foldOf.get(groupOf(item)) === f),
  }));
}
