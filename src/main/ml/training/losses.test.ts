// A tiny model trains a few steps (Adam) on a fixed batch, and its loss falls — on cpu and on wasm.
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/backend-chain';
import { buildSteelUnet } from '../architectures/steel-unet';
import { buildCtCnn } from '../architectures/ct-cnn';
import { ctLoss, steelLoss } from './losses';

/** A fixed batch: bright blobs on noise, with their masks. */
function steelBatch(): { x: tf.Tensor4D; y: tf.Tensor4D; presence: tf.Tensor2D } {
  const [b, h, w] = [2, 16, 24];
  const x = new Float32Array(b * h * w);
  const y = new Float32Array(b * h * w * 4);
  for (let n = 0; n < b; n++) {
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const inside = Math.hypot(i - 8, j - (n ? 16 : 7)) < 4;
        x[(n * h + i) * w + j] = (inside ? 1 : 0) + 0.1 * Math.sin(i * 7 + j * 3 + n);
        if (inside) y[((n * h + i) * w + j) * 4 + (n ? 2 : 0)] = 1;
      }
    }
  }
  return { x: tf.tensor4d(x, [b, h, w, 1]), y: tf.tensor4d(y, [b, h, w, 4]), presence: tf.tensor2d([1, 0, 0, 0, 0, 0, 1, 0], [2, 4]) };
}

async function lossesOver(backend: 'cpu' | 'wasm', steps: number, task: 'steel' | 'ct'): Promise<number[]> {
  await selectBackend({ startAt: backend });
  const before = tf.memory().numTensors;
  const losses: number[] = [];
  const optimizer = tf.train.adam(0.01);
  if (task === 'steel') {
    const model = buildSteelUnet({ widths: [4, 8], seed: 3 });
    const { x, y, presence } = steelBatch();
    for (let s = 0; s < steps; s++) {
      const loss = optimizer.minimize(() => {
        const [masks, p] = model.apply(x, { training: true }) as tf.Tensor[];
        return steelLoss(masks, y, p, presence);
      }, true)!;
      losses.push(loss.dataSync()[0]);
      loss.dispose();
    }
    tf.dispose([x, y, presence]);
    model.dispose();
  } else {
    const model = buildCtCnn({ widths: [4, 8], seed: 3 });
    const x = tf.randomUniform([4, 16, 16, 3], 0, 1, 'float32', 5);
    const y = tf.tensor2d([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0], [4, 6]);
    for (let s = 0; s < steps; s++) {
      const loss = optimizer.minimize(() => ctLoss(model.apply(x, { training: true }) as tf.Tensor, y), true)!;
      losses.push(loss.dataSync()[0]);
      loss.dispose();
    }
    tf.dispose([x, y]);
    model.dispose();
  }
  optimizer.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return losses;
}

describe('training a tiny model', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(['cpu', 'wasm'] as const)('the steel U-Net loss falls on a fixed batch (%s)', async (backend) => {
    const losses = await lossesOver(backend, 10, 'steel');
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.9);
  }, 30_000); // a guard for a busy machine, not a speed check

  it.each(['cpu', 'wasm'] as const)('the CT CNN loss falls on a fixed batch (%s)', async (backend) => {
    const losses = await lossesOver(backend, 10, 'ct');
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.9);
  }, 30_000);
});
