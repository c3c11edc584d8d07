// The steel mask convention: one byte per pixel (0 = background, 1 = defect) in Kaggle's
// column-major order, i.e. pixel (x, y) lives at index x * height + y — top to bottom, then left
// to right. This is the order Kaggle's RLE counts in, so runs map to contiguous byte ranges.
// Row-major copies (index y * width + x) exist only for rendering and PNG export.

import { STEEL_HEIGHT, STEEL_WIDTH } from './domain';

/** A binary mask in column-major order: `width * height` bytes, each 0 or 1 (other values are not supported). */
export type Mask = Uint8Array;

/** Index of pixel (x, y) in a column-major mask of the given height. */
export function maskIndex(x: number, y: number, height: number): number {
  return x * height + y;
}

/** An empty (all-zero) mask; by default the size of a Severstal strip (1600x256). */
export function createMask(width: number = STEEL_WIDTH, height: number = STEEL_HEIGHT): Mask {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`mask size must be positive integers, got ${width}x${height}`);
  }
  return new Uint8Array(width * height);
}

/**
 * The mask's bytes read eight at a time, when its buffer offset allows (fresh masks always do), else null.
 * Fast scans compare whole words against ZERO_WORD and ONES_WORD; this relies on the 0/1 convention
 * (NaN never compares equal, and -0 would need a 0x80 byte, which a 0/1 mask cannot hold).
 */
export function maskWords(mask: Uint8Array): Float64Array | null {
  if (mask.byteOffset % 8 !== 0) return null;
  return new Float64Array(mask.buffer, mask.byteOffset, mask.length >>> 3);
}

/** Eight clear pixels read as one word of maskWords(). */
export const ZERO_WORD = 0;
/** Eight set pixels (bytes 1,1,1,1,1,1,1,1) read as one word of maskWords(). */
export const ONES_WORD = new Float64Array(new Uint8Array(8).fill(1).buffer)[0];

/** Number of set (non-zero) pixels. Skips empty and full 8-pixel groups a word at a time. */
export function countPixels(mask: Uint8Array): number {
  let count = 0;
  let from = 0;
  const words = maskWords(mask);
  if (words) {
    for (let w = 0; w < words.length; w++) {
      const word = words[w];
      if (word === ZERO_WORD) continue;
      if (word === ONES_WORD) {
        count += 8;
        continue;
      }
      for (let i = w << 3, end = i + 8; i < end; i++) if (mask[i] !== 0) count++;
    }
    from = words.length << 3;
  }
  for (let i = from; i < mask.length; i++) if (mask[i] !== 0) count++;
  return count;
}

function checkSize(length: number, width: number, height: number, what: string): void {
  if (length !== width * height) {
    throw new RangeError(`${what} has ${length} pixels, expected ${width}x${height} = ${width * height}`);
  }
}

/** Row-major copy (index y * width + x) of a column-major mask, for rendering and PNG export. */
export function maskToRowMajor(mask: Uint8Array, width: number, height: number, out?: Uint8Array): Uint8Array {
  checkSize(mask.length, width, height, 'mask');
  const rows = out ?? new Uint8Array(width * height);
  checkSize(rows.length, width, height, 'output');
  for (let x = 0; x < width; x++) {
    const column = x * height;
    for (let y = 0; y < height; y++) rows[y * width + x] = mask[column + y];
  }
  return rows;
}

/** Column-major mask from a row-major image (index y * width + x); non-zero pixels become 1. */
export function maskFromRowMajor(rows: Uint8Array, width: number, height: number, out?: Uint8Array): Uint8Array {
  checkSize(rows.length, width, height, 'row-major image');
  const mask = out ?? new Uint8Array(width * height);
  checkSize(mask.length, width, height, 'output');
  for (let x = 0; x < width; x++) {
    const column = x * height;
    for (let y = 0; y < height; y++) mask[column + y] = rows[y * width + x] !== 0 ? 1 : 0;
  }
  return mask;
}
