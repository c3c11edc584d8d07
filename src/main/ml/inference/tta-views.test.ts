// The tensor TTA path gives what the pure definition gives, on a fake model whose output depends on the
// position it sees (so a view not brought back would differ), with an output at half the input's resolution too.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { predictWithTta, type ModelOutput, type Nhwc } from '../../../shared/ml/tta';
import { runWithTta, runWithTtaAsync } from './tta-views';

/** Map [B, H/s, W/s, 2]: channel sums at each s-th pixel plus a position term; per image [B, 1]: column-weighted sum. */
function fakeTensorModel(scale: number) {
  return (x: tf.Tensor4D): tf.Tensor[] => {
    const [, height, width] = x.shape;
    const sampled = tf.slice(tf.sum(x, 3, true), [0, 0, 0, 0], [-1, height, width, 1]).stridedSlice([0, 0, 0, 0], [x.shape[0], height, width, 1], [1, scale, scale, 1]) as tf.Tensor4D;
    const [, h, w] = sampled.shape;
    const position = tf.add(tf.reshape(tf.mul(tf.range(0, w), 0.1), [1, 1, w, 1]), tf.reshape(tf.mul(tf.range(0, h), 0.013), [1, h, 1, 1]));
    const map = tf.concat([tf.add(sampled, position), tf.mul(sampled, position)], 3);
    const perImage = tf.sum(tf.mul(tf.sum(x, 3), tf.reshape(tf.range(1, width + 1), [1, 1, width])), [1, 2]).reshape([x.shape[0], 1]);
    return [map, perImage];
  };
}

function asPure(model: (x: tf.Tensor4D) => tf.Tensor[]) {
  return (values: Float32Array, shape: Nhwc): ModelOutput[] =>
    tf.tidy(() => model(tf.tensor4d(values, [shape.batch, shape.height, shape.width, shape.channels]))).map((t) => {
      const out = { values: t.dataSync() as Float32Array, dims: t.shape };
      t.dispose();
      return out;
    });
}

describe('TTA views as tensor ops', () => {
  const cases: { name: string; shape: Nhwc; scale: number }[] = [
    { name: 'a strip', shape: { batch: 2, height: 4, width: 128, channels: 1 }, scale: 1 },
    { name: 'a strip, output at half resolution', shape: { batch: 1, height: 4, width: 256, channels: 3 }, scale: 2 },
    { name: 'a square slice', shape: { batch: 2, height: 6, width: 6, channels: 3 }, scale: 1 },
  ];
  for (const { name, shape, scale } of cases) {
    it(`${name}: every set matches the definition`, () => {
      const values = Float32Array.from({ length: shape.batch * shape.height * shape.width * shape.channels }, (_, i) => Math.cos(i * 0.7) + i * 0.003);
      const model = fakeTensorModel(scale);
      for (const set of ['none', 'hflip', 'flips', 'x5'] as const) {
        const expected = predictWithTta(asPure(model), values, shape, set);
        const before = tf.memory().numTensors;
        const outputs = tf.tidy(() => runWithTta(model, tf.tensor4d(values, [shape.batch, shape.height, shape.width, shape.channels]), set));
        expect(outputs.map((o) => o.shape)).toEqual(expected.map((e) => e.dims));
        outputs.forEach((o, k) => {
          const got = o.dataSync();
          const worst = expected[k].values.reduce((m, v, i) => Math.max(m, Math.abs(got[i] - v) / Math.max(1, Math.abs(v))), 0);
          expect(worst, `${set}, output ${k}`).toBeLessThan(1e-5);
        });
        tf.dispose(outputs);
        expect(tf.memory().numTensors).toBe(before);
      }
    });

    it(`${name}: the asynchronous path (a model on ONNX Runtime) matches the definition, leaving no tensor`, async () => {
      const values = Float32Array.from({ length: shape.batch * shape.height * shape.width * shape.channels }, (_, i) => Math.sin(i * 0.3) + i * 0.002);
      const model = fakeTensorModel(scale);
      const later = async (x: tf.Tensor4D) => tf.tidy(() => model(x));
      for (const set of ['none', 'hflip', 'flips', 'x5'] as const) {
        const expected = predictWithTta(asPure(model), values, shape, set);
        const before = tf.memory().numTensors;
        const x = tf.tensor4d(values, [shape.batch, shape.height, shape.width, shape.channels]);
        const outputs = await runWithTtaAsync(later, x, set);
        x.dispose();
        expect(outputs.map((o) => o.shape)).toEqual(expected.map((e) => e.dims));
        outputs.forEach((o, k) => {
          const got = o.dataSync();
          const worst = expected[k].values.reduce((m, v, i) => Math.max(m, Math.abs(got[i] - v) / Math.max(1, Math.abs(v))), 0);
          expect(worst, `${set}, output ${k}`).toBeLessThan(1e-5);
        });
        tf.dispose(outputs);
        expect(tf.memory().numTensors).toBe(before);
      }
    });
  }
});
