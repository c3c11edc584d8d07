// The TTA views of src/shared/ml/tta.ts as TensorFlow.js ops: each view's input, the model run on it, its
// map outputs (rank 4) brought back to the input's frame, and the mean over the views — per pixel over the
// views that cover it (a shifted view leaves out the columns it pushed off the edge); rank-2 outputs
// (presence, CT probabilities) are the plain mean. The caller runs this inside tf.tidy.
import * as tf from '@tensorflow/tfjs';
import { ttaViews, type TtaSet, type TtaView } from '../../../shared/ml/tta';

/** The batch [B, H, W, C] as the view shows it to the model. */
function viewInput(x: tf.Tensor4D, v: TtaView): tf.Tensor4D {
  let out = x;
  if (v.flipX) out = tf.reverse(out, 2);
  if (v.flipY) out = tf.reverse(out, 1);
  if (v.transpose) out = tf.transpose(out, [0, 2, 1, 3]);
  if (v.shiftX) {
    const [, , width] = out.shape;
    const first = tf.slice(out, [0, 0, 0, 0], [-1, -1, 1, -1]);
    out = tf.concat([tf.tile(first, [1, 1, v.shiftX, 1]), tf.slice(out, [0, 0, 0, 0], [-1, -1, width - v.shiftX, -1])], 2);
  }
  return out;
}

/** A map output [B, H, W, C] back in the input's frame, and its coverage [1, H, W, 1] (null: every pixel). */
function restoreOutput(y: tf.Tensor4D, v: TtaView, inputWidth: number): { map: tf.Tensor4D; covered: tf.Tensor4D | null } {
  let map = y;
  let covered: tf.Tensor4D | null = null;
  if (v.shiftX) {
    const [batch, height, width, channels] = map.shape;
    const k = Math.round((v.shiftX * width) / inputWidth);
    if (k > 0) {
      map = tf.concat([tf.slice(map, [0, 0, k, 0], [-1, -1, width - k, -1]), tf.zeros([batch, height, k, channels]) as tf.Tensor4D], 2);
      covered = tf.concat([tf.ones([1, height, width - k, 1]) as tf.Tensor4D, tf.zeros([1, height, k, 1]) as tf.Tensor4D], 2);
    }
  }
  if (v.transpose) {
    map = tf.transpose(map, [0, 2, 1, 3]);
    if (covered) covered = tf.transpose(covered, [0, 2, 1, 3]);
  }
  if (v.flipY) {
    map = tf.reverse(map, 1);
    if (covered) covered = tf.reverse(covered, 1);
  }
  if (v.flipX) {
    map = tf.reverse(map, 2);
    if (covered) covered = tf.reverse(covered, 2);
  }
  return { map, covered };
}

/** The mean of `run`'s outputs over the set's views, maps restored to the input's frame first. */
export function runWithTta(run: (x: tf.Tensor4D) => tf.Tensor[], x: tf.Tensor4D, set: TtaSet): tf.Tensor[] {
  const [, height, width] = x.shape;
  const views = ttaViews(set, { width, height });
  if (views.length === 1) return run(x);
  const sums: tf.Tensor[] = [];
  const weights: (tf.Tensor | number)[] = [];
  for (const v of views) {
    run(viewInput(x, v)).forEach((output, o) => {
      let value = output;
      let weight: tf.Tensor | number = 1;
      if (output.rank === 4) {
        const back = restoreOutput(output as tf.Tensor4D, v, width);
        value = back.map;
        if (back.covered) weight = back.covered;
      }
      sums[o] = sums[o] ? tf.add(sums[o], value) : value;
      const before = weights[o];
      weights[o] = before === undefined ? weight : typeof before === 'number' && typeof weight === 'number' ? before + weight : tf.add(before, weight);
    });
  }
  // Pixels no view covered cannot occur (the identity covers all), so the divisor is at least 1.
  return sums.map((sum, o) => tf.div(sum, weights[o]));
}

/**
 * runWithTta for a model that runs asynchronously (ONNX Runtime): each view's input is made, run and folded into
 * the running sums one view at a time. The caller disposes what it returns; nothing else is left behind.
 */
export async function runWithTtaAsync(run: (x: tf.Tensor4D) => Promise<tf.Tensor[]>, x: tf.Tensor4D, set: TtaSet): Promise<tf.Tensor[]> {
  const [, height, width] = x.shape;
  const views = ttaViews(set, { width, height });
  if (views.length === 1) return run(x);
  let sums: tf.Tensor[] = [];
  let weights: tf.Tensor[] = [];
  for (const v of views) {
    const input = tf.tidy(() => viewInput(x, v));
    const outputs = await run(input);
    if (input !== x) input.dispose();
    const [nextSums, nextWeights] = tf.tidy(() => {
      const s: tf.Tensor[] = [];
      const w: tf.Tensor[] = [];
      outputs.forEach((output, o) => {
        let value = output;
        let weight: tf.Tensor = tf.scalar(1);
        if (output.rank === 4) {
          const back = restoreOutput(output as tf.Tensor4D, v, width);
          value = back.map;
          if (back.covered) weight = back.covered;
        }
        s[o] = sums[o] ? tf.add(sums[o], value) : tf.clone(value);
        w[o] = weights[o] ? tf.add(weights[o], weight) : weight;
      });
      return [s, w];
    });
    tf.dispose([...outputs, ...sums, ...weights]);
    [sums, weights] = [nextSums, nextWeights];
  }
  const means = tf.tidy(() => sums.map((sum, o) => tf.div(sum, weights[o])));
  tf.dispose([...sums, ...weights]);
  return means;
}
