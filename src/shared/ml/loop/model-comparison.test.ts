import { describe, expect, it } from 'vitest';
import { activationDecision, beats } from './model-comparison';

const score = (value: number, perClass: Record<string, number> = {}, count = 40) => ({ value, perClass, count });

describe('activationDecision', () => {
  it('does not activate a model that only ties the empty baseline, even when it beats its parent', () => {
    const d = activationDecision({
      metric: 'mean Dice',
      child: score(0.75, { '1': 1, '2': 0.5 }),
      parent: score(0.5, { '1': 0.6, '2': 0.4 }),
      baseline: score(0.75, { '1': 1, '2': 0.5 }),
    });
    expect(d.activate).toBe(false);
    expect(d.reason).toBe('not activated: ties the empty baseline (0.7500 vs 0.7500) on 40 validation items');
    expect(d.deltaParent).toBeCloseTo(0.25, 12);
    expect(d.perClass.map((c) => [c.key, c.child, c.parent, c.baseline, c.deltaBaseline])).toEqual([
      ['1', 1, 0.6, 1, 0],
      ['2', 0.5, 0.4, 0.5, 0],
    ]);
    expect(d.perClass[0].deltaParent).toBeCloseTo(0.4, 12);
    expect(d.perClass[1].deltaParent).toBeCloseTo(0.1, 12);
  });

  it('activates only when the child strictly beats both parent and baseline', () => {
    const d = activationDecision({ metric: 'mean Dice', child: score(0.82), parent: score(0.79), baseline: score(0.75) });
    expect(d.activate).toBe(true);
    expect(d.reason).toBe('activated: 0.8200 beats its parent (0.7900) and the empty baseline (0.7500) on 40 validation items');
    const belowParent = activationDecision({ metric: 'mean Dice', child: score(0.78), parent: score(0.79), baseline: score(0.75) });
    expect(belowParent.activate).toBe(false);
    expect(belowParent.reason).toBe('not activated: scores below its parent (0.7800 vs 0.7900) on 40 validation items');
    const tiesParent = activationDecision({ metric: 'mean Dice', child: score(0.79), parent: score(0.79 + 1e-12), baseline: score(0.75) });
    expect(tiesParent.activate).toBe(false);
  });

  it('reads lower as better for the log loss and names the base-rate baseline', () => {
    const better = activationDecision({ metric: 'weighted log loss', child: score(0.6), parent: score(2.063), baseline: score(0.959) });
    expect(better.activate).toBe(true);
    const worse = activationDecision({ metric: 'weighted log loss', child: score(1.2), parent: score(2.063), baseline: score(0.959) });
    expect(worse.reason).toBe('not activated: has a higher loss than the base-rate baseline (1.2000 vs 0.9590) on 40 validation items');
  });

  it('compares a model without parent with the baseline only', () => {
    const d = activationDecision({ metric: 'mean Dice', child: score(0.8, {}, 1), parent: null, baseline: score(0.7, {}, 1) });
    expect(d.activate).toBe(true);
    expect(d.deltaParent).toBeNull();
    expect(d.reason).toBe('activated: 0.8000 beats the empty baseline (0.7000) on 1 validation item');
  });

  it('refuses scores from different or empty validation sets', () => {
    const d = activationDecision({ metric: 'mean Dice', child: score(0.9, {}, 40), parent: score(0.5, {}, 38), baseline: score(0.7, {}, 40) });
    expect(d.activate).toBe(false);
    expect(d.reason).toBe('not activated: scored on validation sets of different sizes (40 vs 40 vs 38 items)');
    expect(activationDecision({ metric: 'mean Dice', child: score(Number.NaN, {}, 0), parent: null, baseline: score(Number.NaN, {}, 0) }).reason).toBe(
      'not activated: the validation set is empty',
    );
  });
});

describe('beats', () => {
  it('is strict and knows the direction of each metric', () => {
    expect(beats(0.8, 0.7, 'mean Dice')).toBe(true);
    expect(beats(0.7, 0.7, 'mean Dice')).toBe(false);
    expect(beats(0.7, 0.8, 'weighted log loss')).toBe(true);
    expect(beats(Number.NaN, 0.8, 'weighted log loss')).toBe(false);
  });
});
