import { describe, expect, it } from 'vitest';
import { ctQa, RSNA_TRAINING_BASE_RATES } from './ct-qa';
import { logLoss } from '../../metrics';

const SUBDURAL = 1 << 4;
const weighted = (losses: number[]) => (losses[0] + losses[1] + losses[2] + losses[3] + losses[4] + 2 * losses[5]) / 7;

describe('ctQa', () => {
  const items = [
    { itemId: 1, labelBits: SUBDURAL, probabilities: [0.1, 0.1, 0.1, 0.1, 0.6, 0.7] },
    { itemId: 2, labelBits: 0, probabilities: [0.1, 0.1, 0.1, 0.1, 0.2, 0.3] },
  ];
  const qa = ctQa(items);

  it('scores the model and both base-rate baselines on the same reviewed slices', () => {
    expect(qa.reviewed).toBe(2);
    const s1 = weighted([0.9, 0.9, 0.9, 0.9, 0.6, 0.7].map((p) => -Math.log(p)));
    const s2 = weighted([0.9, 0.9, 0.9, 0.9, 0.8, 0.7].map((p) => -Math.log(p)));
    expect(qa.logLoss).toBeCloseTo((s1 + s2) / 2, 12);
    // Prevalence here: subdural and any on one slice of two; the others never. The constant 0.5 costs ln 2 on
    // subdural and any, and a never-seen label predicted at 0 costs (almost) nothing.
    expect(qa.perLabel.map((l) => l.prevalence)).toEqual([0, 0, 0, 0, 0.5, 0.5]);
    expect(qa.baseRateLogLoss).toBeCloseTo((3 * Math.log(2)) / 7, 12);
    const rsna = (truth: number[]) => weighted(truth.map((t, j) => logLoss(t, RSNA_TRAINING_BASE_RATES[j])));
    expect(qa.rsnaBaseRateLogLoss).toBeCloseTo((rsna([0, 0, 0, 0, 1, 1]) + rsna([0, 0, 0, 0, 0, 0])) / 2, 12);
    expect(qa.perLabel[4].logLoss).toBeCloseTo((-Math.log(0.6) - Math.log(0.8)) / 2, 12);
    expect(qa.perLabel[4].baseRateLogLoss).toBeCloseTo(Math.log(2), 12);
  });

  it('counts presence at 0.5 or the given thresholds', () => {
    expect(qa.perLabel[4].confusion).toEqual({ tp: 1, fp: 0, fn: 0, tn: 1 });
    expect(qa.perLabel[0].confusion).toEqual({ tp: 0, fp: 0, fn: 0, tn: 2 });
    const strict = ctQa(items, { thresholds: [0.5, 0.5, 0.5, 0.5, 0.65, 0.25] });
    expect(strict.perLabel[4].confusion).toEqual({ tp: 0, fp: 0, fn: 1, tn: 1 });
    expect(strict.perLabel[5].confusion).toEqual({ tp: 1, fp: 1, fn: 0, tn: 0 });
  });

  it('lists the worst slices first with the label that costs most', () => {
    expect(qa.worst.map((w) => w.itemId)).toEqual([1, 2]);
    expect(qa.worst[0].reason).toBe('any: model 0.70, label yes');
  });

  it('keeps RSNA base rates in CT_LABELS order', () => {
    expect(RSNA_TRAINING_BASE_RATES).toEqual([0.004, 0.048, 0.035, 0.048, 0.063, 0.144]);
  });
});
