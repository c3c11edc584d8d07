// Kaggle's run-length encoding of a binary mask: `start length start length …`, starts 1-indexed,
// counted in column-major order (top to bottom, then left to right) over height x width pixels —
// the same order as our masks' bytes (see mask.ts), so a run is one contiguous byte range.
// Hot paths scan character codes and 8-byte words: no split(), no regular expressions.

import { STEEL_HEIGHT, STEEL_WIDTH } from './domain';
import { maskWords, ONES_WORD, ZERO_WORD } from './mask';

/** Result of validating an RLE string: its runs as (0-indexed start, length) pairs, or why it is invalid. */
export type RleParseResult = { ok: true; runs: Uint32Array } | { ok: false; reason: string };

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

// Module-local copies: under some loaders an imported binding is a getter call on every read.
const ZERO = ZERO_WORD;
const ONES = ONES_WORD;

/** Reused between calls: (0-indexed start, length) pairs of the last scan. */
let scratch = new Uint32Array(2048);

function isSeparator(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

function badToken(rle: string, from: number, tokenNumber: number): string {
  let to = from;
  while (to < rle.length && !isSeparator(rle.charCodeAt(to))) to++;
  const token = to - from > 24 ? `${rle.slice(from, from + 24)}…` : rle.slice(from, to);
  return `token ${tokenNumber} ('${token}') is not a whole number`;
}

/**
 * Scans `rle` into `scratch` as (0-indexed start, length) pairs and checks every run against a mask
 * of `total` pixels. Returns how many numbers it wrote (twice the run count), or why the string is invalid.
 */
function scanRuns(rle: string, total: number): number | string {
  const length = rle.length;
  let numbers = 0;
  let value = 0;
  let inToken = false;
  let tokenStart = 0;
  let start = 0;
  let previousStart = 0;
  let previousLast = 0; // 1-indexed last pixel of the previous run; 0 before the first run
  for (let i = 0; i <= length; i++) {
    const c = i < length ? rle.charCodeAt(i) : SPACE;
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      if (!inToken) {
        inToken = true;
        tokenStart = i;
        value = 0;
      }
      value = value * 10 + (c - DIGIT_0);
      continue;
    }
    if (!isSeparator(c)) return badToken(rle, inToken ? tokenStart : i, numbers + 1);
    if (!inToken) continue;
    inToken = false;
    if ((numbers & 1) === 0) {
      start = value;
      numbers++;
      continue;
    }
    const run = (numbers >>> 1) + 1;
    const last = start + value - 1;
    if (start < 1) return `run ${run} (start ${start}) starts before pixel 1`;
    if (value === 0) return `run ${run} (start ${start}) has length 0`;
    if (last > total) {
      return `run ${run} (start ${start}, length ${value}) ends at pixel ${last}, beyond the last pixel ${total}`;
    }
    if (start < previousStart) {
      return `run ${run} (start ${start}) comes before the previous run (start ${previousStart}): runs must be sorted`;
    }
    if (start <= previousLast) return `run ${run} (start ${start}) overlaps the previous run ending at ${previousLast}`;
    if (numbers + 1 > scratch.length) {
      const grown = new Uint32Array(scratch.length * 2);
      grown.set(scratch);
      scratch = grown;
    }
    scratch[numbers - 1] = start - 1;
    scratch[numbers] = value;
    numbers++;
    previousStart = start;
    previousLast = last;
  }
  if ((numbers & 1) === 1) return `odd number of tokens (${numbers}): the last start (${start}) has no length`;
  return numbers;
}

/** Validates an RLE string for a width x height mask and returns its runs as (0-indexed start, length) pairs. */
export function parseRle(rle: string, width: number = STEEL_WIDTH, height: number = STEEL_HEIGHT): RleParseResult {
  const scanned = scanRuns(rle, width * height);
  if (typeof scanned === 'string') return { ok: false, reason: scanned };
  return { ok: true, runs: scratch.slice(0, scanned) };
}

/** Pixel area of an RLE string (the sum of its run lengths); throws like decodeRle when it is invalid. */
export function countRlePixels(rle: string, width: number = STEEL_WIDTH, height: number = STEEL_HEIGHT): number {
  const scanned = scanRuns(rle, width * height);
  if (typeof scanned === 'string') throw new Error(`invalid RLE: ${scanned}`);
  let area = 0;
  for (let k = 1; k < scanned; k += 2) area += scratch[k];
  return area;
}

/**
 * Decodes an RLE string into a column-major mask of width x height bytes (0/1). When `out` is given it
 * is cleared and filled in place. Throws an Error naming the offending token or run when the string is invalid.
 */
export function decodeRle(
  rle: string,
  width: number = STEEL_WIDTH,
  height: number = STEEL_HEIGHT,
  out?: Uint8Array,
): Uint8Array {
  const total = width * height;
  if (out !== undefined && out.length !== total) {
    throw new RangeError(`output mask has ${out.length} pixels, expected ${width}x${height} = ${total}`);
  }
  const scanned = scanRuns(rle, total);
  if (typeof scanned === 'string') throw new Error(`invalid RLE: ${scanned}`);
  const mask = out ?? new Uint8Array(total);
  if (out !== undefined) mask.fill(0);
  for (let k = 0; k < scanned; k += 2) {
    const start = scratch[k];
    mask.fill(1, start, start + scratch[k + 1]);
  }
  return mask;
}

/** Reused between calls: the ASCII text of the last encoding. */
let text = new Uint8Array(1 << 14);
const latin1 = new TextDecoder('latin1');

/** Writes `value`'s decimal digits into `text` at `at`; returns the index after the last digit. */
function writeNumber(at: number, value: number): number {
  if (value > 0x7fffffff) {
    const digits = String(value);
    for (let k = 0; k < digits.length; k++) text[at + k] = digits.charCodeAt(k);
    return at + digits.length;
  }
  const length = value < 10 ? 1 : value < 100 ? 2 : value < 1e3 ? 3 : value < 1e4 ? 4 : value < 1e5 ? 5 : value < 1e6 ? 6 : value < 1e7 ? 7 : value < 1e8 ? 8 : value < 1e9 ? 9 : 10;
  let i = at + length;
  let rest = value;
  while (i > at) {
    const quotient = (rest / 10) | 0;
    text[--i] = DIGIT_0 + rest - quotient * 10;
    rest = quotient;
  }
  return at + length;
}

/** Appends the run of 0-indexed pixels [start, end) to `text` at `at`; returns the new end of the text. */
function writeRun(at: number, start: number, end: number): number {
  if (at + 24 > text.length) {
    const grown = new Uint8Array(text.length * 2);
    grown.set(text);
    text = grown;
  }
  if (at > 0) text[at++] = SPACE;
  at = writeNumber(at, start + 1);
  text[at++] = SPACE;
  return writeNumber(at, end - start);
}

/**
 * Encodes a column-major 0/1 mask as Kaggle's canonical RLE: maximal runs, single spaces, '' for an
 * empty mask. The mask's length fixes the pixel count; no size is needed. 8-pixel words that are all
 * clear (between runs) or all set (inside one) are skipped several at a time; only words where a run
 * starts or ends are read byte by byte.
 */
export function encodeRle(mask: Uint8Array): string {
  const words = maskWords(mask);
  const n = mask.length;
  let at = 0;
  let runStart = -1; // first pixel of the run being read, or -1 between runs
  let i = 0;
  if (words !== null) {
    const wn = words.length;
    let w = 0;
    for (;;) {
      if (runStart < 0) {
        while (
          w + 8 <= wn &&
          words[w] === ZERO &&
          words[w + 1] === ZERO &&
          words[w + 2] === ZERO &&
          words[w + 3] === ZERO &&
          words[w + 4] === ZERO &&
          words[w + 5] === ZERO &&
          words[w + 6] === ZERO &&
          words[w + 7] === ZERO
        ) {
          w += 8;
        }
        while (w < wn && words[w] === ZERO) w++;
      } else {
        while (w + 4 <= wn && words[w] === ONES && words[w + 1] === ONES && words[w + 2] === ONES && words[w + 3] === ONES) w += 4;
        while (w < wn && words[w] === ONES) w++;
      }
      if (w >= wn) break;
      for (let b = w << 3, end = b + 8; b < end; b++) {
        if (mask[b] !== 0) {
          if (runStart < 0) runStart = b;
        } else if (runStart >= 0) {
          at = writeRun(at, runStart, b);
          runStart = -1;
        }
      }
      w++;
    }
    i = wn << 3;
  }
  for (; i < n; i++) {
    if (mask[i] !== 0) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      at = writeRun(at, runStart, i);
      runStart = -1;
    }
  }
  if (runStart >= 0) at = writeRun(at, runStart, n);
  return at === 0 ? '' : latin1.decode(text.subarray(0, at));
}
