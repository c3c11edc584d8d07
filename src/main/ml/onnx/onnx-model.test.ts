// The ONNX wrapper on tiny models made by tests/fixtures/onnx/make-tiny-models.py: each pair is one network
// exported with other conventions (NCHW/NHWC, gray/RGB, 0..1/0..255 + mean/std, logits/probabilities, class
// order, fixed/dynamic axes), so both cards must give the same labels.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LoupeError } from '../../../shared/errors';
import type { OnnxCard, SteelOnnxCard } from '../../../shared/ml/onnx-card';
import { ctInputPlanes, steelInputPlanes, type PlanarImage } from '../../../shared/ml/preprocess';
import { seededRandom } from '../../../shared/ml/random';
import { steelMasksFromMaps } from '../../../shared/ml/steel-postprocess';
import { readOnnxCardFile } from './card-file';
import { liveOnnxSessions, OnnxModel } from './onnx-model';
import { probeOnnxProviders } from './probe';
import { tempDir } from '../../../../tests/helpers/fs';

const fixtures = resolve(import.meta.dirname, '../../../../tests/fixtures/onnx');
const model = (name: string) => join(fixtures, `${name}.onnx`);
const card = (name: string) => readOnnxCardFile(join(fixtures, `${name}.card.json`));
const temp = tempDir('loupe-onnx-');
afterAll(() => temp.cleanup());

function grayStrip(width: number, height: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length: width * height }, () => Math.floor(random() * 256));
}

function huSlice(width: number, height: number, seed: number): Int16Array {
  const random = seededRandom(seed);
  return Int16Array.from({ length: width * height }, () => Math.round(-200 + random() * 500));
}

async function withModel<T>(file: string, c: OnnxCard, use: (m: OnnxModel) => Promise<T>): Promise<T> {
  const m = await OnnxModel.open(file, c);
  try {
    return await use(m);
  } finally {
    await m.release();
  }
}

describe('an ONNX model exported two ways gives the same labels', () => {
  it('steel: NCHW gray logits vs NHWC RGB-from-gray 0..255 mean/std probabilities, other class orders, fixed batch', async () => {
    const [a, b] = [card('steel-a') as SteelOnnxCard, card('steel-b') as SteelOnnxCard];
    const strips = [1, 2, 3].map((seed) => grayStrip(16, 8, seed));
    const inputsA = strips.map((s) => steelInputPlanes(s, 16, 8, 1, a.input));
    const inputsB = strips.map((s) => steelInputPlanes(s, 16, 8, 1, b.input));
    const pa = await withModel(model('steel-a'), a, (m) => m.predictSteelProbabilities(inputsA));
    const pb = await withModel(model('steel-b'), b, async (m) => {
      expect(m.fixedBatch).toBe(1); // three items, three runs
      return m.predictSteelProbabilities(inputsB);
    });
    expect(pb).toHaveLength(3);
    let defectPixels = 0;
    for (let i = 0; i < 3; i++) {
      expect([pb[i].width, pb[i].height]).toEqual([16, 8]);
      for (let c = 0; c < 4; c++) pa[i].classes[c].forEach((p, k) => expect(Math.abs(pb[i].classes[c][k] - p)).toBeLessThan(1e-5));
      pa[i].presence!.forEach((p, c) => expect(pb[i].presence![c]).toBeCloseTo(p, 5));
      const post = { thresholds: a.thresholds, minArea: a.minArea, presenceThresholds: a.presenceThresholds };
      const toMasks = (p: (typeof pa)[number]) =>
        steelMasksFromMaps(p.classes.map((plane) => ({ data: Uint8Array.from(plane, (v) => Math.round(v * 255)), width: p.width, height: p.height })), p.presence, post, 16, 8);
      const [ma, mb] = [toMasks(pa[i]), toMasks(pb[i])];
      expect(mb.map((m) => Array.from(m.mask))).toEqual(ma.map((m) => Array.from(m.mask)));
      defectPixels += ma.reduce((n, m) => n + m.pixels, 0);
    }
    // The comparison means something only if some pixels are defect and some are not.
    expect(defectPixels).toBeGreaterThan(0);
    expect(defectPixels).toBeLessThan(3 * 4 * 16 * 8);
  });

  it('steel: maps come back as row-major bytes p × 255 at the model’s output resolution', async () => {
    const a = card('steel-a') as SteelOnnxCard;
    const input = steelInputPlanes(grayStrip(24, 6, 9), 24, 6, 1, a.input);
    const [probabilities, prediction] = await withModel(model('steel-a'), a, async (m) => [
      (await m.predictSteelProbabilities([input]))[0],
      (await m.predictSteel([input]))[0],
    ] as const);
    expect(prediction.maps.map((map) => [map.width, map.height])).toEqual(new Array(4).fill([24, 6]));
    prediction.maps.forEach((map, c) => expect(Array.from(map.data)).toEqual(Array.from(probabilities.classes[c], (p) => Math.round(p * 255))));
  });

  it('CT: NCHW logits vs NHWC probabilities with other window and label orders and an unused channel', async () => {
    const [a, b] = [card('ct-a'), card('ct-b')];
    const slices = [4, 5, 6, 7].map((seed) => huSlice(32, 32, seed));
    const planes = (c: OnnxCard): PlanarImage[] => slices.map((hu) => ctInputPlanes(hu, 32, 32, c.input, (c as { windows: [number, number][] }).windows));
    const pa = await withModel(model('ct-a'), a, (m) => m.predictCt(planes(a)));
    const pb = await withModel(model('ct-b'), b, (m) => m.predictCt(planes(b)));
    expect(pa).toHaveLength(4);
    pa.forEach((row, i) => row.forEach((p, k) => expect(pb[i][k]).toBeCloseTo(p, 5)));
    expect(new Set(pa.flat().map((p) => p.toFixed(3))).size).toBeGreaterThan(4); // not a constant output
  });
});

describe('a corrupt or mismatched ONNX file is refused', () => {
  const refusal = async (file: string, c: OnnxCard): Promise<LoupeError> => {
    const before = liveOnnxSessions();
    const error = await OnnxModel.open(file, c).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LoupeError);
    expect((error as LoupeError).code).toBe('bad_input');
    expect((error as LoupeError).message.startsWith(`${file}: `)).toBe(true);
    expect(liveOnnxSessions()).toBe(before); // a refused model leaves no session behind
    return error as LoupeError;
  };

  it('truncated, random or empty bytes', async () => {
    const bytes = readFileSync(model('steel-a'));
    const truncated = join(temp.dir, 'truncated.onnx');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const random = seededRandom(11);
    const noise = join(temp.dir, 'noise.onnx');
    writeFileSync(noise, Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
    const empty = join(temp.dir, 'empty.onnx');
    writeFileSync(empty, new Uint8Array(0));
    for (const file of [truncated, noise, empty]) {
      expect((await refusal(file, card('steel-a'))).message).toMatch(/not a model ONNX Runtime can load \(.+\)/);
    }
    expect((await refusal(join(temp.dir, 'absent.onnx'), card('steel-a'))).message).toMatch(/not a model ONNX Runtime can load/);
  });

  it('a card with another input name, layout, size or task than the model', async () => {
    expect((await refusal(model('steel-a'), card('steel-b'))).message).toMatch(/does not fit this model: the model has no input "pixels" \(its inputs: "image"\)/);
    const ctA = card('ct-a');
    const bigger = { ...ctA, input: { ...ctA.input, size: { height: 32, width: 32 } } } as OnnxCard;
    expect((await refusal(model('ct-a'), bigger)).message).toMatch(/takes 16×16 \(height×width\), the card says 32×32/);
    const nhwc = { ...ctA, input: { ...ctA.input, layout: 'NHWC' } } as OnnxCard;
    expect((await refusal(model('ct-a'), nhwc)).message).toMatch(/has 16 channels on axis 3 \(NHWC\), the card says 3; is the layout NCHW\?/);
    const steelAsCt = { ...ctA, input: { ...ctA.input, channels: 1, size: 'any' }, windows: [[40, 80]] } as OnnxCard;
    expect((await refusal(model('steel-a'), steelAsCt)).message).toMatch(/the model has no output "logits" \(its outputs: "masks", "presence"\)/);
  });

  it('a card that maps another number of output channels than the model has', async () => {
    const a = card('steel-a') as SteelOnnxCard;
    const wrongOrder = { ...a, outputs: { ...a.outputs, masks: { ...a.outputs.masks, classes: [1, 2, 3, 4, null] } } } as SteelOnnxCard;
    // Declared [batch, 4, height, width]: the fixed 4 already disagrees with 5 mapped channels.
    expect((await refusal(model('steel-a'), wrongOrder)).message).toMatch(/has 4 channels on axis 1, the card maps 5/);
  });
});

describe('sessions are released', () => {
  const taskDir = '/proc/self/task';
  const threads = () => readdirSync(taskDir).length;

  it('leaves no session (and, on Linux, none of its threads) behind across 20 load/run/release cycles', async (context) => {
    const c = card('ct-a');
    const input = ctInputPlanes(huSlice(16, 16, 3), 16, 16, c.input, (c as { windows: [number, number][] }).windows);
    const cycle = async () => {
      // Three intra-op threads: ONNX Runtime starts two worker threads per session and joins them on release.
      const m = await OnnxModel.open(model('ct-a'), c, { threads: 3, startAt: 'cpu' });
      await m.predictCt([input]);
      return m;
    };
    const base = liveOnnxSessions();
    await (await cycle()).release(); // the first session also starts ONNX Runtime's process-wide threads
    const linux = existsSync(taskDir);
    if (!linux) console.warn('[onnx] /proc/self/task is absent: the thread count check is SKIPPED (the session count is still checked)');
    const baseline = linux ? threads() : 0;

    const open = await cycle();
    if (linux) expect(threads()).toBeGreaterThan(baseline); // the check can see a session that is not released
    expect(liveOnnxSessions()).toBe(base + 1);
    await open.release();
    await open.release(); // twice is harmless
    await expect(open.predictCt([input])).rejects.toThrow(/the ONNX session was released/);

    for (let i = 0; i < 20; i++) await (await cycle()).release();
    expect(liveOnnxSessions()).toBe(base);
    // At most the baseline: threads that are not ONNX Runtime's (a worker pool, GC helpers) may end meanwhile.
    if (linux) expect(threads()).toBeLessThanOrEqual(baseline);
    context.onTestFailed(() => console.warn(`[onnx] threads ${linux ? threads() : 'n/a'} against a baseline of ${baseline}`));
  });

  it('the provider probe runs a model and says which provider loaded and why CUDA did not', async () => {
    const probe = await probeOnnxProviders();
    expect(probe.ok).toBe(true);
    const report = probe.report!;
    expect(report.attempts.at(-1)).toEqual({ provider: report.provider, loaded: true });
    if (report.provider === 'cpu') expect(report.attempts[0]).toMatchObject({ provider: 'cuda', loaded: false, reason: expect.any(String) });
    expect(liveOnnxSessions()).toBe(0);
  });
});
