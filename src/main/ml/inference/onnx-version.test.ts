// An ONNX version's TTA on the tiny models of tests/fixtures/onnx: for each set the average is the mean of the
// model's own predictions on the flipped (transposed, shifted) inputs, every map brought back to the input's
// frame — the views and their inverses written out again here by hand, not through tta.ts.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { CtOnnxCard, SteelOnnxCard } from '../../../shared/ml/onnx-card';
import type { SteelProbabilities } from '../../../shared/ml/onnx-outputs';
import { modelCardFromOnnx } from '../../../shared/ml/onnx-version-card';
import { ctInputPlanes, type PlanarImage } from '../../../shared/ml/preprocess';
import { quantiseProbabilities } from '../../../shared/ml/quantise';
import { seededRandom } from '../../../shared/ml/random';
import { predictRowsWithTta, predictSteelWithTta } from '../../../shared/ml/tta-planar';
import { readOnnxCardFile } from '../onnx/card-file';
import { liveOnnxSessions, OnnxModel } from '../onnx/onnx-model';
import { readOnnxInput } from '../onnx/onnx-inputs';
import { CARD_JSON } from '../model-check';
import { ONNX_MODEL_FILE } from '../onnx/onnx-folder';
import { OnnxVersion } from './onnx-version';
import { tempDir } from '../../../../tests/helpers/fs';

const fixtures = resolve(import.meta.dirname, '../../../../tests/fixtures/onnx');
const temp = tempDir('loupe-onnx-tta-');
afterAll(() => temp.cleanup());

type Source = (y: number, x: number) => [number, number] | null;

/** A plane (row-major, w × h) read through `source` into an outW × outH plane; pixels with no source are 0. */
function remapPlane(plane: Float32Array, w: number, outW: number, outH: number, source: Source): { plane: Float32Array; covered: Uint8Array } {
  const out = new Float32Array(outW * outH);
  const covered = new Uint8Array(outW * outH);
  for (let y = 0; y < outH; y++)
    for (let x = 0; x < outW; x++) {
      const from = source(y, x);
      if (!from) continue;
      out[y * outW + x] = plane[from[0] * w + from[1]];
      covered[y * outW + x] = 1;
    }
  return { plane: out, covered };
}

/** A view by hand: how it reads the input, and how its map goes back (null: the column it has no prediction for). */
interface HandView {
  name: string;
  input: (w: number, h: number) => Source;
  back: (w: number, h: number) => Source;
}
const k = (w: number) => Math.max(1, Math.round(w / 64));
const HAND: Record<string, HandView> = {
  identity: { name: 'identity', input: () => (y, x) => [y, x], back: () => (y, x) => [y, x] },
  hflip: { name: 'hflip', input: (w) => (y, x) => [y, w - 1 - x], back: (w) => (y, x) => [y, w - 1 - x] },
  vflip: { name: 'vflip', input: (_, h) => (y, x) => [h - 1 - y, x], back: (_, h) => (y, x) => [h - 1 - y, x] },
  hvflip: { name: 'hvflip', input: (w, h) => (y, x) => [h - 1 - y, w - 1 - x], back: (w, h) => (y, x) => [h - 1 - y, w - 1 - x] },
  transpose: { name: 'transpose', input: () => (y, x) => [x, y], back: () => (y, x) => [x, y] },
  // The image moved k columns right, the first column repeated into the gap; back, the last k columns are unseen.
  shift: { name: 'shift', input: (w) => (y, x) => [y, Math.max(0, x - k(w))], back: (w) => (y, x) => (x + k(w) < w ? [y, x + k(w)] : null) },
};
const SETS = {
  hflip: ['identity', 'hflip'],
  flips: ['identity', 'hflip', 'vflip', 'hvflip'],
  x5strip: ['identity', 'hflip', 'vflip', 'hvflip', 'shift'],
  x5square: ['identity', 'hflip', 'vflip', 'hvflip', 'transpose'],
};

function viewImage(image: PlanarImage, v: HandView): PlanarImage {
  const [outW, outH] = v.name === 'transpose' ? [image.height, image.width] : [image.width, image.height];
  return { planes: image.planes.map((p) => remapPlane(p, image.width, outW, outH, v.input(image.width, image.height)).plane), width: outW, height: outH };
}

/** The expected steel average: each view's maps brought back by hand, each pixel the mean over the views that saw it. */
async function handSteelMean(model: OnnxModel, image: PlanarImage, names: string[]): Promise<SteelProbabilities> {
  const outs = await Promise.all(names.map(async (n) => (await model.predictSteelProbabilities([viewImage(image, HAND[n])]))[0]));
  const { width, height } = image;
  const classes = [0, 1, 2, 3].map((c) => {
    const sum = new Float64Array(width * height);
    const seen = new Float64Array(width * height);
    outs.forEach((out, i) => {
      const back = remapPlane(out.classes[c], out.width, width, height, HAND[names[i]].back(width, height));
      back.plane.forEach((p, j) => ((sum[j] += p), (seen[j] += back.covered[j])));
    });
    return Float32Array.from(sum, (s, j) => s / seen[j]);
  });
  const presence = [0, 1, 2, 3].map((c) => outs.reduce((s, o) => s + o.presence![c], 0) / outs.length);
  return { classes, width, height, presence };
}

function grayStrip(width: number, height: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length: width * height }, () => Math.floor(random() * 256));
}

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

async function withModel<T>(name: string, use: (m: OnnxModel, card: SteelOnnxCard | CtOnnxCard) => Promise<T>): Promise<T> {
  const card = readOnnxCardFile(join(fixtures, `${name}.card.json`));
  const m = await OnnxModel.open(join(fixtures, `${name}.onnx`), card);
  try {
    return await use(m, card);
  } finally {
    await m.release();
  }
}

describe("an ONNX model's TTA average is the mean of its flipped predictions", () => {
  it('steel, any size (NCHW, dynamic axes): hflip, flips and x5 (the shift, its last column from four views)', async () => {
    await withModel('steel-a', async (m) => {
      const card = m.card as SteelOnnxCard;
      const image = (await readOnnxInputOf(grayStrip(24, 6, 3), 24, 6, card)).image;
      const plain = (await m.predictSteelProbabilities([image]))[0];
      for (const [set, names] of [['hflip', SETS.hflip], ['flips', SETS.flips], ['x5', SETS.x5strip]] as const) {
        const [got] = await predictSteelWithTta([image], set, (images) => m.predictSteelProbabilities(images));
        const expected = await handSteelMean(m, image, [...names]);
        expect([got.width, got.height]).toEqual([24, 6]);
        got.classes.forEach((plane, c) => expect(maxDifference(plane, expected.classes[c]), `${set} class ${c + 1}`).toBeLessThan(1e-6));
        expect(maxDifference(got.presence!, expected.presence!)).toBeLessThan(1e-6);
        // The views matter: the model is not flip-equivariant, so the average is not the plain prediction.
        expect(Math.max(...got.classes.map((plane, c) => maxDifference(plane, plain.classes[c]))), set).toBeGreaterThan(1e-3);
      }
    });
  });

  it('steel, a fixed batch of one at a fixed 16×8 (NHWC, other class orders): x5 with its shift', async () => {
    await withModel('steel-b', async (m) => {
      const card = m.card as SteelOnnxCard;
      const images = await Promise.all([5, 6].map(async (seed) => (await readOnnxInputOf(grayStrip(16, 8, seed), 16, 8, card)).image));
      const got = await predictSteelWithTta(images, 'x5', (views) => m.predictSteelProbabilities(views));
      for (let i = 0; i < 2; i++) {
        const expected = await handSteelMean(m, images[i], SETS.x5strip);
        got[i].classes.forEach((plane, c) => expect(maxDifference(plane, expected.classes[c])).toBeLessThan(1e-6));
        expect(maxDifference(got[i].presence!, expected.presence!)).toBeLessThan(1e-6);
      }
    });
  });

  it('CT, a square 16×16 input: x5 takes the transpose as its fifth view; flips its four', async () => {
    await withModel('ct-a', async (m) => {
      const card = m.card as CtOnnxCard;
      const random = seededRandom(21);
      const slices = [0, 1, 2].map(() => ctInputPlanes(Int16Array.from({ length: 32 * 32 }, () => Math.round(-200 + random() * 500)), 32, 32, card.input, card.windows));
      const plain = await m.predictCt(slices);
      for (const [set, names] of [['flips', SETS.flips], ['x5', SETS.x5square]] as const) {
        const got = await predictRowsWithTta(slices, set, (views) => m.predictCt(views));
        for (let i = 0; i < slices.length; i++) {
          const each = await Promise.all(names.map(async (n) => (await m.predictCt([viewImage(slices[i], HAND[n])]))[0]));
          const expected = each[0].map((_, j) => each.reduce((s, row) => s + row[j], 0) / each.length);
          expect(maxDifference(got[i], expected), `${set} slice ${i}`).toBeLessThan(1e-6);
        }
        expect(maxDifference(got.flat(), plain.flat())).toBeGreaterThan(1e-4);
      }
    });
  });
});

/** A gray strip written as a PNG, and the ONNX input planes Loupe reads from it. */
async function readOnnxInputOf(pixels: Uint8Array, width: number, height: number, card: SteelOnnxCard): Promise<{ file: string; image: PlanarImage }> {
  const file = join(temp.dir, `strip-${width}x${height}-${pixels[0]}-${pixels[1]}.png`);
  writeFileSync(file, await sharp(Buffer.from(pixels), { raw: { width, height, channels: 1 } }).png().toBuffer());
  return { file, image: await readOnnxInput(file, card) };
}

describe('an ONNX version predicts with the TTA set it is given', () => {
  it('steel: the version folder’s maps and presence are the x5 average (and not the plain run); its session is released', async () => {
    const onnx = readOnnxCardFile(join(fixtures, 'steel-a.card.json')) as SteelOnnxCard;
    const dir = join(temp.dir, 'version');
    mkdirSync(dir);
    copyFileSync(join(fixtures, 'steel-a.onnx'), join(dir, ONNX_MODEL_FILE));
    writeFileSync(join(dir, CARD_JSON), JSON.stringify(modelCardFromOnnx(onnx)));
    const { file, image } = await readOnnxInputOf(grayStrip(40, 10, 8), 40, 10, onnx);
    const before = liveOnnxSessions();
    const version = await OnnxVersion.open(dir);
    const item = { itemId: 1, key: 'strip', file, width: 40, height: 10, group: 'strip' };
    const [x5, none] = [(await version.predictSteel([item], 'x5'))[0], (await version.predictSteel([item], 'none'))[0]];
    await version.release();
    expect(liveOnnxSessions()).toBe(before);
    const expected = await withModel('steel-a', (m) => handSteelMean(m, image, SETS.x5strip));
    x5.maps.forEach((map, c) => expect(maxDifference(map.data, quantiseProbabilities(expected.classes[c]))).toBeLessThanOrEqual(1));
    expect(maxDifference(x5.presence!, expected.presence!)).toBeLessThan(1e-6);
    expect(maxDifference(x5.presence!, none.presence!)).toBeGreaterThan(1e-4);
  });
});
