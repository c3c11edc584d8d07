import { describe, expect, it } from 'vitest';
import { consistentAny, formatCtPrediction, parseCtPrediction, predictionToBits } from './ct-prediction';

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
});
