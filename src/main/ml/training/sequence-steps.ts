// The sequence model's tensors: series of slice embeddings as one batch, its loss (RSNA-weighted
// cross-entropy over every slice of every series) and its per-slice probabilities.
import * as tf from '@tensorflow/tfjs';
import { ctLoss } from './losses';

/** Series of equal length (each an array of slice embeddings) as [series, slices, size]. */
export function seriesTensor(series: readonly (readonly Float32Array[])[]): tf.Tensor3D {
  const slices = series[0].length;
  const size = series[0][0].length;
  const values = new Float32Array(series.length * slices * size);
  series.forEach((s, b) => s.forEach((e, t) => values.set(e, (b * slices + t) * size)));
  return tf.tensor3d(values, [series.length, slices, size]);
}

/** Six 0/1 labels per slice of equal-length series as [series, slices, 6]. */
export function labelsTensor(labels: readonly (readonly number[][])[]): tf.Tensor3D {
  return tf.tensor3d(labels.flatMap((s) => s.flat()), [labels.length, labels[0].length, 6]);
}

/** The loss of the model on one batch (run in training mode: dropout on). */
export function sequenceLoss(model: tf.LayersModel, x: tf.Tensor3D, y: tf.Tensor3D): tf.Scalar {
  const predicted = model.apply(x, { training: true }) as tf.Tensor;
  return ctLoss(tf.reshape(predicted, [-1, 6]), tf.reshape(y, [-1, 6]));
}

/** The model's six raw probabilities for each slice of one ordered series. */
export function predictSeries(model: tf.LayersModel, embeddings: readonly Float32Array[]): number[][] {
  const out = tf.tidy(() => model.predict(seriesTensor([embeddings])) as tf.Tensor);
  const values = out.dataSync();
  out.dispose();
  return embeddings.map((_, t) => Array.from(values.subarray(t * 6, t * 6 + 6)));
}
