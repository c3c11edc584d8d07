import { describe, expect, it } from 'vitest';
import { itemDice } from './item-dice';

const N = 100;
const mask = (from: number, to: number) => new Uint8Array(N).fill(1, from, to);

describe('per-strip Dice between prediction and current label', () => {
  it('is the Kaggle Dice per class and its mean, both empty counting as 1', () => {
    const current = new Map([[1, mask(0, 10)], [3, mask(50, 60)]]);
    const prediction = new Map([[1, mask(5, 15)], [4, mask(0, 4)]]);
    const result = itemDice(current, prediction, [1, 2, 3, 4], N);
    expect(result.perClass.get(1)).toBeCloseTo(0.5); // 2·5 / (10 + 10)
    expect(result.perClass.get(2)).toBe(1); // both empty
    expect(result.perClass.get(3)).toBe(0); // missed entirely
    expect(result.perClass.get(4)).toBe(0); // invented
    expect(result.mean).toBeCloseTo(1.5 / 4);
  });

  it('is 1 for identical labels', () => {
    const current = new Map([[2, mask(10, 40)]]);
    expect(itemDice(current, new Map([[2, mask(10, 40)]]), [1, 2, 3, 4], N).mean).toBe(1);
  });
});
