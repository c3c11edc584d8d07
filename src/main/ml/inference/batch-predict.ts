// One batch through one or several models, each averaged over a TTA set's views (src/shared/ml/tta.ts):
// steel gives four probability maps (quantised) and the presence probabilities per image; CT gives six
// probabilities per slice (through each card's calibration) with `any` kept consistent. Asynchronous: a built-in
// model may run on ONNX Runtime (RunnableModel.predict).
import * as tf from '@tensorflow/tfjs';
import { calibrateCt, consistentAny } from '../../../shared/ml/ct-prediction';
import type { ProbabilityMap } from '../../../shared/ml/steel-postprocess';
import type { TtaSet } from '../../../shared/ml/tta';
import type { ModelInput } from '../inputs';
import { batchTensor, type RunnableModel } from './runnable-model';
import { runWithTtaAsync } from './tta-views';

export interface SteelBatchPrediction {
  /** Four maps (classes 1–4), row-major bytes at the first model's input size. */
  maps: ProbabilityMap[];
  presence: number[] | null;
}

/** The model's outputs averaged over the set's views (the caller disposes them). */
function withTta(model: RunnableModel, inputs: readonly ModelInput[], tta: TtaSet): Promise<tf.Tensor[]> {
  const x = batchTensor(inputs, model.card);
  return runWithTtaAsync((input) => model.predict(input), x, tta).finally(() => x.dispose());
}

export async function predictSteelBatch(models: readonly RunnableModel[], inputsPerModel: readonly ModelInput[][], tta: TtaSet): Promise<SteelBatchPrediction[]> {
  const first = models[0].card;
  const [height, width] = [first.input.height, first.input.width];
  const maskSum: tf.Tensor[] = [];
  const presenceSum: tf.Tensor[] = [];
  try {
    for (const [m, model] of models.entries()) {
      const [masks, pres] = await withTta(model, inputsPerModel[m], tta);
      if (masks.shape[1] !== height || masks.shape[2] !== width) {
        maskSum.push(tf.image.resizeBilinear(masks as tf.Tensor4D, [height, width]));
        masks.dispose();
      } else maskSum.push(masks);
      if (pres) presenceSum.push(pres);
    }
  } catch (error) {
    tf.dispose([...maskSum, ...presenceSum]);
    throw error;
  }
  const [maps, presence] = tf.tidy(() => {
    const mean = tf.div(tf.addN(maskSum), maskSum.length);
    // [B, H, W, 4] → [B, 4, H, W] bytes: each class's map is then one contiguous row-major run.
    const bytes = tf.cast(tf.round(tf.mul(tf.clipByValue(tf.transpose(mean, [0, 3, 1, 2]), 0, 1), 255)), 'int32');
    const presenceMean = presenceSum.length === models.length ? tf.div(tf.addN(presenceSum), presenceSum.length) : null;
    return presenceMean ? [bytes, presenceMean] : [bytes];
  });
  tf.dispose([...maskSum, ...presenceSum]);
  const mapValues = maps.dataSync();
  const presenceValues = presence ? presence.dataSync() : null;
  tf.dispose([maps, ...(presence ? [presence] : [])]);
  const plane = width * height;
  return inputsPerModel[0].map((_, b) => ({
    maps: [0, 1, 2, 3].map((c) => ({ data: Uint8Array.from(mapValues.subarray((b * 4 + c) * plane, (b * 4 + c + 1) * plane)), width, height })),
    presence: presenceValues ? Array.from(presenceValues.subarray(b * 4, b * 4 + 4)) : null,
  }));
}

/** Six probabilities per slice: each model's outputs through its card's calibration, averaged, `any` kept consistent. */
export async function predictCtBatch(models: readonly RunnableModel[], inputsPerModel: readonly ModelInput[][], tta: TtaSet): Promise<number[][]> {
  const sums = inputsPerModel[0].map(() => new Array<number>(6).fill(0));
  for (const [m, model] of models.entries()) {
    const outputs = await withTta(model, inputsPerModel[m], tta);
    const values = outputs[0].dataSync();
    tf.dispose(outputs);
    const calibration = model.card.task === 'ct' ? model.card.calibration : undefined;
    sums.forEach((sum, b) => calibrateCt(values.subarray(b * 6, b * 6 + 6), calibration).forEach((p, k) => (sum[k] += p)));
  }
  return sums.map((sum) => consistentAny(sum.map((p) => p / models.length)));
}
