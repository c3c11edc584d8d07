import { describe, expect, it } from 'vitest';
import { predictWithTta, shiftColumnsOf, ttaSetOf, ttaViewCount, ttaViews, type ModelOutput, type Nhwc } from './tta';

/** Position in the frame the model sees: any model that is not flip-equivariant, so a missing inverse shows. */
const position = (y: number, x: number) => x * 0.1 + y * 0.013;

/**
 * A fake model: a map [B, H, W, 1] = first channel + position(y, x), and a per-image value [B, 1] that
 * weighs each pixel by its column (so it changes under a flip as well).
 */
function fakeModel(values: Float32Array, shape: Nhwc): ModelOutput[] {
  const { batch, height, width, channels } = shape;
  const map = new Float32Array(batch * height * width);
  const perImage = new Float32Array(batch);
  for (let b = 0; b < batch; b++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const v = values[((b * height + y) * width + x) * channels];
        map[(b * height + y) * width + x] = v + position(y, x);
        perImage[b] += v * (x + 1);
      }
  return [
    { values: map, dims: [batch, height, width, 1] },
    { values: perImage, dims: [batch, 1] },
  ];
}

function input(shape: Nhwc): Float32Array {
  // Not symmetric in any direction: a flip of the input changes it.
  return Float32Array.from({ length: shape.batch * shape.height * shape.width * shape.channels }, (_, i) => Math.sin(i * 1.7) + i * 0.01);
}

const at = (values: Float32Array, shape: Nhwc, b: number, y: number, x: number) => values[((b * shape.height + y) * shape.width + x) * shape.channels];

/** Per-image value of the fake model on the input read through `source` (the view's pixel for each (y, x)). */
function perImageOf(x0: Float32Array, shape: Nhwc, b: number, outW: number, outH: number, source: (y: number, x: number) => [number, number]): number {
  let sum = 0;
  for (let y = 0; y < outH; y++) for (let x = 0; x < outW; x++) sum += at(x0, shape, b, ...source(y, x)) * (x + 1);
  return sum;
}

describe('TTA sets', () => {
  it('lists the views of each set, the fifth a transpose for a square input and a shift for a strip', () => {
    const strip = { width: 1600, height: 256 };
    expect(ttaViews('none', strip).map((v) => v.name)).toEqual(['identity']);
    expect(ttaViews('hflip', strip).map((v) => v.name)).toEqual(['identity', 'hflip']);
    expect(ttaViews('flips', strip).map((v) => v.name)).toEqual(['identity', 'hflip', 'vflip', 'hvflip']);
    expect(ttaViews('x5', strip).map((v) => v.name)).toEqual(['identity', 'hflip', 'vflip', 'hvflip', 'shift']);
    expect(ttaViews('x5', strip)[4].shiftX).toBe(25);
    expect(ttaViews('x5', { width: 256, height: 256 })[4]).toMatchObject({ name: 'transpose', transpose: true, shiftX: 0 });
    for (const set of ['none', 'hflip', 'flips', 'x5'] as const) expect(ttaViews(set, strip)).toHaveLength(ttaViewCount(set));
    expect([ttaSetOf(true), ttaSetOf(false), ttaSetOf(undefined), ttaSetOf('flips')]).toEqual(['hflip', 'none', 'none', 'flips']);
  });

  it('none is the model itself', () => {
    const shape = { batch: 2, height: 3, width: 5, channels: 2 };
    const x = input(shape);
    const [map, perImage] = predictWithTta(fakeModel, x, shape, 'none');
    expect(Array.from(map.values)).toEqual(Array.from(fakeModel(x, shape)[0].values));
    expect(Array.from(perImage.values)).toEqual(Array.from(fakeModel(x, shape)[1].values));
  });

  it('flips: each map is flipped back before the mean; per-image outputs are the plain mean', () => {
    const shape = { batch: 2, height: 3, width: 5, channels: 2 };
    const { height: h, width: w } = shape;
    const x = input(shape);
    const [map, perImage] = predictWithTta(fakeModel, x, shape, 'flips');
    const reflections = (y: number, c: number): [number, number][] => [[y, c], [y, w - 1 - c], [h - 1 - y, c], [h - 1 - y, w - 1 - c]];
    for (let b = 0; b < 2; b++) {
      for (let y = 0; y < h; y++)
        for (let c = 0; c < w; c++) {
          // Every view saw pixel (y, c) where its flip put it: the value comes back, the position term differs.
          const expected = at(x, shape, b, y, c) + reflections(y, c).reduce((s, [py, px]) => s + position(py, px), 0) / 4;
          expect(map.values[(b * h + y) * w + c]).toBeCloseTo(expected, 5);
        }
      const views: ((y: number, c: number) => [number, number])[] = [(y, c) => [y, c], (y, c) => [y, w - 1 - c], (y, c) => [h - 1 - y, c], (y, c) => [h - 1 - y, w - 1 - c]];
      const expected = views.reduce((s, source) => s + perImageOf(x, shape, b, w, h, source), 0) / 4;
      expect(perImage.values[b]).toBeCloseTo(expected, 4);
    }
  });

  it('hflip equals the mean of the plain and the flipped-back prediction', () => {
    const shape = { batch: 1, height: 2, width: 4, channels: 1 };
    const x = input(shape);
    const [map] = predictWithTta(fakeModel, x, shape, 'hflip');
    const plain = fakeModel(x, shape)[0].values;
    const flippedInput = Float32Array.from(x, (_, i) => x[Math.floor(i / 4) * 4 + 3 - (i % 4)]);
    const flippedOut = fakeModel(flippedInput, shape)[0].values;
    const expected = Array.from(plain, (p, i) => (p + flippedOut[Math.floor(i / 4) * 4 + 3 - (i % 4)]) / 2);
    Array.from(map.values).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    // Without the inverse the input term would be the mean of a pixel and its mirror: it is the pixel itself.
    expect(map.values[0] - (position(0, 0) + position(0, 3)) / 2).toBeCloseTo(x[0], 6);
  });

  it('x5 on a strip: the shifted view is shifted back and leaves out the columns it pushed off the right edge', () => {
    const shape = { batch: 1, height: 3, width: 128, channels: 1 };
    const { height: h, width: w } = shape;
    const k = shiftColumnsOf(w);
    expect(k).toBe(2);
    const x = input(shape);
    const [map] = predictWithTta(fakeModel, x, shape, 'x5');
    for (let y = 0; y < h; y++)
      for (let c = 0; c < w; c++) {
        const flips = [position(y, c), position(y, w - 1 - c), position(h - 1 - y, c), position(h - 1 - y, w - 1 - c)].reduce((s, p) => s + p, 0);
        // The shifted view saw pixel (y, c) at column c + k, when that is inside the strip.
        const expected = c + k < w ? at(x, shape, 0, y, c) + (flips + position(y, c + k)) / 5 : at(x, shape, 0, y, c) + flips / 4;
        expect(map.values[y * w + c]).toBeCloseTo(expected, 5);
      }
  });

  it('x5 on a square slice: the transposed view is transposed back', () => {
    const shape = { batch: 2, height: 4, width: 4, channels: 3 };
    const n = 4;
    const x = input(shape);
    const [map, perImage] = predictWithTta(fakeModel, x, shape, 'x5');
    for (let b = 0; b < 2; b++) {
      for (let y = 0; y < n; y++)
        for (let c = 0; c < n; c++) {
          const terms = [position(y, c), position(y, n - 1 - c), position(n - 1 - y, c), position(n - 1 - y, n - 1 - c), position(c, y)];
          expect(map.values[(b * n + y) * n + c]).toBeCloseTo(at(x, shape, b, y, c) + terms.reduce((s, p) => s + p, 0) / 5, 5);
        }
      const views: ((y: number, c: number) => [number, number])[] = [
        (y, c) => [y, c], (y, c) => [y, n - 1 - c], (y, c) => [n - 1 - y, c], (y, c) => [n - 1 - y, n - 1 - c], (y, c) => [c, y],
      ];
      expect(perImage.values[b]).toBeCloseTo(views.reduce((s, source) => s + perImageOf(x, shape, b, n, n, source), 0) / 5, 4);
    }
  });
});
