import { describe, expect, it } from 'vitest';
import { dice } from '../../metrics';
import { seededRandom } from '../random';
import { steelMasksFromMaps, type ProbabilityMap, type SteelPostprocessing } from '../steel-postprocess';
import { steelSettingDice, steelTuningGrid, steelTuningStats, tuneSteelThresholds, type SteelTuningGrid } from './tune-steel-thresholds';

/** A map at the strip's own size (4 × 5), given by column-major mask index. */
const W = 4;
const H = 5;
function map(byteAt: (i: number) => number): ProbabilityMap {
  const data = new Uint8Array(W * H);
  for (let x = 0; x < W; x++) for (let y = 0; y < H; y++) data[y * W + x] = byteAt(x * H + y);
  return { data, width: W, height: H };
}
const mask = (...on: number[]) => {
  const m = new Uint8Array(W * H);
  for (const i of on) m[i] = 1;
  return m;
};
const blank = map(() => 0);

describe('tuneSteelThresholds by hand', () => {
  // Strip A: pixels 0–3 at 0.9, 4–7 at 0.4, label 0–3. Strip B: pixels 0–1 at 0.45, no label.
  const grid: SteelTuningGrid = { thresholds: [0.3, 0.5], minAreas: [0, 3], presenceThresholds: [] };
  const current: SteelPostprocessing = { thresholds: [0.3, 0.3, 0.3, 0.3], minArea: [0, 0, 0, 0] };
  const stats = [
    steelTuningStats([map((i) => (i < 4 ? 230 : i < 8 ? 102 : 0)), blank, blank, blank], null, [mask(0, 1, 2, 3)], grid.thresholds, W, H),
    steelTuningStats([map((i) => (i < 2 ? 115 : 0)), blank, blank, blank], null, [null], grid.thresholds, W, H),
  ];

  it('counts mask and overlap pixels at every threshold at once', () => {
    expect([...stats[0].maskPixels[0]]).toEqual([8, 4]);
    expect([...stats[0].overlap[0]]).toEqual([4, 4]);
    expect([...stats[1].maskPixels[0]]).toEqual([2, 0]);
    expect(stats[0].labelPixels).toEqual([4, 0, 0, 0]);
  });

  it('finds the best threshold and min-area and draws the curve', () => {
    const result = tuneSteelThresholds(stats, grid, current);
    const c1 = result.perClass[0];
    // t 0.3, no min-area: A 2·4/12, B 0 → 1/3. t 0.3, min-area 3: B's 2 px dropped → (2/3 + 1)/2. t 0.5: both right → 1.
    expect(c1.before).toEqual({ threshold: 0.3, minArea: 0, presenceThreshold: null, dice: 1 / 3 });
    expect(c1.after).toEqual({ threshold: 0.5, minArea: 0, presenceThreshold: null, dice: 1 });
    expect(c1.curve.map((p) => [p.threshold, p.minArea, p.dice])).toEqual([
      [0.3, 3, (2 / 3 + 1) / 2],
      [0.5, 0, 1],
    ]);
    expect(c1.emptyBaseline).toBe(0.5);
    expect(result.reviewed).toBe(2);
    expect(result.before).toBeCloseTo((1 / 3 + 3) / 4, 12);
    expect(result.after).toBe(1);
    // Classes 2–4 are empty everywhere: every point ties, so the current setting stays.
    expect(result.post).toEqual({ thresholds: [0.5, 0.3, 0.3, 0.3], minArea: [0, 0, 0, 0] });
  });

  it('uses the presence gate when the model has a presence head', () => {
    const gated = [
      steelTuningStats([map((i) => (i < 4 ? 230 : 0)), blank, blank, blank], [0.9, 0, 0, 0], [mask(0, 1, 2, 3)], grid.thresholds, W, H),
      steelTuningStats([map((i) => (i < 6 ? 230 : 0)), blank, blank, blank], [0.2, 0, 0, 0], [null], grid.thresholds, W, H),
    ];
    const result = tuneSteelThresholds(gated, { ...grid, presenceThresholds: [0.5] }, { ...current, presenceThresholds: [0, 0, 0, 0] });
    expect(result.perClass[0].after).toEqual({ threshold: 0.3, minArea: 0, presenceThreshold: 0.5, dice: 1 });
    expect(result.post.presenceThresholds).toEqual([0.5, 0, 0, 0]);
  });

  it('refuses an empty set and a setting off the grid', () => {
    expect(() => tuneSteelThresholds([], grid, current)).toThrow(/at least one reviewed strip/);
    expect(() => steelSettingDice(stats, grid, { ...current, thresholds: [0.42, 0.3, 0.3, 0.3] })).toThrow(/not on the tuning grid/);
  });
});

describe('tuneSteelThresholds against steelMasksFromMaps', () => {
  // Upsampled maps (10×4 → 60×16) with smooth blobs, labels near them, presence from a head.
  const width = 60;
  const height = 16;
  const random = seededRandom(21);
  const strips = Array.from({ length: 6 }, () => {
    const maps = Array.from({ length: 4 }, () => {
      const cx = random() * 10;
      const cy = random() * 4;
      const peak = random() * 255;
      const data = new Uint8Array(40);
      for (let y = 0; y < 4; y++) for (let x = 0; x < 10; x++) data[y * 10 + x] = Math.round(peak * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 4));
      return { data, width: 10, height: 4 };
    });
    const labels = maps.map(() => {
      if (random() < 0.4) return null;
      const m = new Uint8Array(width * height);
      const x0 = Math.floor(random() * 40);
      for (let x = x0; x < x0 + 15; x++) for (let y = 4; y < 12; y++) m[x * height + y] = 1;
      return m;
    });
    return { maps, labels, presence: maps.map(() => random()) };
  });
  const current: SteelPostprocessing = { thresholds: [0.5, 0.5, 0.5, 0.5], minArea: [0, 0, 0, 0], presenceThresholds: [0.5, 0.5, 0.5, 0.5] };
  const grid = steelTuningGrid(current, { thresholds: [0.1, 0.25, 0.5, 0.7], minAreas: [0, 50, 150], presenceThresholds: [0.3, 0.6] });
  const stats = strips.map((s) => steelTuningStats(s.maps, s.presence, s.labels, grid.thresholds, width, height));
  const byMasks = (post: SteelPostprocessing) => {
    const sums = [0, 0, 0, 0];
    for (const s of strips) {
      steelMasksFromMaps(s.maps, s.presence, post, width, height).forEach((m, c) => (sums[c] += dice(m.mask, s.labels[c] ?? new Uint8Array(width * height))));
    }
    return sums.map((v) => v / strips.length);
  };

  it('gives exactly the Dice of steelMasksFromMaps + dice at every grid point tried', () => {
    const points: SteelPostprocessing[] = [
      current,
      { thresholds: [0.1, 0.25, 0.7, 0.5], minArea: [0, 50, 150, 50], presenceThresholds: [0.3, 0.6, 0.5, 0] },
      { thresholds: [0.7, 0.1, 0.25, 0.1], minArea: [150, 0, 0, 150], presenceThresholds: [0, 0, 0.6, 0.3] },
    ];
    for (const post of points) expect(steelSettingDice(stats, grid, post)).toEqual(byMasks(post));
  });

  it('never ends below where it started, and its chosen setting scores what it says', () => {
    const result = tuneSteelThresholds(stats, grid, current);
    for (const c of result.perClass) expect(c.after.dice).toBeGreaterThanOrEqual(c.before.dice);
    expect(result.after).toBeGreaterThan(result.before);
    expect(byMasks(result.post)).toEqual(result.perClass.map((c) => c.after.dice));
    expect(result.perClass[0].curve.map((p) => p.threshold)).toEqual(grid.thresholds);
  });
});
