import { describe, expect, it } from 'vitest';
import { secondVersionChoices, secondVersionPixels } from './secondVersionWords';

describe('the A/B layer’s words', () => {
  it('offers every version that predicted the strip but the prediction layer’s', () => {
    expect(secondVersionChoices(['steel-3', 'steel-2', 'steel-starter'], 'steel-2')).toEqual(['steel-3', 'steel-starter']);
    expect(secondVersionChoices(['steel-2'], 'steel-2')).toEqual([]);
    expect(secondVersionChoices(['steel-2'], null)).toEqual(['steel-2']);
  });

  it('names the classes it found, in class order, with their pixels', () => {
    expect(secondVersionPixels({ 4: 80, 1: 1200, 2: 0, 3: 0 })).toBe('class 1: 1,200 px · class 4: 80 px');
    expect(secondVersionPixels({ 1: 0, 2: 0, 3: 0, 4: 0 })).toBe('no defect in any class');
  });
});
