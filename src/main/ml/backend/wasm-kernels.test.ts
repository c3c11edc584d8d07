// Loupe's wasm training kernels give what the cpu backend gives (within 1e-3 relative) on random inputs.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './backend-chain';

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** The same computation on wasm and on cpu, from the same input values. */
async function onBoth(inputs: tf.Tensor[], f: (...t: tf.Tensor[]) => tf.Tensor | tf.Tensor[]): Promise<[Float32Array[], Float32Array[]]> {
  const values = inputs.map((t) => ({ data: t.dataSync().slice(), shape: t.shape }));
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    let result: Float32Array[] = [];
    tf.tidy(() => {
      const out = f(...values.map((v) => tf.tensor(v.data, v.shape)));
      result = (Array.isArray(out) ? out : [out]).map((t) => t.dataSync().slice() as Float32Array);
    });
    return result;
  };
  const wasm = await run('wasm');
  const cpu = await run('cpu');
  await tf.setBackend('wasm');
  return [wasm, cpu];
}

describe('wasm training kernels', () => {
  beforeAll(async () => {
    await selectBackend({ startAt: 'wasm' });
  });

  const cases: [number[], number, number, 'same' | 'valid', number][] = [
    [[2, 9, 11, 3], 3, 1, 'same', 5],
    [[2, 10, 12, 4], 3, 2, 'same', 6],
    [[1, 9, 9, 2], 2, 2, 'valid', 3],
    [[3, 7, 8, 5], 5, 1, 'valid', 4],
    [[2, 16, 16, 4], 3, 2, 'valid', 8],
    [[1, 12, 20, 1], 1, 1, 'same', 4],
  ];

  it.each(cases)('conv2d gradients match cpu: x %j, %i×%i kernel, stride %i, %s', async (shape, k, stride, pad, out) => {
    const x = tf.randomNormal(shape, 0, 1, 'float32', 11);
    const w = tf.randomNormal([k, k, shape[3], out], 0, 1, 'float32', 12);
    const dy = tf.randomNormal((tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad) as tf.Tensor).shape, 0, 1, 'float32', 13);
    const [wasm, cpu] = await onBoth([x, w, dy], (xx, ww, d) =>
      tf.grads((a, b) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad), d)))([xx, ww]),
    );
    expect(relativeError(wasm[0], cpu[0])).toBeLessThan(1e-3); // dx: Conv2DBackpropInput
    expect(relativeError(wasm[1], cpu[1])).toBeLessThan(1e-3); // dW: Conv2DBackpropFilter
  });

  it('a strided transposed convolution (Conv2DBackpropInput forward) matches cpu', async () => {
    const x = tf.randomNormal([2, 5, 7, 6], 0, 1, 'float32', 21);
    const w = tf.randomNormal([2, 2, 3, 6], 0, 1, 'float32', 22);
    const [wasm, cpu] = await onBoth([x, w], (a, b) => tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [2, 10, 14, 3], 2, 'same'));
    expect(relativeError(wasm[0], cpu[0])).toBeLessThan(1e-3);
  });

  it('concat, slice and split along any axis match cpu exactly', async () => {
    const x = tf.randomNormal([2, 5, 7, 3], 0, 1, 'float32', 31);
    const [wasm, cpu] = await onBoth([x], (a) => [
      tf.concat([a, tf.mul(a, 2), tf.slice(a, [0, 0, 0, 1], [2, 5, 7, 1])], 3),
      tf.concat([a, a], 1),
      tf.slice(a, [1, 1, 2, 0], [1, 3, 4, 3]),
      tf.slice(a, [0, 0, 0, 1], [2, 5, 7, 2]),
      ...tf.split(a, [1, 2], 3),
      ...tf.split(a, [2, 3], 1),
    ]);
    wasm.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(cpu[i])));
  });
});
