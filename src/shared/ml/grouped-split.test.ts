import { describe, expect, it } from 'vitest';
import { splitByGroup, validationGroups } from './grouped-split';
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
