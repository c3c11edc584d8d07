// Loupe's own models written as ONNX graphs give, in ONNX Runtime, what TensorFlow.js gives (within 1e-4) for every
// architecture option the writer meets: nearest or transposed-convolution upsampling (2×2 and 3×3), gray or RGB,
// with or without the presence head, and the CT CNN's global pooling + dense head.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { selectBackend } from '../backend/backend-chain';
import { buildSteelUnet, type SteelUnetOptions } from '../architectures/steel-unet';
import { buildCtCnn } from '../architectures/ct-cnn';
import { layersModelToOnnxBytes } from './layers-to-onnx';

beforeAll(async () => {
  await selectBackend();
});

async function compare(model: tf.LayersModel, shape: [number, number, number, number]): Promise<number[]> {
  // Non-zero biases, so a bias in the wrong place (or one dropped) shows.
  model.layers.forEach((layer) => {
    const weights = layer.getWeights();
    if (weights.length === 2) layer.setWeights([weights[0], tf.randomUniform(weights[1].shape, -0.2, 0.2, 'float32', 7)]);
  });
  const x = tf.randomUniform(shape, 0, 1, 'float32', 3);
  const expected = (() => {
    const out = model.predict(x);
    return (Array.isArray(out) ? out : [out]).map((t) => ({ values: t.dataSync().slice(), shape: t.shape }));
  })();
  const session = await ort.InferenceSession.create(await layersModelToOnnxBytes(model), { intraOpNumThreads: 1 });
  try {
    const result = await session.run({ input: new ort.Tensor('float32', x.dataSync().slice(), shape) });
    return model.outputNames.map((name, i) => {
      const got = result[name];
      expect(got.dims).toEqual(expected[i].shape);
      const values = got.data as Float32Array;
      let worst = 0;
      for (let k = 0; k < values.length; k++) worst = Math.max(worst, Math.abs(values[k] - expected[i].values[k]));
      return worst;
    });
  } finally {
    x.dispose();
    await session.release();
    model.dispose();
  }
}

describe('layersModelToOnnx', () => {
  const steelCases: [string, Partial<SteelUnetOptions>, number][] = [
    ['the built-in steel U-Net (nearest upsampling, presence head)', {}, 1],
    ['the reference U-Net (widths 10-20-40-80, RGB, 3×3 stride-2 transposed convolutions)', { widths: [10, 20, 40, 80], inputChannels: 3, upsampling: 'transpose', upsamplingKernel: 3, presenceHead: false }, 3],
    ['2×2 transposed convolutions with the presence head', { widths: [4, 8, 16], upsampling: 'transpose', upsamplingKernel: 2 }, 1],
  ];
  for (const [what, options, channels] of steelCases) {
    it(`gives TensorFlow.js's outputs for ${what}`, async () => {
      const model = buildSteelUnet({ ...options, inputChannels: channels });
      const errors = await compare(model, [2, 32, 48, channels]);
      expect(errors.length).toBe(options.presenceHead === false ? 1 : 2);
      for (const e of errors) expect(e).toBeLessThan(1e-4);
    });
  }

  it("gives TensorFlow.js's outputs for the CT CNN", async () => {
    const errors = await compare(buildCtCnn(), [3, 40, 40, 3]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeLessThan(1e-4);
  });

  it('refuses a layer kind it has no writer for, naming the layer', async () => {
    const input = tf.input({ shape: [8, 8, 1] });
    const out = tf.layers.batchNormalization({ name: 'norm' }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    await expect(layersModelToOnnxBytes(model)).rejects.toThrow(/layer norm: BatchNormalization/);
    model.dispose();
  });
});
