import { describe, expect, it } from 'vitest';
import { calibrateCt } from '../ct-prediction';
import { applyCtCalibration, calibrateProbability } from './calibrate-ct-labels';
import { cardCalibrationFromFits, describeCalibration, fromCardCalibration, isIdentityCalibration, toCardCalibration } from './card-calibration';
import { weightedLogLoss } from '../../metrics';
import { bitsToLabels } from '../../ct-labels';
import { CT_LABELS } from '../../domain';

describe('card calibration', () => {
  const fitted = { method: 'platt' as const, labels: CT_LABELS.map((label, j) => ({ label, a: 0.5 + j * 0.1, b: -1 + j * 0.3 })) };

  it('maps a fitted calibration to the card so that the card gives the same probabilities', () => {
    const card = toCardCalibration(fitted);
    expect(card.temperature[0]).toBeCloseTo(2, 12);
    expect(card.bias[0]).toBeCloseTo(-1, 12);
    const p = [0.01, 0.2, 0.5, 0.7, 0.9, 0.95];
    const viaCard = calibrateCt(p, card);
    p.forEach((v, j) => expect(viaCard[j]).toBeCloseTo(calibrateProbability(v, fitted.labels[j]), 9));
    // any is raised after calibrating, as stored predictions are
    expect(applyCtCalibration(p, fromCardCalibration(card))[5]).toBeCloseTo(Math.max(...viaCard), 9);
  });

  it('keeps a label whose fit reverses it (a ≤ 0) as it is', () => {
    const reversed = { ...fitted, labels: fitted.labels.map((c, j) => (j === 2 ? { ...c, a: -0.3 } : c)) };
    const card = toCardCalibration(reversed);
    expect([card.temperature[2], card.bias[2]]).toEqual([1, 0]);
    expect(card.temperature[1]).toBeCloseTo(1 / 0.6, 12);
  });

  it('takes, per label, the best calibration a card can hold: a reversed fit gives way to the constant or another fit', () => {
    // Label 0 (epidural) runs against the labels: positives get low outputs, negatives high ones.
    const rows = Array.from({ length: 20 }, (_, i) => {
      const positive = i < 5;
      const p = [positive ? 0.1 : 0.9, positive ? 0.8 : 0.2, 0.5, 0.5, 0.5, 0.5];
      return { labelBits: positive ? 0b11 : 0, probabilities: p };
    });
    const reversed = { method: 'platt' as const, labels: CT_LABELS.map((label, j) => ({ label, a: j === 0 ? -2 : 1, b: 0 })) };
    const card = cardCalibrationFromFits(rows, [reversed], { constant: true });
    expect(card.temperature[0]).toBeGreaterThanOrEqual(1e6); // the constant: the reversed fit cannot go in a card
    expect(1 / (1 + Math.exp(-card.bias[0]))).toBeCloseTo(6 / 22, 6); // 5 of 20 slices, smoothed: (5 + 1) / (20 + 2)
    expect([card.temperature[1], card.bias[1]]).toEqual([1, 0]); // identity beats the constant on a label the model gets right
    expect(describeCalibration(card, 0)).toBe("constant 0.273 (the model's output ignored)");
    const loss = (c: typeof card) => weightedLogLoss(rows.map((r) => ({ truth: bitsToLabels(r.labelBits), pred: calibrateCt(r.probabilities, c) }))).value;
    expect(loss(card)).toBeLessThan(loss({ temperature: [1, 1, 1, 1, 1, 1], bias: [0, 0, 0, 0, 0, 0] }));
    // Without the constant, a reversed label stays as it is.
    expect(cardCalibrationFromFits(rows, [reversed]).temperature[0]).toBe(1);
  });

  it('round-trips, knows the identity and says a setting in words', () => {
    const card = toCardCalibration(fitted);
    expect(fromCardCalibration(card).labels.map((c) => c.a)).toEqual(fitted.labels.map((c) => expect.closeTo(c.a, 12)));
    expect(isIdentityCalibration(undefined)).toBe(true);
    expect(isIdentityCalibration({ temperature: [1, 1, 1, 1, 1, 1], bias: [0, 0, 0, 0, 0, 0] })).toBe(true);
    expect(isIdentityCalibration(card)).toBe(false);
    expect(fromCardCalibration(undefined).labels.every((c) => c.a === 1 && c.b === 0)).toBe(true);
    expect(describeCalibration(card, 0)).toBe('temperature 2.00 · bias -1.00');
    expect(describeCalibration(undefined, 3)).toBe('temperature 1.00 · bias 0.00');
  });
});
