import { describe, expect, it } from 'vitest';
import { packClassBits, unpackClassBits } from './class-bits';

describe('class bits', () => {
  it('packs each class into its own bit and back, a missing class empty', () => {
    const one = Uint8Array.from([1, 0, 1, 0]);
    const three = Uint8Array.from([1, 1, 0, 0]);
    const bits = packClassBits(new Map([[1, one], [3, three]]), 4);
    expect([...bits]).toEqual([0b101, 0b100, 0b001, 0]);
    const masks = unpackClassBits(bits);
    expect([...masks.get(1)!]).toEqual([1, 0, 1, 0]);
    expect([...masks.get(2)!]).toEqual([0, 0, 0, 0]);
    expect([...masks.get(3)!]).toEqual([1, 1, 0, 0]);
    expect([...masks.get(4)!]).toEqual([0, 0, 0, 0]);
  });

  it('refuses a mask of another size', () => {
    expect(() => packClassBits(new Map([[2, new Uint8Array(3)]]), 4)).toThrow('class 2 has 3 pixels, not 4');
  });
});
