import { describe, expect, it } from 'vitest';
import { formatCount, formatDelta, formatPixels, formatProbability, formatScore } from './reason-text';

describe('reason text', () => {
  it('groups thousands with commas', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(5253)).toBe('5,253');
    expect(formatCount(1234567.4)).toBe('1,234,567');
    expect(formatCount(-4096)).toBe('-4,096');
    expect(formatPixels(5253)).toBe('5,253 px');
  });

  it('writes probabilities with two decimals and never rounds a doubt away', () => {
    expect(formatProbability(0.03)).toBe('0.03');
    expect(formatProbability(0)).toBe('0.00');
    expect(formatProbability(1)).toBe('1.00');
    expect(formatProbability(0.001)).toBe('<0.01');
    expect(formatProbability(0.999)).toBe('>0.99');
  });

  it('writes scores and deltas with four decimals and a sign', () => {
    expect(formatScore(0.75)).toBe('0.7500');
    expect(formatDelta(0.0123)).toBe('+0.0123');
    expect(formatDelta(-0.004)).toBe('-0.0040');
    expect(formatDelta(-0.00000001)).toBe('+0.0000');
  });
});
