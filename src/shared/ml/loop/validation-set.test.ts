import { describe, expect, it } from 'vitest';
import { shuffled, seededRandom } from '../random';
import { growValidationSet, type ReviewedItem } from './validation-set';

/** Slices of patients P0..P(n−1), three per patient. */
const slices = (patients: number, from = 0): ReviewedItem[] =>
  Array.from({ length: patients * 3 }, (_, i) => ({ itemId: from * 3 + i + 1, group: `P${from + Math.floor(i / 3)}` }));

describe('growValidationSet', () => {
  it('holds out whole groups, about the share asked, and repeats for a seed', () => {
    const reviewed = slices(10);
    const a = growValidationSet(reviewed, [], { seed: 3, share: 0.2 });
    expect(a.groups).toBe(2);
    expect(a.itemIds.length).toBe(6);
    const groups = new Set(a.itemIds.map((id) => reviewed.find((r) => r.itemId === id)!.group));
    for (const r of reviewed) expect(a.itemIds.includes(r.itemId)).toBe(groups.has(r.group));
    const again = growValidationSet(shuffled(reviewed, seededRandom(5)), [], { seed: 3, share: 0.2 });
    expect([...again.itemIds].sort((x, y) => x - y)).toEqual([...a.itemIds].sort((x, y) => x - y));
    expect(growValidationSet(reviewed, [], { seed: 4, share: 0.2 }).itemIds).not.toEqual(a.itemIds);
  });

  it('grows without removing anything, and keeps a group on one side', () => {
    const first = growValidationSet(slices(10), [], { seed: 3, share: 0.2 });
    // Ten more patients reviewed, plus a fourth slice of every first patient.
    const more = [...slices(20), ...Array.from({ length: 10 }, (_, p) => ({ itemId: 1000 + p, group: `P${p}` }))];
    const grown = growValidationSet(more, first.itemIds, { seed: 3, share: 0.2 });
    expect(grown.itemIds.slice(0, first.itemIds.length)).toEqual(first.itemIds);
    expect(grown.groups).toBe(4);
    expect(grown.addedGroups).toBe(2);
    const heldGroups = new Set(grown.itemIds.map((id) => more.find((r) => r.itemId === id)!.group));
    for (const r of more) expect(grown.itemIds.includes(r.itemId)).toBe(heldGroups.has(r.group));
    expect(grown.added.filter((id) => id >= 1000).length).toBe(2);
  });

  it('grows one review at a time to the same share as all at once', () => {
    let chosen: number[] = [];
    const all = slices(30);
    for (let n = 1; n <= 30; n++) chosen = growValidationSet(all.slice(0, n * 3), chosen, { seed: 9, share: 0.2 }).itemIds;
    expect(new Set(chosen.map((id) => all[id - 1].group)).size).toBe(6);
  });

  it('never holds out every group, nor a group already trained on', () => {
    expect(growValidationSet(slices(1), [], { seed: 1 }).itemIds).toEqual([]);
    expect(growValidationSet(slices(2), [], { seed: 1, share: 0.9 }).groups).toBe(1);
    const notTrained = growValidationSet(slices(5), [], { seed: 1, share: 0.2, trainedGroups: ['P0', 'P1', 'P2', 'P3'] });
    expect(notTrained.itemIds).toEqual([13, 14, 15]);
    expect(() => growValidationSet([], [], { seed: 1, share: 1 })).toThrow(/between 0 and 1/);
  });
});
