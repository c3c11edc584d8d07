// The fixed validation set of a dataset: reviewed items, held out by whole groups (a CT patient, a steel
// image) so nothing of a validation group is ever trained on, drawn with a seed, stored, and grown as new items
// are reviewed — never shrunk, so scores stay comparable across versions. Growing keeps the held-out share of
// groups: when reviewing adds groups, enough of the new ones join to bring validation back to `share` of all
// groups; the ones that join are those with the lowest seeded hash (as in grouped-split.ts), so the choice
// repeats for a seed and does not depend on the order items arrive in.
import { hashString } from '../random';

export interface ReviewedItem {
  itemId: number;
  /** The group that must never be split between training and validation: patient (CT) or image (steel). */
  group: string;
}

export interface GrowValidationOptions {
  seed: number;
  /** Share of all groups to hold out (0.2 by default). */
  share?: number;
  /** Groups a model has already been trained on: never moved into validation. */
  trainedGroups?: Iterable<string>;
}

export interface ValidationSet {
  /** Every validation item: the chosen ones first (in their order), then the added ones in input order. */
  itemIds: number[];
  /** Items added by this call: new items of validation groups, and the items of newly held-out groups. */
  added: number[];
  /** Groups held out, and how many of them this call added. */
  groups: number;
  addedGroups: number;
}

/**
 * The validation set after new reviews: every chosen item stays; a new item of a group already in validation
 * joins it; new groups join, lowest seeded hash first, until validation holds round(share × groups) groups —
 * at least one and never all of them once there are two groups. Items of `chosen` that are no longer among
 * `reviewed` stay chosen (a set is never shrunk).
 */
export function growValidationSet(reviewed: readonly ReviewedItem[], chosen: Iterable<number>, options: GrowValidationOptions): ValidationSet {
  const share = options.share ?? 0.2;
  if (!(share > 0 && share < 1)) throw new RangeError(`validation share must be between 0 and 1, got ${share}`);
  const chosenIds = [...new Set(chosen)];
  const chosenSet = new Set(chosenIds);
  const trained = new Set(options.trainedGroups ?? []);
  const groupOf = new Map(reviewed.map((r) => [r.itemId, r.group]));
  const heldGroups = new Set(chosenIds.map((id) => groupOf.get(id)).filter((g): g is string => g !== undefined));
  const allGroups = new Set(reviewed.map((r) => r.group));
  for (const g of heldGroups) allGroups.add(g);

  const target = allGroups.size < 2 ? 0 : Math.min(allGroups.size - 1, Math.max(1, Math.round(share * allGroups.size)));
  const candidates = [...allGroups]
    .filter((g) => !heldGroups.has(g) && !trained.has(g))
    .map((key) => ({ key, rank: hashString(`${options.seed}\u0000${key}`) }))
    .sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : 1));
  const newGroups = candidates.slice(0, Math.max(0, target - heldGroups.size)).map((c) => c.key);
  for (const g of newGroups) heldGroups.add(g);

  const added: number[] = [];
  for (const r of reviewed) {
    if (!chosenSet.has(r.itemId) && heldGroups.has(r.group)) {
      chosenSet.add(r.itemId);
      added.push(r.itemId);
    }
  }
  return { itemIds: [...chosenIds, ...added], added, groups: heldGroups.size, addedGroups: newGroups.length };
}
