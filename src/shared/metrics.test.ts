import { describe, expect, it } from 'vitest';
import { CT_LABELS } from './domain';
import { createMask } from './mask';
import { CT_LABEL_WEIGHTS, dice, logLoss, meanDice, weightedLogLoss } from './metrics';

function maskWith(length: number, ...indices: number[]): Uint8Array {
  const mask = new Uint8Array(length);
  for (const i of indices) mask[i] = 1;
  return mask;
}

describe('dice', () => {
  it('is 1 when both masks are empty (Kaggle rule)', () => {
    expect(dice(createMask(), createMask())).toBe(1);
  });

  it('is 0 when exactly one mask is empty', () => {
    expect(dice(maskWith(20, 3), maskWith(20))).toBe(0);
    expect(dice(maskWith(20), maskWith(20, 3))).toBe(0);
  });

  it('is 2|A∩B| / (|A|+|B|)', () => {
    // A = {0,1,2,3}, B = {2,3,4}: 2*2 / (4+3)
    expect(dice(maskWith(21, 0, 1, 2, 3), maskWith(21, 2, 3, 4))).toBeCloseTo(4 / 7, 12);
    expect(dice(maskWith(21, 5, 20), maskWith(21, 5, 20))).toBe(1);
  });

  it('counts pixels in the tail past the last whole 8-byte word and on unaligned views', () => {
    expect(dice(maskWith(19, 17, 18), maskWith(19, 18))).toBeCloseTo(2 / 3, 12);
    const a = new Uint8Array(23);
    a.set([1, 1, 0, 1], 3);
    const b = new Uint8Array(23);
    b.set([1, 0, 0, 1], 3);
    expect(dice(a.subarray(3), b.subarray(3))).toBeCloseTo(4 / 5, 12);
  });

  it('agrees with a plain pixel count on large sparse masks', () => {
    const a = createMask();
    const b = createMask();
    a.fill(1, 1000, 5000);
    b.fill(1, 3000, 9001);
    expect(dice(a, b)).toBeCloseTo((2 * 2000) / (4000 + 6001), 12);
  });

  it('refuses masks of different sizes', () => {
    expect(() => dice(new Uint8Array(4), new Uint8Array(5))).toThrow(/4 and 5 pixels/);
  });
});

describe('meanDice', () => {
  it('averages over every pair and per class; a missing prediction is an empty mask', () => {
    const empty = maskWith(10);
    const result = meanDice([
      { classId: 1, truth: maskWith(10, 1, 2), pred: maskWith(10, 1, 2) }, // 1
      { classId: 1, truth: maskWith(10, 1, 2, 3), pred: maskWith(10, 3) }, // 2*1/(3+1) = 0.5
      { classId: 2, truth: empty, pred: null }, // 1 (both empty)
      { classId: 3, truth: maskWith(10, 4), pred: null }, // 0
    ]);
    expect(result.count).toBe(4);
    expect(result.mean).toBeCloseTo((1 + 0.5 + 1 + 0) / 4, 12);
    expect(result.perClass).toEqual({
      1: { mean: 0.75, count: 2 },
      2: { mean: 1, count: 1 },
      3: { mean: 0, count: 1 },
    });
  });

  it('gives NaN and a count of 0 for no pairs', () => {
    const result = meanDice([]);
    expect(result.count).toBe(0);
    expect(result.mean).toBeNaN();
    expect(result.perClass).toEqual({});
  });
});

describe('weightedLogLoss', () => {
  const zeros = [0, 0, 0, 0, 0, 0];

  it('uses weight 2 for any and 1 for the subtypes', () => {
    expect(CT_LABEL_WEIGHTS).toEqual([1, 1, 1, 1, 1, 2]);
    expect(CT_LABELS[5]).toBe('any');
  });

  it('is about 0 for a perfect prediction (clipped at 1e-15)', () => {
    const truth = [1, 0, 0, 0, 1, 1];
    const result = weightedLogLoss([{ truth, pred: truth }]);
    expect(result.value).toBeGreaterThan(0);
    expect(result.value).toBeLessThan(1e-14);
  });

  it('is ln 2 for p = 0.5 everywhere, whatever the truth', () => {
    const result = weightedLogLoss([
      { truth: zeros, pred: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5] },
      { truth: [1, 1, 1, 1, 1, 1], pred: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5] },
    ]);
    expect(result.value).toBeCloseTo(Math.LN2, 12);
    for (const label of CT_LABELS) expect(result.perLabel[label]).toBeCloseTo(Math.LN2, 12);
    expect(result.count).toBe(2);
  });

  it('weighs a wrong any twice as much as a wrong subtype (hand-checked)', () => {
    // One slice, truth all 0; pred 0.9 on `any` only: loss_any = -ln(0.1), others -ln(1) ≈ 0.
    const anyWrong = weightedLogLoss([{ truth: zeros, pred: [0, 0, 0, 0, 0, 0.9] }]);
    expect(anyWrong.value).toBeCloseTo((2 * -Math.log(0.1)) / 7, 9);
    // Same on epidural: weight 1.
    const epiduralWrong = weightedLogLoss([{ truth: zeros, pred: [0.9, 0, 0, 0, 0, 0] }]);
    expect(epiduralWrong.value).toBeCloseTo(-Math.log(0.1) / 7, 9);
    expect(epiduralWrong.perLabel.epidural).toBeCloseTo(-Math.log(0.1), 9);
    expect(epiduralWrong.perLabel.any).toBeLessThan(1e-14);
  });

  it('is the mean over slices of the per-slice weighted means', () => {
    const rows = [
      { truth: [0, 1, 0, 0, 0, 1], pred: [0.2, 0.7, 0.1, 0.1, 0.3, 0.8] },
      { truth: zeros, pred: [0.05, 0.1, 0.2, 0.3, 0.4, 0.6] },
    ];
    const perSlice = rows.map(({ truth, pred }) => {
      const losses = truth.map((t, j) => -(t * Math.log(pred[j]) + (1 - t) * Math.log(1 - pred[j])));
      return (losses.slice(0, 5).reduce((a, b) => a + b, 0) + 2 * losses[5]) / 7;
    });
    expect(weightedLogLoss(rows).value).toBeCloseTo((perSlice[0] + perSlice[1]) / 2, 12);
  });

  it('clips probabilities to [1e-15, 1 - 1e-15]', () => {
    expect(logLoss(1, 0)).toBeCloseTo(-Math.log(1e-15), 9);
    expect(logLoss(0, 1)).toBeCloseTo(-Math.log(1 - (1 - 1e-15)), 9);
    expect(Number.isFinite(logLoss(0, 1))).toBe(true);
  });

  it('gives NaN for no rows and refuses rows without six values', () => {
    expect(weightedLogLoss([]).value).toBeNaN();
    expect(() => weightedLogLoss([{ truth: [0, 0, 0, 0, 0], pred: zeros }])).toThrow(/row 1 needs 6/);
  });
});
