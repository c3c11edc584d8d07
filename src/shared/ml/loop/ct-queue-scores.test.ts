import { describe, expect, it } from 'vitest';
import { weightedLogLoss } from '../../metrics';
import { bitsToLabels } from '../../ct-labels';
import { binaryEntropy, ctDisagreement, ctEnsembleDisagreement, ctSliceLoss, ctUncertainty, NEIGHBOUR_DISAGREEMENT_BOOST, weightedEntropy, type CtSliceScore } from './ct-queue-scores';

const SUBDURAL = 1 << 4;

describe('ctDisagreement', () => {
  it("is the slice's weighted log loss and names the label that costs most", () => {
    const p = [0.1, 0.2, 0.1, 0.1, 0.03, 0.3];
    const result = ctDisagreement(p, SUBDURAL) as CtSliceScore;
    const byHand = (-Math.log(0.9) * 3 - Math.log(0.8) - Math.log(0.03) - 2 * Math.log(0.3)) / 7;
    expect(result.score).toBeCloseTo(byHand, 12);
    expect(result.score).toBeCloseTo(weightedLogLoss([{ truth: bitsToLabels(SUBDURAL), pred: p }]).value, 12);
    expect(result.perLabel.reduce((a, b) => a + b)).toBeCloseTo(result.score, 12);
    expect(result.worstLabel).toBe('subdural');
    expect(result.reason).toBe('subdural: model 0.03, label yes');
  });

  it('weighs `any` twice', () => {
    // Only `any` is wrong (0.4 against no): loss 2·(−ln 0.6)/7 beats a subtype at 0.3 against no (−ln 0.7 / 7).
    const result = ctSliceLoss([0, 0, 0, 0.3, 0, 0.4], 0);
    expect(result.worstLabel).toBe('any');
    expect(result.score).toBeCloseTo((-Math.log(0.7) - 2 * Math.log(0.6)) / 7, 9);
    expect(result.reason).toBe('any: model 0.40, label no');
  });

  it('has no score without a label or a prediction', () => {
    expect(ctDisagreement([0, 0, 0, 0, 0, 0], null).score).toBeNull();
    expect(ctDisagreement(null, 0).score).toBeNull();
    expect(() => ctSliceLoss([0.5], 0)).toThrow(/6 probabilities/);
  });
});

describe('ctUncertainty', () => {
  it('is the metric-weighted binary entropy', () => {
    expect(binaryEntropy(0.5)).toBeCloseTo(Math.log(2), 12);
    expect(binaryEntropy(0)).toBeLessThan(1e-12);
    expect(weightedEntropy([0.5, 0.5, 0.5, 0.5, 0.5, 0.5])).toBeCloseTo(Math.log(2), 12);
    expect(weightedEntropy([0, 0, 0, 0, 0, 0.5])).toBeCloseTo((2 * Math.log(2)) / 7, 12);
    const result = ctUncertainty([0.5, 0, 0, 0, 0, 0.2]) as CtSliceScore;
    expect(result.score).toBeCloseTo((Math.log(2) + 2 * binaryEntropy(0.2)) / 7, 12);
    // any: 2·0.500/7 = 0.143 beats epidural: 0.693/7 = 0.099
    expect(result.worstLabel).toBe('any');
    expect(result.reason).toBe('any: model 0.20');
  });

  it('adds the neighbour boost and says which label stands alone', () => {
    const p = [0, 0, 0, 0, 0.8, 0.8];
    const plain = ctUncertainty(p) as CtSliceScore;
    const isolated = ctUncertainty(p, [{ label: 'subdural', here: true }, { label: 'any', here: true }]) as CtSliceScore;
    expect(isolated.score).toBeCloseTo(plain.score + NEIGHBOUR_DISAGREEMENT_BOOST, 12);
    expect(isolated.reason).toBe('subdural and any on this slice but on neither neighbour; any: model 0.80');
    expect(ctUncertainty(p, [{ label: 'epidural', here: false }]).reason).toMatch(/^epidural on both neighbours but not on this slice/);
  });
});

describe('ctEnsembleDisagreement', () => {
  it('is the mean weighted absolute difference, named by the label that differs most', () => {
    const result = ctEnsembleDisagreement([0, 0.3, 0, 0, 0, 0.9], [0, 0.1, 0, 0, 0, 0.1], ['ct-3', 'ct-2']) as CtSliceScore;
    expect(result.score).toBeCloseTo((0.2 + 2 * 0.8) / 7, 12);
    expect(result.worstLabel).toBe('any');
    expect(result.reason).toBe('any: ct-3 0.90, ct-2 0.10 (difference 0.2571)');
    expect(ctEnsembleDisagreement([0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]).score).toBe(0);
    expect(ctEnsembleDisagreement([0, 0, 0, 0, 0, 0], null, ['ct-3', 'ct-2']).reason).toBe('no prediction from ct-2');
  });
});
