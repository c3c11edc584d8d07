import { describe, expect, it } from 'vitest';
import { RSNA_BASE_RATES, calibrateCt, consistentAny, formatCtPrediction, logit, parseCtPrediction, predictionToBits, priorShiftCalibration, sigmoid } from './ct-prediction';

describe('CT predictions', () => {
  it('raise any to the largest subtype', () => {
    expect(consistentAny([0.1, 0.7, 0, 0, 0.2, 0.3])).toEqual([0.1, 0.7, 0, 0, 0.2, 0.7]);
    expect(consistentAny([0.1, 0.2, 0, 0, 0.2, 0.9])[5]).toBe(0.9);
  });

  it('round-trip through the payload and are told apart from bit-mask labels', () => {
    const payload = formatCtPrediction([0.01, 0.6, 0.02, 0.03, 0.04, 0.5]);
    expect(JSON.parse(payload).any).toBe(0.6);
    expect(parseCtPrediction(payload)).toEqual([0.01, 0.6, 0.02, 0.03, 0.04, 0.6]);
    expect(parseCtPrediction('5')).toBeNull();
    expect(parseCtPrediction('{"epidural":2}')).toBeNull();
    expect(Number.isNaN(Number(payload))).toBe(true);
  });

  it('read as labels at a threshold', () => {
    expect(predictionToBits([0.9, 0.1, 0.6, 0, 0, 0.9])).toBe(0b101);
  });

  it('insist on six values', () => {
    expect(() => consistentAny([0.1])).toThrow(/6 probabilities/);
  });

  it('are left alone without a calibration, and go through sigmoid(logit(p) / T + b) with one', () => {
    const raw = [0.01, 0.2, 0.5, 0.7, 0.9, 0.99];
    expect(calibrateCt(raw, undefined)).toEqual(raw);
    const identity = { temperature: [1, 1, 1, 1, 1, 1], bias: [0, 0, 0, 0, 0, 0] };
    calibrateCt(raw, identity).forEach((p, i) => expect(p).toBeCloseTo(raw[i], 12));
    // by hand: p = 0.9, T = 2, b = −1 → logit 2.1972 / 2 − 1 = 0.0986 → 0.5246
    const halved = calibrateCt(raw, { temperature: [2, 2, 2, 2, 2, 2], bias: [-1, -1, -1, -1, -1, -1] });
    expect(halved[4]).toBeCloseTo(0.524637, 5);
    expect(halved[2]).toBeCloseTo(sigmoid(-1), 12); // 0.5 → the bias's own probability
  });

  it('keep 0 and 1 finite', () => {
    const out = calibrateCt([0, 1, 0, 1, 0, 1], { temperature: [1, 1, 1, 1, 1, 1], bias: [0, 0, 0, 0, 0, 0] });
    expect(out.every((p) => p > 0 && p < 1)).toBe(true);
    expect(logit(0)).toBeCloseTo(-16.118, 2);
  });

  it('move the trained rate to the target rate, and a large temperature moves everything there', () => {
    const trained = [0.1, 0.2, 0.15, 0.2, 0.25, 0.4];
    const calibration = priorShiftCalibration(trained, RSNA_BASE_RATES, [2, 2, 2, 2, 2, 2]);
    calibrateCt(trained, calibration).forEach((p, i) => expect(p).toBeCloseTo(RSNA_BASE_RATES[i], 10));
    const confident = calibrateCt([0.99, 0.99, 0.99, 0.99, 0.99, 0.99], calibration);
    confident.forEach((p, i) => {
      expect(p).toBeGreaterThan(RSNA_BASE_RATES[i]); // still says "more likely than usual" …
      expect(p).toBeLessThan(0.99); // … but less sure than the raw model
    });
    const flat = calibrateCt([0.99, 0.01, 0.5, 0.9, 0.1, 0.7], priorShiftCalibration(trained, RSNA_BASE_RATES, [1e6, 1e6, 1e6, 1e6, 1e6, 1e6]));
    flat.forEach((p, i) => expect(p).toBeCloseTo(RSNA_BASE_RATES[i], 4));
  });
});
