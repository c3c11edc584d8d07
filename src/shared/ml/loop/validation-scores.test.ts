import { describe, expect, it } from 'vitest';
import { activationDecision } from './model-comparison';
import { ctBaseRateBaseline, ctValidationScore, steelEmptyBaseline, steelValidationScore } from './validation-scores';
import { steelItemQa } from './steel-qa';
import { RSNA_TRAINING_BASE_RATES } from './ct-qa';

describe('steel validation scores', () => {
  const m = (from: number, to: number) => {
    const mask = new Uint8Array(10);
    mask.fill(1, from, to);
    return mask;
  };
  const labels = [
    [null, null, m(0, 4), null],
    [null, null, null, null],
  ];

  it('scores a model and the all-empty prediction on the same strips', () => {
    // Model A predicts nothing: it must score exactly the empty baseline, and so must not be activated.
    const empty = labels.map((label, i) => steelItemQa(i, [null, null, null, null], label));
    const child = steelValidationScore(empty);
    const baseline = steelEmptyBaseline(empty);
    expect(child).toEqual({ value: 7 / 8, perClass: { '1': 1, '2': 1, '3': 0.5, '4': 1 }, count: 2 });
    expect(baseline).toEqual(child);
    const parent = steelValidationScore(labels.map((label, i) => steelItemQa(i, [m(0, 10), null, null, null], label)));
    expect(parent.value).toBe(5 / 8);
    expect(activationDecision({ metric: 'mean Dice', child, parent, baseline }).reason).toBe(
      'not activated: ties the empty baseline (0.8750 vs 0.8750) on 2 validation items',
    );
  });
});

describe('CT validation scores', () => {
  it('scores the base-rate prediction by prevalence on the set, or by given rates', () => {
    const bits = [1 << 4, 0];
    const baseline = ctBaseRateBaseline(bits);
    expect(baseline.count).toBe(2);
    expect(baseline.value).toBeCloseTo((3 * Math.log(2)) / 7, 12);
    expect(baseline.perClass.subdural).toBeCloseTo(Math.log(2), 12);
    const rsna = ctBaseRateBaseline(bits, RSNA_TRAINING_BASE_RATES);
    expect(rsna).toEqual(ctValidationScore(bits.map((b) => ({ labelBits: b, probabilities: RSNA_TRAINING_BASE_RATES }))));
    expect(() => ctBaseRateBaseline(bits, [0.1])).toThrow(/6 values/);
  });
});
