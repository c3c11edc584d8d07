import { describe, expect, it } from 'vitest';
import { calibrateCt } from '../ct-prediction';
import { applyCtCalibration, calibrateProbability } from './calibrate-ct-labels';
import { describeCalibration, fromCardCalibration, isIdentityCalibration, toCardCalibration } from './card-calibration';
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
