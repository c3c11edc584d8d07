import { describe, expect, it } from 'vitest';
import { dice } from '../../metrics';
import { seededRandom } from '../random';
import { steelMasksFromMaps, type ProbabilityMap, type SteelPostprocessing } from '../steel-postprocess';
import { classExpectation, expectedDice, steelUncertainty } from './expected-dice';

/** A map at the strip's own size (resizing is then the identity), from bytes in column-major reading order. */
function mapOf(width: number, height: number, byteAt: (i: number) => number): ProbabilityMap {
  const data = new Uint8Array(width * height);
  // row-major storage; `i` counts column-major like the masks so tests can think in mask indices.
  for (let x = 0; x < width; x++) for (let y = 0; y < height; y++) data[y * width + x] = byteAt(x * height + y);
  return { data, width, height };
}

const post: SteelPostprocessing = { thresholds: [0.5, 0.5, 0.5, 0.5], minArea: [0, 0, 0, 0] };

describe('expectedDice', () => {
  it('follows the formula by hand', () => {
    // M = 4 pixels at p = 1, 4 more at p = 0.4 outside M: E[Dice | present] = 2·4 / (4 + 5.6) = 0.8333…
    expect(expectedDice({ maskPixels: 4, probabilityInMask: 4, probabilitySum: 5.6, presence: 1 })).toBeCloseTo(8 / 9.6, 12);
    expect(expectedDice({ maskPixels: 4, probabilityInMask: 4, probabilitySum: 5.6, presence: 0.9 })).toBeCloseTo(0.75, 12);
    // An empty mask is right exactly when the class is absent.
    expect(expectedDice({ maskPixels: 0, probabilityInMask: 0, probabilitySum: 3, presence: 0.3 })).toBeCloseTo(0.7, 12);
  });
});

describe('classExpectation', () => {
  it('reads a map at the strip size and honours the presence gate and min-area as steelMasksFromMaps does', () => {
    // 4 pixels at byte 255, 4 at byte 102 (0.4), the rest 0, on a 4×5 strip.
    const map = mapOf(4, 5, (i) => (i < 4 ? 255 : i < 8 ? 102 : 0));
    const open = classExpectation(map, 0.9, post, 0, 4, 5);
    expect(open.maskPixels).toBe(4);
    expect(open.probabilityInMask).toBeCloseTo(4, 12);
    expect(open.probabilitySum).toBeCloseTo(4 + 4 * (102 / 255), 12);
    expect(open.expectedDice).toBeCloseTo((0.9 * 8) / (4 + 5.6), 12);
    const gated = classExpectation(map, 0.3, { ...post, presenceThresholds: [0.5, 0.5, 0.5, 0.5] }, 0, 4, 5);
    expect(gated.maskPixels).toBe(0);
    expect(gated.expectedDice).toBeCloseTo(0.7, 12);
    expect(classExpectation(map, null, { ...post, minArea: [5, 0, 0, 0] }, 0, 4, 5).maskPixels).toBe(0);
    // Without a presence head, presence is the largest pixel probability.
    expect(classExpectation(mapOf(4, 5, (i) => (i === 0 ? 51 : 0)), null, post, 0, 4, 5).presence).toBeCloseTo(0.2, 12);
  });

  it('counts the same mask as steelMasksFromMaps when the map is upsampled', () => {
    const small: ProbabilityMap = { data: Uint8Array.from({ length: 8 * 4 }, (_, i) => (i * 37) % 256), width: 8, height: 4 };
    for (const t of [0.2, 0.5, 0.8]) {
      const cut = { ...post, thresholds: [t, t, t, t] };
      const [made] = steelMasksFromMaps([small], null, cut, 40, 16);
      expect(classExpectation(small, null, cut, 0, 40, 16).maskPixels).toBe(made.pixels);
    }
  });

  it('agrees with a Monte-Carlo estimate of E[Dice] under independent pixels and presence', () => {
    const width = 20;
    const height = 10;
    const random = seededRandom(11);
    // A blob of confident pixels, a rim near the threshold, faint background.
    const bytes = Array.from({ length: width * height }, (_, i) => (i < 40 ? 230 : i < 90 ? 110 + Math.floor(random() * 60) : Math.floor(random() * 20)));
    const map = mapOf(width, height, (i) => bytes[i]);
    const presence = 0.8;
    const e = classExpectation(map, presence, post, 0, width, height);
    const [{ mask }] = steelMasksFromMaps([map], [presence], post, width, height);
    const p = bytes.map((b) => b / 255);
    const label = new Uint8Array(width * height);
    let sum = 0;
    const samples = 20_000;
    for (let s = 0; s < samples; s++) {
      const present = random() < presence;
      for (let i = 0; i < label.length; i++) label[i] = present && random() < p[i] ? 1 : 0;
      sum += dice(mask, label);
    }
    expect(Math.abs(sum / samples - e.expectedDice)).toBeLessThan(0.015);
  });
});

describe('steelUncertainty', () => {
  it('scores 1 − mean expected Dice and names the least certain class', () => {
    const sure = mapOf(4, 5, (i) => (i < 4 ? 255 : 0)); // E = 1·8/(4+4) = 1 at presence 1
    const empty = mapOf(4, 5, () => 0); // presence 0.1 → E = 0.9
    const doubtful = mapOf(4, 5, (i) => (i < 4 ? 255 : i < 8 ? 102 : 0)); // presence 0.5 → E = 0.5·8/9.6
    const result = steelUncertainty([sure, empty, doubtful, empty], [1, 0.1, 0.5, 0.1], post, 4, 5);
    const expected = [1, 0.9, (0.5 * 8) / 9.6, 0.9];
    expected.forEach((v, c) => expect(result.perClass[c].expectedDice).toBeCloseTo(v, 12));
    expect(result.score).toBeCloseTo(1 - expected.reduce((a, b) => a + b) / 4, 12);
    expect(result.worstClass).toBe(3);
    expect(result.reason).toBe('class 3: expected Dice 0.4167 (presence 0.50; model 4 px, expected 6 px)');
  });
});
