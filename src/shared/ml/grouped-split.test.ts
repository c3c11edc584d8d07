import { describe, expect, it } from 'vitest';
import { foldsByGroup, foldsOfGroups, splitByGroup, validationGroups } from './grouped-split';
import { seededRandom, shuffled } from './random';

describe('grouped validation split', () => {
  const slices = Array.from({ length: 60 }, (_, i) => ({ id: i, patient: `P${i % 12}` }));

  it('keeps every patient on one side and holds out about the share asked', () => {
    const { training, validation } = splitByGroup(slices, (s) => s.patient, { seed: 7, share: 0.25 });
    const trainingPatients = new Set(training.map((s) => s.patient));
    const validationPatients = new Set(validation.map((s) => s.patient));
    expect([...validationPatients].filter((p) => trainingPatients.has(p))).toEqual([]);
    expect(validationPatients.size).toBe(3);
    expect(training.length + validation.length).toBe(60);
  });

  it('is fixed by the seed and changes with it', () => {
    const a = validationGroups(slices.map((s) => s.patient), { seed: 1 });
    const b = validationGroups(shuffled(slices, seededRandom(3)).map((s) => s.patient), { seed: 1 });
    const c = validationGroups(slices.map((s) => s.patient), { seed: 2 });
    expect([...a].sort()).toEqual([...b].sort());
    expect([...a].sort()).not.toEqual([...c].sort());
  });

  it('holds out at least one group and never all of them', () => {
    expect(validationGroups(['a', 'b'], { seed: 1, share: 0.01 }).size).toBe(1);
    expect(validationGroups(['a', 'b'], { seed: 1, share: 0.99 }).size).toBe(1);
    expect(validationGroups(['a', 'a'], { seed: 1 }).size).toBe(0);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('fold split', () => {
  const slices = Array.from({ length: 70 }, (_, i) => ({ id: i, patient: `P${(i * 7) % 11}` }));

  it('puts every group in exactly one fold’s validation part, and trains each fold on the others', () => {
    const folds = foldsByGroup(slices, (s) => s.patient, 4, 3);
    expect(folds).toHaveLength(4);
    const seen = new Map<string, number>();
    folds.forEach((fold, f) => {
      for (const s of fold.validation) {
        expect(seen.get(s.patient) ?? f).toBe(f); // no group in two folds' validation parts
        seen.set(s.patient, f);
      }
      const held = new Set(fold.validation.map((s) => s.patient));
      expect(fold.training.filter((s) => held.has(s.patient))).toEqual([]);
      expect(fold.training.length + fold.validation.length).toBe(70);
    });
    expect(seen.size).toBe(11);
    expect(folds.reduce((n, f) => n + f.validation.length, 0)).toBe(70);
    // 11 groups dealt round-robin into 4 folds: 3, 3, 3, 2 groups.
    expect(folds.map((f) => new Set(f.validation.map((s) => s.patient)).size).sort()).toEqual([2, 3, 3, 3]);
  });

  it('is fixed by the seed, whatever the items’ order, and refuses too few groups', () => {
    const a = foldsOfGroups(slices.map((s) => s.patient), 3, 5);
    const b = foldsOfGroups(shuffled(slices, seededRandom(9)).map((s) => s.patient), 3, 5);
    expect([...b].sort()).toEqual([...a].sort());
    expect(() => foldsOfGroups(['a', 'b'], 3, 1)).toThrow(/3 folds need at least 3 groups, there are 2/);
    expect(() => foldsOfGroups(['a', 'b'], 1, 1)).toThrow(/from 2/);
  });
});
