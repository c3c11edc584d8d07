import { describe, expect, it } from 'vitest';
import { formatShare, margin, verdict } from './qa-words';

describe('the QA page’s words', () => {
  it('reads a margin as "the model does better" for either metric', () => {
    expect(margin('mean Dice', 0.8, 0.75)).toBeCloseTo(0.05, 12);
    expect(margin('weighted log loss', 0.8, 0.95)).toBeCloseTo(0.15, 12);
    expect(margin('weighted log loss', 2.06, 0.96)).toBeLessThan(0);
  });

  it('says whether the model beats, ties or falls short of its baseline', () => {
    expect(verdict('mean Dice', 0.8, 0.75)).toEqual({ text: 'beats the baseline', tone: 'ok' });
    expect(verdict('mean Dice', 0.75, 0.75)).toEqual({ text: 'ties the baseline', tone: 'warn' });
    expect(verdict('weighted log loss', 2.063, 0.959)).toEqual({ text: 'worse than the baseline', tone: 'danger' });
  });

  it('writes shares as whole percentages', () => {
    expect(formatShare(0.625)).toBe('63%');
    expect(formatShare(0)).toBe('0%');
  });
});
