import { describe, expect, it } from 'vitest';
import { steelDisagreement, steelEnsembleDisagreement, type SteelMaskComparison } from './steel-queue-scores';

const size = 40;
function mask(from: number, to: number): Uint8Array {
  const m = new Uint8Array(size);
  m.fill(1, from, to);
  return m;
}

describe('steelDisagreement', () => {
  it('scores 1 − mean Dice (Kaggle rule) and names the worst class with both pixel counts', () => {
    // class 1: model {0..9}, label {5..14} → Dice 2·5/20 = 0.5; class 2: both empty → 1;
    // class 3: model empty, label 5 px → 0; class 4: equal → 1. Mean 0.625, score 0.375.
    const model = [mask(0, 10), null, null, mask(20, 30)];
    const label = [mask(5, 15), new Uint8Array(size), mask(30, 35), mask(20, 30)];
    const result = steelDisagreement(model, label) as SteelMaskComparison;
    expect(result.perClass).toEqual([0.5, 1, 0, 1]);
    expect(result.score).toBeCloseTo(0.375, 12);
    expect(result.worstClass).toBe(3);
    expect(result.reason).toBe('class 3: model 0 px, label 5 px (Dice 0.0000)');
  });

  it('scores 0 when model and label agree, empty classes included', () => {
    const result = steelDisagreement([mask(0, 3), null, null, null], [mask(0, 3), null, null, null]);
    expect(result.score).toBe(0);
    expect(result.reason).toBe('model and label agree on all 4 classes');
  });

  it('has no score for an unlabelled item or a missing prediction', () => {
    expect(steelDisagreement([mask(0, 3)], null)).toEqual({ score: null, reason: 'no label yet to compare the model with' });
    expect(steelDisagreement(null, [mask(0, 3)]).score).toBeNull();
  });

  it('writes large pixel counts with thousands separators', () => {
    const big = new Uint8Array(8000);
    big.fill(1, 0, 5253);
    const result = steelDisagreement([null, null, null, null], [null, null, big, null]);
    expect(result.reason).toBe('class 3: model 0 px, label 5,253 px (Dice 0.0000)');
  });
});

describe('steelEnsembleDisagreement', () => {
  it('compares two predictions by Kaggle Dice under their names', () => {
    // class 2: A {0..7} vs B {4..7} → 2·4/12 = 2/3; the rest both empty → 1. Score (1/3)/4.
    const result = steelEnsembleDisagreement([null, mask(0, 8), null, null], [null, mask(4, 8), null, null], ['steel-3', 'steel-2']) as SteelMaskComparison;
    expect(result.score).toBeCloseTo(1 / 12, 12);
    expect(result.worstClass).toBe(2);
    expect(result.reason).toBe('class 2: steel-3 8 px, steel-2 4 px (Dice 0.6667)');
    expect(steelEnsembleDisagreement(null, [], ['steel-3', 'steel-2']).reason).toBe('no prediction from steel-3');
  });
});
