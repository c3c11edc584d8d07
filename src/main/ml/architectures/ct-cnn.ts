// The built-in CT model: a small CNN over the 3-window composite (brain, subdural, soft tissue), six
// sigmoid outputs in CT_LABELS order (five subtypes, then `any`). Post-processing keeps `any` consistent.
import * as tf from '@tensorflow/tfjs';

export interface CtCnnOptions {
  /** Filters of each conv block; each block halves the resolution. */
  widths: number[];
  /** Square input side in pixels (the 512² slice is resized to it). */
  inputSize: number;
  labels: number;
  seed: number;
}

export const CT_CNN_DEFAULTS: CtCnnOptions = { widths: [16, 24, 32, 48], inputSize: 128, labels: 6, seed: 1 };

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
  const output = tf.layers
    .dense({ units: o.labels, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }), name: CT_OUTPUT })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'ct_cnn' });
}
