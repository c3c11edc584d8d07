import { describe, expect, it } from 'vitest';
import { baselineNameOf, decideActivation } from './comparison';
import { validationFingerprint } from './validation-sets';

const score = (value: number, count = 2) => ({ value, perClass: { '1': value }, count });

describe('decideActivation', () => {
  it('refuses a version that only ties the empty baseline, in words', () => {
    const d = decideActivation('mean Dice', score(0.75), score(0.5), score(0.75), 'image');
    expect(d.activate).toBe(false);
    expect(d.reason).toBe('not activated: ties the empty baseline (0.7500 vs 0.7500) on 2 validation items');
  });

  it('names the compared version, and says what an empty validation set needs', () => {
    const d = decideActivation('weighted log loss', score(0.9), score(0.8), score(1.0), 'patient', 'ct-starter');
    expect(d.reason).toBe('not activated: has a higher loss than ct-starter (0.9000 vs 0.8000) on 2 validation items');
    expect(decideActivation('mean Dice', score(Number.NaN, 0), null, score(Number.NaN, 0), 'patient').reason).toBe(
      'not activated: no validation set yet (it needs reviewed items of at least two patients)',
    );
    expect(decideActivation('mean Dice', score(0.8), score(0.7), score(0.75), 'image')).toMatchObject({ activate: true });
    expect(baselineNameOf('weighted log loss')).toBe('the base-rate baseline');
  });
});

describe('validationFingerprint', () => {
  it('depends on the items and their labels, not on their order', () => {
    const a = validationFingerprint([{ itemId: 1, labelRevision: 10 }, { itemId: 2, labelRevision: 11 }]);
    expect(validationFingerprint([{ itemId: 2, labelRevision: 11 }, { itemId: 1, labelRevision: 10 }])).toBe(a);
    expect(validationFingerprint([{ itemId: 1, labelRevision: 12 }, { itemId: 2, labelRevision: 11 }])).not.toBe(a);
    expect(validationFingerprint([{ itemId: 1, labelRevision: 10 }])).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{12}$/);
  });
});
