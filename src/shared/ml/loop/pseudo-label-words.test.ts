import { describe, expect, it } from 'vitest';
import { describePseudoLabels } from './pseudo-label-words';

describe('describePseudoLabels', () => {
  it('says how many candidates were taken, at which confidence', () => {
    expect(describePseudoLabels({ candidates: 1200, taken: 12, threshold: 0.9, minConfidence: 0.912, meanConfidence: 0.958 })).toBe(
      'took 12 of 1,200 candidates at confidence ≥ 0.90 (least 0.91, mean 0.96)',
    );
    expect(describePseudoLabels({ candidates: 1, taken: 0, threshold: 0.95, minConfidence: null, meanConfidence: null })).toBe('took 0 of 1 candidate at confidence ≥ 0.95');
  });

  it('says why there were none', () => {
    expect(describePseudoLabels({ candidates: 0, taken: 0, threshold: 0.9, minConfidence: null, meanConfidence: null })).toMatch(/^no candidates at confidence ≥ 0\.90: every item/);
  });
});
