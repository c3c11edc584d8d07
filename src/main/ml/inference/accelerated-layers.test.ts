// A built-in model opened for prediction runs on ONNX Runtime (the graph written from its layers and cached beside
// the version) and predicts what TensorFlow.js predicts: the same outputs within 1e-4, the same steel maps and CT
// probabilities through the whole batch path with TTA; its session is released with the model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../backend/backend-chain';
import { buildArchitecture, ctCard, steelCard } from '../architectures/builtin';
import { saveLayersModel } from '../model-folder';
import { liveOnnxSessions } from '../onnx/onnx-model';
import type { ModelInput } from '../inputs';
import { ACCELERATED_ONNX_FILE } from './accelerated-layers';
import { predictCtBatch, predictSteelBatch } from './batch-predict';
import { RunnableModel, batchTensor } from './runnable-model';

const root = mkdtempSync(join(tmpdir(), 'loupe-accelerated-'));
const input = (width: number, height: number, channels: number, seed: number): ModelInput => ({
  bytes: Uint8Array.from({ length: width * height * channels }, (_, i) => (i * 37 + seed * 101 + ((i * i) % 13)) % 256),
  width,
  height,
  channels,
});

beforeAll(async () => {
  await selectBackend();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function saved(name: string, card: ReturnType<typeof steelCard> | ReturnType<typeof ctCard>): Promise<string> {
  const dir = join(root, name);
  const model = buildArchitecture(card, 4)!;
  // Non-zero biases, so the written graph's biases are checked too.
  model.layers.forEach((layer) => {
    const weights = layer.getWeights();
    if (weights.length === 2) layer.setWeights([weights[0], tf.randomUniform(weights[1].shape, -0.3, 0.3, 'float32', 9)]);
  });
  await saveLayersModel(model, dir, card);
  model.dispose();
  return dir;
}

function worst(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]));
  return w;
}

describe('built-in models on ONNX Runtime', () => {
  it('steel: the same outputs within 1e-4, the same maps and presence through the batch path with TTA', async () => {
    const card = steelCard({ widths: [4, 8, 16], upsampling: 'transpose', upsamplingKernel: 3 });
    const dir = await saved('steel', { ...card, input: { ...card.input, width: 64, height: 32 } });
    const plain = await RunnableModel.open(dir);
    const fast = await RunnableModel.open(dir, { accelerate: true });
    try {
      expect(plain.isAccelerated).toBe(false);
      expect(fast.isAccelerated).toBe(true);
      expect(existsSync(join(dir, ACCELERATED_ONNX_FILE))).toBe(true);
      const inputs = [input(64, 32, 1, 1), input(64, 32, 1, 2)];
      const x = batchTensor(inputs, plain.card);
      const [a, b] = [plain.run(x), await fast.predict(x)];
      expect(b.map((t) => t.shape)).toEqual(a.map((t) => t.shape));
      a.forEach((t, i) => expect(worst(b[i].dataSync(), t.dataSync())).toBeLessThan(1e-4));
      tf.dispose([x, ...a, ...b]);
      const [want, got] = [await predictSteelBatch([plain], [inputs], 'flips'), await predictSteelBatch([fast], [inputs], 'flips')];
      got.forEach((p, i) => {
        p.maps.forEach((map, c) => expect(worst(map.data, want[i].maps[c].data)).toBeLessThanOrEqual(1)); // bytes: rounding only
        expect(worst(p.presence!, want[i].presence!)).toBeLessThan(1e-4);
      });
    } finally {
      plain.dispose();
      fast.dispose();
    }
    expect(liveOnnxSessions()).toBe(0);
  });

  it('CT: the same probabilities; a second open reads the cached graph instead of writing it again', async () => {
    const card = ctCard({ widths: [4, 8], inputSize: 24 });
    const dir = await saved('ct', card);
    const first = await RunnableModel.open(dir, { accelerate: true });
    const written = statSync(join(dir, ACCELERATED_ONNX_FILE)).mtimeMs;
    first.dispose();
    const plain = await RunnableModel.open(dir);
    const fast = await RunnableModel.open(dir, { accelerate: true });
    try {
      expect(statSync(join(dir, ACCELERATED_ONNX_FILE)).mtimeMs).toBe(written);
      const inputs = [1, 2, 3].map((s) => input(24, 24, 3, s));
      const [want, got] = [await predictCtBatch([plain], [inputs], 'hflip'), await predictCtBatch([fast], [inputs], 'hflip')];
      got.forEach((row, i) => expect(worst(row, want[i])).toBeLessThan(1e-4));
    } finally {
      plain.dispose();
      fast.dispose();
    }
    expect(liveOnnxSessions()).toBe(0);
  });

  it('stays on TensorFlow.js when LOUPE_BUILTIN_ONNX=off', async () => {
    const dir = await saved('off', ctCard({ widths: [4], inputSize: 16 }));
    process.env.LOUPE_BUILTIN_ONNX = 'off';
    try {
      const model = await RunnableModel.open(dir, { accelerate: true });
      expect(model.isAccelerated).toBe(false);
      model.dispose();
    } finally {
      delete process.env.LOUPE_BUILTIN_ONNX;
    }
  });
});
