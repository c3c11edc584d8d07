import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../random';
import { applyCtCalibration, calibrateCtLabels, calibrateProbability, identityCalibration, type CalibrationRow } from './calibrate-ct-labels';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Slices whose true subdural log-odds are z ~ N(−1, 2²) (truth drawn from them), seen by a model whose logit is
 * `modelLogit(z)`. The other labels are empty at 0.01, `any` follows subdural.
 */
function synthetic(n: number, seed: number, modelLogit: (z: number) => number): CalibrationRow[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const z = -1 + 2 * normal(random);
    const yes = random() < sigmoid(z);
    const p = sigmoid(modelLogit(z));
    return { labelBits: yes ? 1 << 4 : 0, probabilities: [0.01, 0.01, 0.01, 0.01, p, p] };
  });
}

describe('calibrateCtLabels', () => {
  it('recovers the temperature of an over-confident model', () => {
    const result = calibrateCtLabels(synthetic(10_000, 1, (z) => 2.5 * z));
    const subdural = result.perLabel.find((l) => l.label === 'subdural')!;
    expect(subdural.temperature!).toBeGreaterThan(2.3);
    expect(subdural.temperature!).toBeLessThan(2.7);
    expect(subdural.after).toBeLessThan(subdural.before);
    expect(result.after).toBeLessThan(result.before);
    expect(result.reviewed).toBe(10_000);
  });

  it('recovers Platt scaling of a shifted, sharpened model', () => {
    // model logit = (z − 1) / 0.5, so z = 0.5 · logit + 1.
    const result = calibrateCtLabels(synthetic(10_000, 2, (z) => (z - 1) / 0.5), 'platt');
    const subdural = result.calibration.labels[4];
    expect(Math.abs(subdural.a - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(subdural.b - 1)).toBeLessThan(0.12);
    expect(result.perLabel[4].temperature).toBeNull();
  });

  it('never makes the fitted set worse: a calibrated model keeps (about) the identity, noise falls back to it', () => {
    const calibrated = calibrateCtLabels(synthetic(5_000, 3, (z) => z));
    expect(calibrated.after).toBeLessThanOrEqual(calibrated.before);
    expect(calibrated.perLabel[4].temperature!).toBeCloseTo(1, 1);
    const random = seededRandom(4);
    const noise = Array.from({ length: 7 }, () => ({ labelBits: Math.floor(random() * 32), probabilities: Array.from({ length: 6 }, () => random()) }));
    for (const method of ['temperature', 'platt'] as const) {
      const result = calibrateCtLabels(noise, method);
      expect(result.after).toBeLessThanOrEqual(result.before);
    }
  });

  it('pushes a label never seen on the set towards 0 (temperature to its bound, Platt to a finite bias)', () => {
    const rows = Array.from({ length: 10 }, () => ({ labelBits: 0, probabilities: [0.3, 0.01, 0.01, 0.01, 0.01, 0.3] }));
    const t = calibrateCtLabels(rows);
    expect(t.perLabel[0].temperature!).toBeCloseTo(0.05, 6);
    expect(t.perLabel[0].after).toBeLessThan(t.perLabel[0].before);
    const p = calibrateCtLabels(rows, 'platt');
    expect(Number.isFinite(p.calibration.labels[0].b)).toBe(true);
    // Platt's target for 10 negatives is 1/12: the fit lands there.
    expect(calibrateProbability(0.3, p.calibration.labels[0])).toBeCloseTo(1 / 12, 3);
  });

  it('refuses an empty set', () => {
    expect(() => calibrateCtLabels([])).toThrow(/at least one reviewed slice/);
  });
});

describe('applyCtCalibration', () => {
  it('is the identity by default and keeps `any` at least the largest subtype', () => {
    expect(applyCtCalibration([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], identityCalibration())).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    const sharpenAnyOnly = identityCalibration();
    sharpenAnyOnly.labels[5] = { label: 'any', a: 3, b: 0 };
    const out = applyCtCalibration([0.1, 0.2, 0.3, 0.4, 0.45, 0.5], sharpenAnyOnly);
    expect(out[5]).toBe(0.5); // σ(3 · 0) = 0.5 ≥ 0.45
    const lowered = applyCtCalibration([0.1, 0.2, 0.3, 0.4, 0.45, 0.46], sharpenAnyOnly);
    expect(lowered[5]).toBe(0.45); // σ(3 · logit 0.46) ≈ 0.38, raised to subdural's 0.45
    expect(calibrateProbability(0.8, { a: 0.5, b: 0 })).toBeCloseTo(sigmoid(0.5 * Math.log(4)), 12);
  });
});
