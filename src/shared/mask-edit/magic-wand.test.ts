import { describe, expect, it } from 'vitest';
import { greyColumnMajor, magicWand, type WandOptions } from './magic-wand';

const W = 20;
const H = 10;
const at = (x: number, y: number) => x * H + y;
const options: WandOptions = { low: 0.3, core: 2, margin: 0, tolerance: 10, maxPixels: Infinity };

/** A W × H image of one grey value with rectangles [x0, x1] × [y0, y1] (inclusive) of other values. */
function image(background: number, ...boxes: [x0: number, y0: number, x1: number, y1: number, value: number][]) {
  const a = new Float32Array(W * H).fill(background);
  for (const [x0, y0, x1, y1, value] of boxes) for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) a[at(x, y)] = value;
  return a;
}
const pixelsOf = (mask: Uint8Array) => [...mask.keys()].filter((i) => mask[i]);
const boxPixels = (x0: number, y0: number, x1: number, y1: number) => {
  const out: number[] = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push(at(x, y));
  return out.sort((a, b) => a - b);
};

// Two dark defects on a bright strip, and a model that sees both.
const strip = image(200, [2, 2, 5, 6, 60], [12, 3, 15, 7, 60]);
const model = image(0, [2, 2, 5, 6, 0.9], [12, 3, 15, 7, 0.8]);

describe('magic wand', () => {
  it('picks the blob under the click, and only that blob (the second one is not connected)', () => {
    const result = magicWand({ width: W, height: H, intensity: strip, probability: model, x: 3, y: 4, options });
    expect(result.kind).toBe('region');
    if (result.kind !== 'region') return;
    expect(result.from).toBe('model');
    expect(pixelsOf(result.mask)).toEqual(boxPixels(2, 2, 5, 6));
    expect(result.pixels).toBe(20);
    expect(result.region).toEqual({ x0: 2, y0: 2, x1: 5, y1: 6 });
    expect(result.mask[at(13, 5)]).toBe(0);
  });

  it('a click outside every region of the map gives nothing', () => {
    expect(magicWand({ width: W, height: H, intensity: strip, probability: model, x: 9, y: 5, options })).toEqual({ kind: 'outside' });
    expect(magicWand({ width: W, height: H, intensity: strip, probability: model, x: W, y: 0, options })).toEqual({ kind: 'outside' });
    expect(magicWand({ width: W, height: H, intensity: strip, probability: model, x: -1, y: 3, options })).toEqual({ kind: 'outside' });
  });

  it('the lower threshold decides the area: a weak map below it gives nothing, at it the blob', () => {
    const weak = image(0, [2, 2, 5, 6, 0.25]);
    expect(magicWand({ width: W, height: H, intensity: strip, probability: weak, x: 3, y: 4, options }).kind).toBe('outside');
    expect(magicWand({ width: W, height: H, intensity: strip, probability: weak, x: 3, y: 4, options: { ...options, low: 0.25 } }).kind).toBe('region');
  });

  it('grows past the model\'s edge over like grey values, but never beyond the map\'s dilation', () => {
    // The defect is wider on the strip (x 2..9) than the model drew it (x 2..5).
    const wide = image(200, [2, 2, 9, 6, 60]);
    const tight = magicWand({ width: W, height: H, intensity: wide, probability: model, x: 3, y: 4, options });
    const widened = magicWand({ width: W, height: H, intensity: wide, probability: model, x: 3, y: 4, options: { ...options, margin: 2 } });
    if (tight.kind !== 'region' || widened.kind !== 'region') throw new Error('expected regions');
    expect(pixelsOf(tight.mask)).toEqual(boxPixels(2, 2, 5, 6));
    // Two pixels more to the right (x 6, 7); above, below and to the left the strip is bright: not taken.
    expect(pixelsOf(widened.mask)).toEqual(boxPixels(2, 2, 7, 6));
  });

  it('trims the part of the map whose grey values are far from the click\'s, unless it is the confident core', () => {
    // The model's area covers a dark defect (x 2..5) and bright background beside it (x 6..8).
    const loose = image(0, [2, 2, 8, 6, 0.4], [3, 3, 4, 5, 0.95]);
    const trimmed = magicWand({ width: W, height: H, intensity: strip, probability: loose, x: 3, y: 4, options });
    if (trimmed.kind !== 'region') throw new Error('expected a region');
    expect(pixelsOf(trimmed.mask)).toEqual(boxPixels(2, 2, 5, 6));
    // A confident core is kept even where its grey values differ.
    const cored = image(0, [2, 2, 8, 6, 0.4], [3, 3, 7, 3, 0.95]);
    const kept = magicWand({ width: W, height: H, intensity: strip, probability: cored, x: 3, y: 4, options: { ...options, core: 0.9 } });
    if (kept.kind !== 'region') throw new Error('expected a region');
    expect(pixelsOf(kept.mask)).toEqual([...boxPixels(2, 2, 5, 6), at(6, 3), at(7, 3)].sort((a, b) => a - b));
  });

  it('intensity alone without a map: the connected area of like grey values', () => {
    const result = magicWand({ width: W, height: H, intensity: strip, probability: null, x: 14, y: 5, options: { ...options, maxPixels: 50 } });
    if (result.kind !== 'region') throw new Error('expected a region');
    expect(result.from).toBe('intensity');
    expect(pixelsOf(result.mask)).toEqual(boxPixels(12, 3, 15, 7));
  });

  it('the tolerance bounds the growth: grey values just inside are taken, just outside are not', () => {
    // A ramp of grey values along x on row band y 2..6: 100 at x 5, then +4 per column either side.
    const ramp = image(250);
    for (let x = 0; x < W; x++) for (let y = 2; y <= 6; y++) ramp[at(x, y)] = 100 + 4 * Math.abs(x - 5);
    const grown = (tolerance: number) => {
      const r = magicWand({ width: W, height: H, intensity: ramp, probability: null, x: 5, y: 4, options: { ...options, tolerance } });
      if (r.kind !== 'region') throw new Error('expected a region');
      return r.region;
    };
    // The click's 3 × 3 mean is 100 + 8/3; tolerance 10 reaches grey values up to 112.67, i.e. |x − 5| ≤ 3.
    expect(grown(10)).toEqual({ x0: 2, y0: 2, x1: 8, y1: 6 });
    expect(grown(0)).toEqual({ x0: 5, y0: 4, x1: 5, y1: 4 });
  });

  it('an open background under intensity alone is refused past the limit', () => {
    expect(magicWand({ width: W, height: H, intensity: strip, probability: null, x: 9, y: 0, options: { ...options, maxPixels: 40 } })).toEqual({ kind: 'open', limit: 40 });
  });

  it('refuses arrays of the wrong size with a clear error', () => {
    expect(() => magicWand({ width: W, height: H, intensity: new Uint8Array(10), probability: null, x: 1, y: 1, options })).toThrow(/intensity holds 10 values, not 20×10/);
  });

  it('reads an RGBA canvas image as column-major grey values', () => {
    // 2 × 2: red, green / blue, white (row-major RGBA).
    const rgba = [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255];
    expect([...greyColumnMajor(rgba, 2, 2)]).toEqual([76, 29, 150, 255]);
  });
});
