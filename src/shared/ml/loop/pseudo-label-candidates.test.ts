import { describe, expect, it } from 'vitest';
import { isConfidentPrediction, isPseudoLabelCandidate, pseudoLabelConfidence, pseudoLabelSummary, steelPresenceValues } from './pseudo-label-candidates';

const item = { itemId: 1, group: 'img-1', hasTruth: false, hasHumanLabel: false };

describe('isPseudoLabelCandidate', () => {
  it('takes only items with neither truth nor human label, unreviewed, outside the validation set and its groups', () => {
    expect(isPseudoLabelCandidate(item)).toBe(true);
    expect(isPseudoLabelCandidate({ ...item, review: 'unreviewed' })).toBe(true);
    expect(isPseudoLabelCandidate({ ...item, hasTruth: true })).toBe(false);
    expect(isPseudoLabelCandidate({ ...item, hasHumanLabel: true })).toBe(false);
    expect(isPseudoLabelCandidate({ ...item, review: 'approved' })).toBe(false);
    expect(isPseudoLabelCandidate({ ...item, review: 'in_progress' })).toBe(false);
    expect(isPseudoLabelCandidate(item, { itemIds: new Set([1]) })).toBe(false);
    expect(isPseudoLabelCandidate(item, { groups: new Set(['img-1']) })).toBe(false);
    expect(isPseudoLabelCandidate(item, { itemIds: new Set([2]), groups: new Set(['img-2']) })).toBe(true);
  });
});

describe('confidence', () => {
  it('is the least confident value, and an item is taken at p when every value is ≥ p or ≤ 1 − p', () => {
    expect(pseudoLabelConfidence([0.95, 0.02, 0.1])).toBeCloseTo(0.9, 12);
    expect(isConfidentPrediction([0.95, 0.02, 0.1], 0.9)).toBe(true);
    expect(isConfidentPrediction([0.95, 0.02, 0.11], 0.9)).toBe(false);
    expect(isConfidentPrediction([0.5], 0.6)).toBe(false);
    expect(() => isConfidentPrediction([0.9], 0.5)).toThrow(/between 0.5 and 1/);
  });

  it('reads steel presence from the head, else from the largest pixel probability', () => {
    const map = { data: Uint8Array.from([0, 51, 255, 10]), width: 2, height: 2 };
    const faint = { data: Uint8Array.from([0, 51, 5, 10]), width: 2, height: 2 };
    expect(steelPresenceValues([map, faint], [0.3, 0.7])).toEqual([0.3, 0.7]);
    expect(steelPresenceValues([map, faint], null)).toEqual([1, 0.2]);
  });
});

describe('pseudoLabelSummary', () => {
  it('says how many were taken and at which confidence', () => {
    const s = pseudoLabelSummary([0.99, 0.92, 0.85, 0.6], 0.9);
    expect(s).toMatchObject({ candidates: 4, taken: 2, threshold: 0.9, minConfidence: 0.92 });
    expect(s.meanConfidence).toBeCloseTo(0.955, 12);
    expect(s.takenAt).toEqual([
      { threshold: 0.6, taken: 4 },
      { threshold: 0.7, taken: 3 },
      { threshold: 0.8, taken: 3 },
      { threshold: 0.9, taken: 2 },
      { threshold: 0.95, taken: 1 },
      { threshold: 0.99, taken: 1 },
    ]);
    expect(pseudoLabelSummary([0.7], 0.9)).toMatchObject({ taken: 0, minConfidence: null, meanConfidence: null });
  });
});
