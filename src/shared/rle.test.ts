import { describe, expect, it } from 'vitest';
import { STEEL_HEIGHT, STEEL_WIDTH } from './domain';
import { countPixels, createMask, maskIndex } from './mask';
import { countRlePixels, decodeRle, encodeRle, parseRle } from './rle';

/** A small deterministic generator (mulberry32), so random masks are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A mask of blobs: runs of random length separated by random gaps. */
function randomMask(length: number, seed: number, meanRun = 40): Uint8Array {
  const next = random(seed);
  const mask = new Uint8Array(length);
  let i = Math.floor(next() * meanRun * 4);
  while (i < length) {
    const run = 1 + Math.floor(next() * meanRun * 2);
    mask.fill(1, i, Math.min(length, i + run));
    i += run + 1 + Math.floor(next() * meanRun * 4);
  }
  return mask;
}

/** Index of the first pixel where two masks differ, or -1 (fast, unlike a deep toEqual on 409,600 bytes). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function reasonOf(rle: string, width = 4, height = 5): string {
  const result = parseRle(rle, width, height);
  if (result.ok) throw new Error(`expected '${rle}' to be invalid`);
  return result.reason;
}

describe('decodeRle', () => {
  it('decodes 1-indexed runs in column-major order', () => {
    // 3 wide, 4 high: pixel (x, y) at x*4 + y
    const mask = decodeRle('1 3 10 2', 3, 4);
    expect([...mask]).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0]);
    expect(mask[maskIndex(2, 1, 4)]).toBe(1);
    expect(mask[maskIndex(0, 3, 4)]).toBe(0);
  });

  it('lets a run cross from one column into the next', () => {
    const mask = decodeRle('3 4', 3, 4); // (0,2) (0,3) (1,0) (1,1)
    expect([...mask]).toEqual([0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('defaults to the Severstal size and reads an empty string as an empty mask', () => {
    const mask = decodeRle('');
    expect(mask.length).toBe(STEEL_WIDTH * STEEL_HEIGHT);
    expect(countPixels(mask)).toBe(0);
    expect(countPixels(decodeRle('  \t '))).toBe(0);
  });

  it('reaches the very last pixel', () => {
    const mask = decodeRle(`${STEEL_WIDTH * STEEL_HEIGHT} 1`);
    expect(mask[maskIndex(STEEL_WIDTH - 1, STEEL_HEIGHT - 1, STEEL_HEIGHT)]).toBe(1);
    expect(countPixels(mask)).toBe(1);
  });

  it('accepts extra whitespace between tokens', () => {
    expect([...decodeRle('  2 2\t\t5  1 ', 2, 3)]).toEqual([0, 1, 1, 0, 1, 0]);
  });

  it('clears and fills the given output mask in place', () => {
    const out = new Uint8Array(12).fill(1);
    const mask = decodeRle('5 2', 3, 4, out);
    expect(mask).toBe(out);
    expect([...out]).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(() => decodeRle('1 1', 3, 4, new Uint8Array(11))).toThrow(/11 pixels, expected 3x4 = 12/);
  });

  it('throws an Error carrying the reason of an invalid string', () => {
    expect(() => decodeRle('1 2 2 2', 4, 5)).toThrow('invalid RLE: run 2 (start 2) overlaps the previous run ending at 2');
  });
});

describe('parseRle', () => {
  it('returns the runs as (0-indexed start, length) pairs', () => {
    const result = parseRle('1 3 10 2', 3, 4);
    expect(result).toEqual({ ok: true, runs: Uint32Array.from([0, 3, 9, 2]) });
  });

  it('returns a fresh array each time', () => {
    const first = parseRle('1 1', 4, 5);
    const second = parseRle('3 1', 4, 5);
    expect(first.ok && [...first.runs]).toEqual([0, 1]);
    expect(second.ok && [...second.runs]).toEqual([2, 1]);
  });

  it('keeps touching runs valid (they are not maximal, but they describe a mask)', () => {
    expect(parseRle('1 2 3 2', 4, 5).ok).toBe(true);
  });

  it('names an odd token count', () => {
    expect(reasonOf('1 2 7')).toBe('odd number of tokens (3): the last start (7) has no length');
  });

  it('names a token that is not a whole number', () => {
    expect(reasonOf('1 2 3x 4')).toBe("token 3 ('3x') is not a whole number");
    expect(reasonOf('1 -2')).toBe("token 2 ('-2') is not a whole number");
    expect(reasonOf('1.5 2')).toBe("token 1 ('1.5') is not a whole number");
    expect(reasonOf('1 2 nan 3')).toBe("token 3 ('nan') is not a whole number");
    expect(reasonOf('1,2')).toBe("token 1 ('1,2') is not a whole number");
  });

  it('names a zero length', () => {
    expect(reasonOf('1 2 5 0')).toBe('run 2 (start 5) has length 0');
  });

  it('names a run that starts before pixel 1 or ends past the last pixel', () => {
    expect(reasonOf('0 2')).toBe('run 1 (start 0) starts before pixel 1');
    expect(reasonOf('1 1 19 3')).toBe('run 2 (start 19, length 3) ends at pixel 21, beyond the last pixel 20');
    expect(reasonOf('25 1')).toBe('run 1 (start 25, length 1) ends at pixel 25, beyond the last pixel 20');
  });

  it('names unsorted and overlapping runs', () => {
    expect(reasonOf('10 2 3 1')).toBe('run 2 (start 3) comes before the previous run (start 10): runs must be sorted');
    expect(reasonOf('1 1 5 6 8 2', 4, 5)).toBe('run 3 (start 8) overlaps the previous run ending at 10');
    expect(reasonOf('5 1 5 1')).toBe('run 2 (start 5) overlaps the previous run ending at 5');
  });

  it('handles many runs (more than its reusable buffer starts with)', () => {
    const mask = new Uint8Array(20_000);
    for (let i = 0; i < mask.length; i += 2) mask[i] = 1;
    const rle = encodeRle(mask);
    const result = parseRle(rle, 100, 200);
    expect(result.ok && result.runs.length).toBe(20_000);
    expect(firstDifference(decodeRle(rle, 100, 200), mask)).toBe(-1);
  });
});

describe('countRlePixels', () => {
  it('sums the run lengths without decoding', () => {
    expect(countRlePixels('')).toBe(0);
    expect(countRlePixels('1 3 10 2', 3, 4)).toBe(5);
    expect(countRlePixels('18945 2815 126721 9984')).toBe(2815 + 9984);
  });

  it('throws on an invalid string', () => {
    expect(() => countRlePixels('5 0')).toThrow('invalid RLE: run 1 (start 5) has length 0');
  });
});

describe('encodeRle', () => {
  it('writes maximal runs with single spaces, 1-indexed', () => {
    const mask = createMask(3, 4);
    mask.fill(1, 0, 3);
    mask.fill(1, 9, 11);
    expect(encodeRle(mask)).toBe('1 3 10 2');
  });

  it('merges touching runs into one maximal run', () => {
    expect(encodeRle(decodeRle('1 2 3 2', 4, 5))).toBe('1 4');
  });

  it('writes an empty string for an empty mask', () => {
    expect(encodeRle(createMask())).toBe('');
    expect(encodeRle(new Uint8Array(0))).toBe('');
  });

  it('encodes runs that touch both ends of the mask', () => {
    const mask = new Uint8Array(21).fill(1);
    expect(encodeRle(mask)).toBe('1 21');
    mask.fill(0, 1, 20);
    expect(encodeRle(mask)).toBe('1 1 21 1');
  });

  it('finds runs that start and end at every position within an 8-byte word', () => {
    for (let start = 0; start < 17; start++) {
      for (let length = 1; start + length <= 40; length++) {
        const mask = new Uint8Array(40);
        mask.fill(1, start, start + length);
        expect(encodeRle(mask)).toBe(`${start + 1} ${length}`);
      }
    }
  });

  it('gives the same result on a mask view that is not 8-byte aligned', () => {
    const mask = randomMask(1000, 7);
    const buffer = new Uint8Array(1003);
    buffer.set(mask, 3);
    const view = buffer.subarray(3);
    expect(view.byteOffset % 8).not.toBe(0);
    expect(encodeRle(view)).toBe(encodeRle(mask));
  });

  it('round-trips random Severstal-sized masks exactly, both ways', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const mask = randomMask(STEEL_WIDTH * STEEL_HEIGHT, seed, seed * 10);
      const rle = encodeRle(mask);
      const decoded = decodeRle(rle);
      expect(firstDifference(decoded, mask)).toBe(-1);
      expect(encodeRle(decoded)).toBe(rle);
    }
  });

  it('round-trips odd sizes whose length is not a multiple of 8', () => {
    for (const [width, height] of [[7, 3], [13, 11], [1, 1], [5, 1]]) {
      const mask = randomMask(width * height, width * height, 2);
      expect(firstDifference(decodeRle(encodeRle(mask), width, height), mask)).toBe(-1);
    }
  });
});
