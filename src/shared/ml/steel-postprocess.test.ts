import { describe, expect, it } from 'vitest';
import { steelMasksFromMaps, thresholdProbabilityMap, checkSteelPostprocessing, resizeProbabilityMap, thresholdCut, type ProbabilityMap } from './steel-postprocess';
import { quantiseProbabilities, thresholdByte, dequantise } from './quantise';

function map(width: number, height: number, f: (x: number, y: number) => number): ProbabilityMap {
  const values = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) values[y * width + x] = f(x, y);
  return { data: quantiseProbabilities(values), width, height };
}

describe('quantised probabilities', () => {
  it('round to bytes and back within half a step', () => {
    const q = quantiseProbabilities([0, 0.5, 1, -1, 2, Number.NaN, 0.1234]);
    expect([...q]).toEqual([0, 128, 255, 0, 255, 0, 31]);
    expect(Math.abs(dequantise(q[6]) - 0.1234)).toBeLessThan(1 / 510);
    expect(thresholdByte(0.5)).toBe(128);
  });
});

describe('thresholdProbabilityMap', () => {
  it('upsamples a map to a column-major mask', () => {
    // 4×2 map: left half certain, right half zero → at 8×4 the left four columns are set.
    const m = map(4, 2, (x) => (x < 2 ? 1 : 0));
    const mask = thresholdProbabilityMap(m, 8, 4, 0.5);
    for (let x = 0; x < 8; x++) for (let y = 0; y < 4; y++) expect(mask[x * 4 + y]).toBe(x < 4 ? 1 : 0);
  });

  it('gives an empty mask when no pixel reaches the threshold', () => {
    expect(thresholdProbabilityMap(map(4, 2, () => 0.3), 16, 8, 0.5).every((v) => v === 0)).toBe(true);
  });
});

describe('steelMasksFromMaps', () => {
  const blob = map(10, 4, (x, y) => (x >= 2 && x < 4 && y >= 1 && y < 3 ? 0.9 : 0.05));
  const empty = map(10, 4, () => 0.05);
  const maps = [blob, blob, empty, blob];

  it('thresholds, applies min-area and the presence gate per class', () => {
    const out = steelMasksFromMaps(maps, [0.9, 0.9, 0.9, 0.2], { thresholds: [0.5, 0.5, 0.5, 0.5], minArea: [0, 10_000, 0, 0], presenceThresholds: [0.5, 0.5, 0.5, 0.5] }, 100, 40);
    expect(out.map((m) => m.emptyBecause)).toEqual([null, 'below-min-area', 'below-threshold', 'absent-by-presence']);
    expect(out[0].pixels).toBeGreaterThan(300);
    expect(out[0].pixels).toBeLessThan(500);
    expect(out[1].mask.every((v) => v === 0)).toBe(true);
  });

  it('rejects a setting without four values per class', () => {
    expect(() => checkSteelPostprocessing({ thresholds: [0.5], minArea: [0, 0, 0, 0] })).toThrow(/four values/);
    expect(() => checkSteelPostprocessing({ thresholds: [0.5, 0.5, 0.5, 0.5], minArea: [0, 0, 0, 1.5] })).toThrow(/min-area/);
  });
});

describe('resizeProbabilityMap', () => {
  it('gives the values thresholdProbabilityMap cuts, so every threshold reproduces its mask', () => {
    const m: ProbabilityMap = { data: Uint8Array.from({ length: 13 * 5 }, (_, i) => (i * 97 + 13) % 256), width: 13, height: 5 };
    const values = resizeProbabilityMap(m, 64, 24);
    for (const t of [0, 0.1, 0.37, 0.5, 0.9, 1]) {
      const mask = thresholdProbabilityMap(m, 64, 24, t);
      const cut = thresholdCut(t);
      expect(Array.from(values, (v) => (v >= cut ? 1 : 0))).toEqual([...mask]);
    }
  });
});
