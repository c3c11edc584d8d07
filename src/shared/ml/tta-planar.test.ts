import { describe, expect, it } from 'vitest';
import type { SteelProbabilities } from './onnx-outputs';
import type { PlanarImage } from './preprocess';
import { predictWithTta, TTA_SETS, type Nhwc } from './tta';
import { meanRows, predictRowsWithTta, predictSteelWithTta, viewPlanarImage } from './tta-planar';

/** Not flip-equivariant: each class map is the first plane plus a position term, presence a column-weighted sum. */
function fakeSteel(images: PlanarImage[]): Promise<SteelProbabilities[]> {
  return Promise.resolve(
    images.map(({ planes, width, height }) => {
      const classes = [0, 1, 2, 3].map((c) => Float32Array.from(planes[0], (v, i) => v + (i % width) * 0.1 * (c + 1) + Math.floor(i / width) * 0.013));
      const presence = [0, 1, 2, 3].map((c) => planes[0].reduce((s, v, i) => s + v * ((i % width) + 1 + c), 0));
      return { classes, width, height, presence };
    }),
  );
}

/** The same model on the NHWC arrays of tta.ts's definition. */
function fakeNhwc(values: Float32Array, shape: Nhwc) {
  const { batch, height, width } = shape;
  const n = height * width;
  const maps = new Float32Array(batch * n * 4);
  const presence = new Float32Array(batch * 4);
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < n; i++)
      for (let c = 0; c < 4; c++) {
        const v = values[b * n + i];
        maps[(b * n + i) * 4 + c] = v + (i % width) * 0.1 * (c + 1) + Math.floor(i / width) * 0.013;
        presence[b * 4 + c] += v * ((i % width) + 1 + c);
      }
  return [
    { values: maps, dims: [batch, height, width, 4] },
    { values: presence, dims: [batch, 4] },
  ];
}

const image = (width: number, height: number, seed: number): PlanarImage => ({
  planes: [Float32Array.from({ length: width * height }, (_, i) => Math.sin(i * 1.7 + seed) + i * 0.01)],
  width,
  height,
});

describe('TTA on planar images (the ONNX path)', () => {
  it('gives what the NHWC definition gives, for every set, on a strip and on a square input', async () => {
    for (const [width, height] of [[40, 6], [8, 8]]) {
      const images = [image(width, height, 1), image(width, height, 2)];
      const values = new Float32Array(2 * width * height);
      images.forEach((im, b) => values.set(im.planes[0], b * width * height));
      for (const set of TTA_SETS) {
        const [maps, presence] = predictWithTta(fakeNhwc, values, { batch: 2, height, width, channels: 1 }, set);
        const got = await predictSteelWithTta(images, set, fakeSteel);
        got.forEach((p, b) => {
          expect([p.width, p.height]).toEqual([width, height]);
          p.classes.forEach((plane, c) => plane.forEach((v, i) => expect(v).toBeCloseTo(maps.values[(b * width * height + i) * 4 + c], 4)));
          p.presence!.forEach((v, c) => expect(Math.abs(v / presence.values[b * 4 + c] - 1)).toBeLessThan(1e-5)); // float32 sums there
        });
      }
    }
  });

  it('a transposed view swaps the image’s sides; the identity is the image itself', () => {
    const im = image(4, 4, 0);
    expect(viewPlanarImage(im, { name: 'identity', flipX: false, flipY: false, transpose: false, shiftX: 0 })).toBe(im);
    const t = viewPlanarImage({ planes: [Float32Array.from([1, 2, 3, 4, 5, 6])], width: 3, height: 2 }, { name: 'transpose', flipX: false, flipY: false, transpose: true, shiftX: 0 });
    expect([t.width, t.height, Array.from(t.planes[0])]).toEqual([2, 3, [1, 4, 2, 5, 3, 6]]);
  });

  it('per-image rows are the plain mean over the views; none runs the model once', async () => {
    expect(meanRows([[1, 2], [3, 6]])).toEqual([2, 4]);
    let runs = 0;
    const rows = (images: PlanarImage[]) => ((runs += 1), Promise.resolve(images.map((im) => [im.planes[0][0]])));
    const im = { planes: [Float32Array.from([1, 2, 3, 4])], width: 2, height: 2 };
    expect(await predictRowsWithTta([im], 'none', rows)).toEqual([[1]]);
    expect(runs).toBe(1);
    // hflip's first pixel is 2, vflip's 3, both 4; the transpose keeps 1: (1 + 2 + 3 + 4 + 1) / 5.
    expect(await predictRowsWithTta([im], 'x5', rows)).toEqual([[11 / 5]]);
    expect(runs).toBe(6);
  });
});
