// A data-parallel step (the batch over this thread and a worker thread) computes the single-thread step's loss and
// gradient, Dice over the whole batch and the presence head included, and so the same Adam update.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/backend-chain';
import { buildSteelUnet } from '../architectures/steel-unet';
import { steelLoss } from './losses';
import { DataParallelSteelTrainer, trainableVariables } from './data-parallel';

let trainer: DataParallelSteelTrainer;
let model: tf.LayersModel;

beforeAll(async () => {
  await selectBackend();
  model = buildSteelUnet({ widths: [4, 8, 16], upsampling: 'transpose', upsamplingKernel: 3, presenceHead: true, seed: 5 });
  trainer = await DataParallelSteelTrainer.start(model, 1);
}, 120_000);

afterAll(async () => {
  await trainer?.close();
  model?.dispose();
});

function batch(seed: number) {
  const x = tf.randomUniform([4, 16, 24, 1], 0, 1, 'float32', seed) as tf.Tensor4D;
  // Class 2 only in the second half of the batch: its Dice couples the shards.
  const mask = tf.tensor4d([0, 0, 1, 1].flatMap((on) => new Array(16 * 24).fill(on)), [4, 16, 24, 1]);
  const y = tf.tidy(() => {
    const t = tf.cast(tf.greater(tf.randomUniform([4, 16, 24, 4], 0, 1, 'float32', seed + 1), 0.7), 'float32');
    return tf.mul(t, tf.concat([tf.onesLike(mask), mask, tf.onesLike(mask), tf.zerosLike(mask)], 3)) as tf.Tensor4D;
  });
  mask.dispose();
  const p = tf.tensor2d([[1, 0, 1, 0], [1, 0, 1, 0], [1, 1, 1, 0], [1, 1, 0, 0]]);
  return { x, y, p };
}

function singleThread(x: tf.Tensor4D, y: tf.Tensor4D, p: tf.Tensor2D) {
  return tf.variableGrads(() => {
    const [masks, presence] = model.apply(x, { training: true }) as tf.Tensor[];
    return steelLoss(masks, y, presence, p);
  }, trainableVariables(model));
}

function worstRelative(a: tf.Tensor, b: tf.Tensor): number {
  const [u, v] = [a.dataSync(), b.dataSync()];
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < u.length; i++) {
    diff = Math.max(diff, Math.abs(u[i] - v[i]));
    scale = Math.max(scale, Math.abs(v[i]));
  }
  return diff / scale;
}

describe('DataParallelSteelTrainer', () => {
  it("gives the single-thread step's loss and gradient", async () => {
    const { x, y, p } = batch(11);
    const single = singleThread(x, y, p);
    const parallel = await trainer.computeGradients(x, y, p);
    const loss = single.value.dataSync()[0];
    expect(Math.abs(parallel.loss - loss) / loss).toBeLessThan(1e-5);
    const names = Object.keys(single.grads);
    expect(Object.keys(parallel.grads).sort()).toEqual([...names].sort());
    for (const name of names) expect(worstRelative(parallel.grads[name], single.grads[name])).toBeLessThan(1e-4);
    tf.dispose([x, y, p, single.value, ...Object.values(single.grads), ...Object.values(parallel.grads)]);
  }, 120_000);

  it('makes the same Adam updates as the single-thread step, step after step', async () => {
    const start = model.getWeights().map((w) => w.clone());
    const reference = tf.train.adam(1e-2);
    for (let s = 0; s < 3; s++) {
      const { x, y, p } = batch(20 + s);
      reference.minimize(() => {
        const [masks, presence] = model.apply(x, { training: true }) as tf.Tensor[];
        return steelLoss(masks, y, presence, p);
      });
      tf.dispose([x, y, p]);
    }
    const expected = model.getWeights().map((w) => w.clone());
    model.setWeights(start);
    const adam = tf.train.adam(1e-2);
    for (let s = 0; s < 3; s++) {
      const { x, y, p } = batch(20 + s);
      await trainer.step(adam, x, y, p);
      tf.dispose([x, y, p]);
    }
    model.getWeights().forEach((w, i) => {
      const moved = tf.tidy(() => tf.max(tf.abs(tf.sub(expected[i], start[i]))).dataSync()[0]);
      const off = tf.tidy(() => tf.max(tf.abs(tf.sub(w, expected[i]))).dataSync()[0]);
      // Adam moves each weight by up to about 3 × 1e-2 here; the two paths agree to float rounding.
      if (moved > 0) expect(off).toBeLessThan(1e-4);
    });
    tf.dispose([...start, ...expected]);
    reference.dispose();
    adam.dispose();
  }, 120_000);
});
