// A CT CNN's slice embedding: the features its head reads (the built-in CNN's `pooled` layer: global max and
// mean of the last block), taken in the same run as its six probabilities and averaged over the same TTA
// views. A layers model names its embedding layer in the card (architectureOptions.embeddingLayer); the
// built-in CNN's is `pooled`. The sequence model learns from these, and pre-annotation stores them.
import * as tf from '@tensorflow/tfjs';
import { calibrateCt, consistentAny } from '../../../shared/ml/ct-prediction';
import { embeddingLayerOf } from '../../../shared/ml/ct-sequence-card';
import type { TtaSet } from '../../../shared/ml/tta';
import type { ModelInput } from '../inputs';
import { batchTensor, type RunnableModel } from './runnable-model';
import { runWithTta } from './tta-views';

export interface EmbeddedBatch {
  /** One embedding per slice. */
  embeddings: Float32Array[];
  /** Six probabilities per slice through the card's calibration, `any` consistent (what pre-annotation writes). */
  probabilities: number[][];
}

export class CtEmbedder {
  private constructor(
    readonly model: RunnableModel,
    /** The CNN with two outputs, embedding and probabilities. It shares the CNN's layers, so it is never disposed itself. */
    private readonly both: tf.LayersModel,
  ) {}

  /** The embedder of a CT layers model with an embedding layer, else null. */
  static of(model: RunnableModel): CtEmbedder | null {
    const layers = model.layers;
    const name = embeddingLayerOf(model.card);
    if (!layers || !name || model.card.task !== 'ct') return null;
    const layer = layers.layers.find((l) => l.name === name);
    const index = layers.outputNames.indexOf(model.card.outputs.probabilities);
    if (!layer || index < 0) return null;
    const embedding = layer.output as tf.SymbolicTensor;
    if (embedding.shape.length !== 2) return null; // one vector per slice, not a feature map
    return new CtEmbedder(model, tf.model({ inputs: layers.inputs, outputs: [embedding, layers.outputs[index]] }));
  }

  /** The embedding size. */
  get size(): number {
    return (this.both.outputs[0].shape[1] as number | null) ?? 0;
  }

  embed(inputs: readonly ModelInput[], tta: TtaSet): EmbeddedBatch {
    const card = this.model.card;
    const [e, p] = tf.tidy(() => runWithTta((x) => this.both.predict(x) as tf.Tensor[], batchTensor(inputs, card), tta));
    const [embeddingValues, probabilityValues] = [e.dataSync() as Float32Array, p.dataSync() as Float32Array];
    tf.dispose([e, p]);
    const size = e.shape[1]!;
    const calibration = card.task === 'ct' ? card.calibration : undefined;
    return {
      embeddings: inputs.map((_, b) => embeddingValues.slice(b * size, (b + 1) * size)),
      probabilities: inputs.map((_, b) => consistentAny(calibrateCt(probabilityValues.subarray(b * 6, b * 6 + 6), calibration))),
    };
  }
}
