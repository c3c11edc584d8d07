// The built-in CT model: a small CNN over the 3-window composite (brain, subdural, soft tissue), six
// sigmoid outputs in CT_LABELS order (five subtypes, then `any`). Post-processing keeps `any` consistent.
import * as tf from '@tensorflow/tfjs';
import { RSNA_BASE_RATES, logit } from '../../../shared/ml/ct-prediction';

export interface CtCnnOptions {
  /** Filters of each conv block; each block halves the resolution. */
  widths: number[];
  /** Square input side in pixels (the 512² slice is resized to it). */
  inputSize: number;
  labels: number;
  seed: number;
  /**
   * Starting logits of the six outputs: RSNA's base rates, so that a fresh model says "as common as in
   * RSNA's data" until it has learnt otherwise (0.5 everywhere scores far worse where bleeds are rare).
   */
  outputBias: number[];
}

export const CT_CNN_DEFAULTS: CtCnnOptions = { widths: [16, 24, 32, 48], inputSize: 128, labels: 6, seed: 1, outputBias: RSNA_BASE_RATES.map(logit) };

export const CT_OUTPUT = 'probabilities';

export function buildCtCnn(options: Partial<CtCnnOptions> = {}): tf.LayersModel {
  const o = { ...CT_CNN_DEFAULTS, ...options };
  let seed = o.seed;
  // Any side works (global pooling before the head): training sees random crops, inference the full input.
  const input = tf.input({ shape: [null, null, 3], name: 'composite' });
  let x = input as tf.SymbolicTensor;
  o.widths.forEach((w, level) => {
    for (const part of ['a', 'b']) {
      x = tf.layers
        .conv2d({ filters: w, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: seed++ }), name: `block${level}_${part}` })
        .apply(x) as tf.SymbolicTensor;
    }
    x = tf.layers.maxPooling2d({ poolSize: 2, name: `pool${level}` }).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers
    .concatenate({ name: 'pooled' })
    .apply([
      tf.layers.globalMaxPooling2d({ name: 'pool_max' }).apply(x) as tf.SymbolicTensor,
      tf.layers.globalAveragePooling2d({ name: 'pool_mean' }).apply(x) as tf.SymbolicTensor,
    ]) as tf.SymbolicTensor;
  const head = tf.layers.dense({ units: o.labels, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }), name: CT_OUTPUT });
  const output = head.apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output, name: 'ct_cnn' });
  if (o.outputBias?.length === o.labels) {
    const [kernel] = head.getWeights(); // the layer's own variable, not a copy: kept
    const start = tf.tensor1d(o.outputBias);
    head.setWeights([kernel, start]);
    start.dispose();
  }
  return model;
}
