import { describe, expect, it } from 'vitest';
import { STEEL_HEIGHT, STEEL_WIDTH } from './domain';
import { countPixels, createMask, maskFromRowMajor, maskIndex, maskToRowMajor, maskWords } from './mask';

describe('maskIndex', () => {
  it('counts top to bottom, then left to right (column-major)', () => {
    expect(maskIndex(0, 0, 256)).toBe(0);
    expect(maskIndex(0, 1, 256)).toBe(1);
    expect(maskIndex(0, 255, 256)).toBe(255);
    expect(maskIndex(1, 0, 256)).toBe(256);
    expect(maskIndex(1599, 255, 256)).toBe(1600 * 256 - 1);
  });
});

describe('createMask', () => {
  it('defaults to an empty Severstal-sized mask', () => {
    const mask = createMask();
    expect(mask).toBeInstanceOf(Uint8Array);
    expect(mask.length).toBe(STEEL_WIDTH * STEEL_HEIGHT);
    expect(countPixels(mask)).toBe(0);
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => createMask(0, 10)).toThrow(RangeError);
    expect(() => createMask(2.5, 10)).toThrow(/2.5x10/);
  });
});

describe('countPixels', () => {
  it('counts set pixels in full words, partial words and the tail', () => {
    const mask = createMask(7, 3); // 21 bytes: two 8-byte words and a 5-byte tail
    mask.fill(1, 0, 8); // one full word
    mask[10] = 1; // inside the second word
    mask[17] = 1; // in the tail
    mask[20] = 1;
    expect(countPixels(mask)).toBe(11);
  });

  it('gives the same count on a view that is not 8-byte aligned', () => {
    const buffer = new Uint8Array(41);
    buffer.fill(1, 5, 30);
    const view = buffer.subarray(3, 40);
    expect(maskWords(view)).toBeNull();
    expect(countPixels(view)).toBe(25);
  });
});

describe('row-major conversion', () => {
  it('moves pixel (x, y) between x*height+y and y*width+x', () => {
    const width = 3;
    const height = 2;
    const mask = createMask(width, height);
    mask[maskIndex(2, 1, height)] = 1; // bottom-right
    mask[maskIndex(1, 0, height)] = 1; // top-middle
    const rows = maskToRowMajor(mask, width, height);
    expect([...rows]).toEqual([0, 1, 0, 0, 0, 1]);
    expect([...maskFromRowMajor(rows, width, height)]).toEqual([...mask]);
  });

  it('normalises non-zero row-major pixels (e.g. 255 from a PNG) to 1', () => {
    const rows = Uint8Array.from([0, 255, 7, 0]);
    expect([...maskFromRowMajor(rows, 2, 2)]).toEqual([0, 1, 1, 0]);
  });

  it('writes into the given output and checks sizes', () => {
    const out = new Uint8Array(6).fill(9);
    maskToRowMajor(createMask(3, 2), 3, 2, out);
    expect([...out]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => maskToRowMajor(createMask(3, 2), 2, 2)).toThrow(/6 pixels, expected 2x2 = 4/);
    expect(() => maskFromRowMajor(new Uint8Array(6), 3, 2, new Uint8Array(5))).toThrow(RangeError);
  });
});
