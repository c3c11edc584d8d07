// The built-in steel model: a U-Net over a grayscale strip (downscaled), four sigmoid defect maps, and an
// image-level head per class (global max + mean of the bottleneck) whose probability gates empty classes,
// as the winning Severstal pipelines did. Fully convolutional: any input whose sides divide by 2^levels.
import * as tf from '@tensorflow/tfjs';

export interface SteelUnetOptions {
  /** Filters per level, the last being the bottleneck; the side must divide by 2^(widths.length − 1). */
  widths: number[];
  inputChannels: number;
  classes: number;
  /** How the decoder doubles resolution: nearest-neighbour upsampling, or a learned 2×2 transposed convolution. */
  upsampling: 'nearest' | 'transpose';
  /** Kernel side of the transposed convolution (with upsampling 'transpose'). */
  upsamplingKernel: number;
  /** Adds the image-level `presence` output. */
  presenceHead: boolean;
  /** Seed of the weight initialisers, so a training run is reproducible. */
  seed: number;
  /**
   * Starting probability of a defect pixel and of a class being on a strip (the output biases' logits), near
   * what Severstal's data has: a fresh model then starts from "mostly clean steel" instead of spending its
   * first epochs unlearning 0.5 everywhere.
   */
  pixelPrior: number;
  presencePrior: number;
}

export const STEEL_UNET_DEFAULTS: SteelUnetOptions = {
  widths: [8, 16, 32, 64],
  inputChannels: 1,
  classes: 4,
  upsampling: 'nearest',
  upsamplingKernel: 2,
  presenceHead: true,
  seed: 1,
  pixelPrior: 0.01,
  presencePrior: 0.2,
};

const logitOf = (p: number) => Math.log(p / (1 - p));

/** Output names, also written in the model card. */
export const STEEL_OUTPUTS = { masks: 'masks', presence: 'presence' } as const;

export function buildSteelUnet(options: Partial<SteelUnetOptions> = {}): tf.LayersModel {
  const o = { ...STEEL_UNET_DEFAULTS, ...options };
  let seed = o.seed;
  const init = () => tf.initializers.heNormal({ seed: seed++ });
  const conv = (x: tf.SymbolicTensor, filters: number, name: string) =>
    tf.layers
      .conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(), name })
      .apply(x) as tf.SymbolicTensor;
  const block = (x: tf.SymbolicTensor, filters: number, name: string) => conv(conv(x, filters, `${name}_a`), filters, `${name}_b`);

  const input = tf.input({ shape: [null, null, o.inputChannels], name: 'strip' });
  const skips: tf.SymbolicTensor[] = [];
  let x = input;
  o.widths.slice(0, -1).forEach((w, level) => {
    x = block(x, w, `down${level}`);
    skips.push(x);
    x = tf.layers.maxPooling2d({ poolSize: 2, name: `pool${level}` }).apply(x) as tf.SymbolicTensor;
  });
  const bottleneck = block(x, o.widths[o.widths.length - 1], 'bottleneck');
  x = bottleneck;
  for (let level = skips.length - 1; level >= 0; level--) {
    const w = o.widths[level];
    x =
      o.upsampling === 'nearest'
        ? (tf.layers.upSampling2d({ size: [2, 2], name: `up${level}` }).apply(x) as tf.SymbolicTensor)
        : (tf.layers
            .conv2dTranspose({ filters: w, kernelSize: o.upsamplingKernel, strides: 2, padding: 'same', kernelInitializer: init(), name: `up${level}` })
            .apply(x) as tf.SymbolicTensor);
    x = tf.layers.concatenate({ axis: -1, name: `skip${level}` }).apply([x, skips[level]]) as tf.SymbolicTensor;
    x = block(x, w, `dec${level}`);
  }
  const masks = tf.layers
    .conv2d({
      filters: o.classes, kernelSize: 1, activation: 'sigmoid', name: STEEL_OUTPUTS.masks,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }), biasInitializer: tf.initializers.constant({ value: logitOf(o.pixelPrior) }),
    })
    .apply(x) as tf.SymbolicTensor;
  const outputs = [masks];
  if (o.presenceHead) {
    const pooled = tf.layers
      .concatenate({ name: 'presence_pool' })
      .apply([
        tf.layers.globalMaxPooling2d({ name: 'presence_max' }).apply(bottleneck) as tf.SymbolicTensor,
        tf.layers.globalAveragePooling2d({ name: 'presence_mean' }).apply(bottleneck) as tf.SymbolicTensor,
      ]) as tf.SymbolicTensor;
    outputs.push(
      tf.layers
        .dense({
          units: o.classes, activation: 'sigmoid', name: STEEL_OUTPUTS.presence,
          kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }), biasInitializer: tf.initializers.constant({ value: logitOf(o.presencePrior) }),
        })
        .apply(pooled) as tf.SymbolicTensor,
    );
  }
  return tf.model({ inputs: input, outputs, name: 'steel_unet' });
}

/** The side lengths the U-Net accepts must divide by this. */
export function steelUnetStride(widths: number[]): number {
  return 2 ** (widths.length - 1);
}
