import { describe, expect, it } from 'vitest';
import { proposeWandRegion, wandProbability } from './wand-proposal';

const W = 30;
const H = 12;
const at = (x: number, y: number) => x * H + y;
const options = { low: 0.3, core: 0.8, margin: 0, tolerance: 20 };
const pixelsOf = (mask: Uint8Array) => [...mask.keys()].filter((i) => mask[i]);
const box = (x0: number, y0: number, x1: number, y1: number) => {
  const out: number[] = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push(at(x, y));
  return out.sort((a, b) => a - b);
};
function fill(background: number, ...boxes: [number, number, number, number, number][]): Float32Array {
  const a = new Float32Array(W * H).fill(background);
  for (const [x0, y0, x1, y1, v] of boxes) for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) a[at(x, y)] = v;
  return a;
}

// A dark defect at x 4..15, y 3..8 on a bright strip; the model is sure of its middle (x 7..11) and unsure of
// the rest (0.4: below its own 0.5 threshold, above the wand's lower one), and sure of nothing else.
const grey = fill(200, [4, 3, 15, 8, 60]);
const probability = fill(0.05, [4, 3, 15, 8, 0.4], [7, 3, 11, 8, 0.9]);
const mask = Uint8Array.from(probability, (p) => (p >= 0.5 ? 1 : 0));
const input = { width: W, height: H, intensity: grey, probability, prediction: mask, x: 9, y: 5, openLimit: 100 };

describe('what a magic-wand click proposes', () => {
  it("the probability map's area above the lower threshold around the click, where the model's own mask is smaller", () => {
    const r = proposeWandRegion(input, options);
    if (r.kind !== 'region') throw new Error(`expected a region, got ${r.kind}`);
    expect(r.source).toBe('probability map');
    expect(pixelsOf(r.mask)).toEqual(box(4, 3, 15, 8));
    // The thresholded mask alone would have bounded it to the sure middle.
    const fromMask = proposeWandRegion({ ...input, probability: null }, options);
    if (fromMask.kind !== 'region') throw new Error('expected a region');
    expect(fromMask.source).toBe('prediction');
    expect(pixelsOf(fromMask.mask)).toEqual(box(7, 3, 11, 8));
  });

  it("refined by intensity: unsure pixels of another grey are left out, the model's sure core is kept whatever its grey", () => {
    const spotted = fill(200, [4, 3, 15, 8, 60], [13, 3, 15, 8, 200], [9, 7, 9, 7, 200]);
    const r = proposeWandRegion({ ...input, intensity: spotted }, options);
    if (r.kind !== 'region') throw new Error('expected a region');
    expect(pixelsOf(r.mask)).toEqual(box(4, 3, 12, 8)); // x 13..15 bright and unsure: out; (9, 7) bright but sure: in
  });

  it('off the map (below its lower threshold) or with no model: grey values alone, the open background refused', () => {
    const dark = fill(200, [4, 3, 15, 8, 60], [20, 2, 24, 5, 60]);
    const off = proposeWandRegion({ ...input, intensity: dark, x: 22, y: 3 }, options);
    expect(off).toMatchObject({ kind: 'region', source: 'intensity', pixels: 20 });
    const none = proposeWandRegion({ ...input, probability: null, prediction: null }, options);
    expect(none).toMatchObject({ kind: 'region', source: 'intensity', pixels: 72 });
    expect(proposeWandRegion({ ...input, probability: null, prediction: null, x: 25, y: 10 }, options)).toEqual({ kind: 'open', limit: 100, source: 'intensity' });
    // A map of another size than the strip is not used.
    expect(proposeWandRegion({ ...input, probability: probability.subarray(1), prediction: null }, options).source).toBe('intensity');
  });

  it("a stored map at the model's resolution becomes probabilities at the strip's size, column-major, bilinear", () => {
    // 2 × 1 → 4 × 2: pixel centres at −0.25 (clamped), 0.25, 0.75 and 1.25 (clamped) of the source.
    const p = wandProbability({ data: Uint8Array.from([0, 255]), width: 2, height: 1 }, 4, 2);
    expect(Array.from(p)).toEqual([0, 0, 0.25, 0.25, 0.75, 0.75, 1, 1]);
  });
});
