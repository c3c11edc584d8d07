import { describe, expect, it } from 'vitest';
import { averageSteelMaps } from './steel-average';

const map = (values: number[], width: number, height: number) => ({ data: Uint8Array.from(values), width, height });
const four = (values: number[], width: number, height: number) => [0, 1, 2, 3].map(() => map(values, width, height));

describe('averageSteelMaps', () => {
  it('averages maps of one size byte by byte and presence where every model has it', () => {
    const a = { maps: four([0, 100, 200, 255], 2, 2), presence: [0.2, 0.4, 0.6, 0.8] };
    const b = { maps: four([100, 100, 0, 255], 2, 2), presence: [0.4, 0.4, 0.4, 0.4] };
    const mean = averageSteelMaps([a, b]);
    expect(Array.from(mean.maps[2].data)).toEqual([50, 100, 100, 255]);
    expect(mean.presence!.map((p) => Number(p.toFixed(6)))).toEqual([0.3, 0.4, 0.5, 0.6]);
    expect(averageSteelMaps([a, { ...b, presence: null }]).presence).toBeNull();
  });

  it('resizes a map of another resolution to the first model’s before averaging', () => {
    // A constant map stays constant at any size; a 4×2 map of a 2×1 one repeats its halves.
    const small = { maps: four([0, 200], 2, 1), presence: null };
    const large = { maps: four(new Array(8).fill(100), 4, 2), presence: null };
    const mean = averageSteelMaps([large, small]);
    expect([mean.maps[0].width, mean.maps[0].height]).toEqual([4, 2]);
    // Resized 2→4 with half-pixel centres: 0, 50, 150, 200 per row; averaged with 100.
    expect(Array.from(mean.maps[0].data)).toEqual([50, 75, 125, 150, 50, 75, 125, 150]);
  });
});

describe('averageSteelMaps with weights', () => {
  it('counts each model by its weight (normalised), maps and presence alike', () => {
    const a = { maps: four([0, 100, 200, 255], 2, 2), presence: [0.2, 0.4, 0.6, 0.8] };
    const b = { maps: four([100, 100, 0, 255], 2, 2), presence: [0.4, 0.4, 0.4, 0.4] };
    const mean = averageSteelMaps([a, b], [3, 1]);
    expect(Array.from(mean.maps[1].data)).toEqual([25, 100, 150, 255]);
    expect(mean.presence!.map((p) => Number(p.toFixed(6)))).toEqual([0.25, 0.4, 0.55, 0.7]);
    expect(Array.from(averageSteelMaps([a, b], [0.5, 0.5]).maps[0].data)).toEqual(Array.from(averageSteelMaps([a, b]).maps[0].data));
  });
});
