// Model speed on the best backend this machine loads (`npm run bench`; benchMl is called by bench/run.ts):
//   - inference ms per image of each built-in architecture at its default input, and ms per training step;
//   - the reference U-Net (widths 10-20-40-80, 3×3 stride-2 transposed-convolution decoder, 209,624 parameters)
//     against PyTorch on the same network with the same weights, in the same run: bench/reference-unet.ts.
// Keys carry the backend's name, e.g. "steel-unet infer ms/image [wasm]".
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/main/ml/backend/backend-chain';
import { buildSteelUnet } from '../src/main/ml/architectures/steel-unet';
import { buildCtCnn } from '../src/main/ml/architectures/ct-cnn';
import { ctCard, steelCard } from '../src/main/ml/architectures/builtin';
import { ctLoss, steelLoss } from '../src/main/ml/training/losses';
import { benchReferenceUnet } from './reference-unet';

/** Median milliseconds of `reps` runs after one warm-up run. */
function median(reps: number, run: () => void): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function inferMs(model: tf.LayersModel, shape: [number, number, number, number], reps: number): number {
  const x = tf.randomUniform(shape, 0, 1, 'float32', 1);
  const ms = median(reps, () => {
    const out = model.predict(x);
    for (const t of Array.isArray(out) ? out : [out]) t.dataSync();
    tf.dispose(out);
  });
  x.dispose();
  return ms / shape[0];
}

function stepMs(model: tf.LayersModel, shape: [number, number, number, number], task: 'steel' | 'ct', reps: number): number {
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomUniform(shape, 0, 1, 'float32', 2);
  const y = tf.tidy(() =>
    task === 'steel'
      ? tf.cast(tf.greater(tf.randomUniform([shape[0], shape[1], shape[2], 4], 0, 1, 'float32', 3), 0.9), 'float32')
      : tf.cast(tf.greater(tf.randomUniform([shape[0], 6], 0, 1, 'float32', 4), 0.8), 'float32'),
  );
  const presence = tf.ones([shape[0], 4]);
  const ms = median(reps, () => {
    const loss = optimizer.minimize(() => {
      const out = model.apply(x, { training: true }) as tf.Tensor | tf.Tensor[];
      const [first, second] = Array.isArray(out) ? out : [out];
      return task === 'steel' ? steelLoss(first, y, second ?? null, presence) : ctLoss(first, y);
    }, true)!;
    loss.dataSync();
    loss.dispose();
  });
  tf.dispose([x, y, presence]);
  optimizer.dispose();
  return ms;
}

export async function benchMl(): Promise<Record<string, number>> {
  const { backend } = await selectBackend();
  const tag = (name: string) => `${name} [${backend}]`;
  const results: Record<string, number> = {};

  const steel = steelCard();
  const steelModel = buildSteelUnet({ ...steel.architectureOptions });
  results['steel-unet parameters'] = steelModel.countParams();
  results[tag(`steel-unet infer ms/image ${steel.input.width}x${steel.input.height}`)] = inferMs(steelModel, [4, steel.input.height, steel.input.width, 1], 5);
  results[tag(`steel-unet train ms/step b4 ${256}x${steel.input.height}`)] = stepMs(steelModel, [4, steel.input.height, 256, 1], 'steel', 5);
  steelModel.dispose();

  const ct = ctCard();
  const ctModel = buildCtCnn({ ...ct.architectureOptions });
  results['ct-cnn parameters'] = ctModel.countParams();
  results[tag(`ct-cnn infer ms/image ${ct.input.width}x${ct.input.height}`)] = inferMs(ctModel, [16, ct.input.height, ct.input.width, 3], 5);
  results[tag('ct-cnn train ms/step b16 112x112')] = stepMs(ctModel, [16, 112, 112, 3], 'ct', 5);
  ctModel.dispose();

  await benchReferenceUnet(backend, results);
  results['tensors left after the bench'] = tf.memory().numTensors;
  return results;
}
