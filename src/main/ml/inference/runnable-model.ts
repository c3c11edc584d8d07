// A loaded model with its card: runs a batch and hands back its outputs by the card's names, whether it is a
// layers model (Loupe's own, or converted from Keras) or a graph model (converted from TensorFlow/PyTorch).
import * as tf from '@tensorflow/tfjs';
import type { ModelCard } from '../../../shared/ml/model-card';
import { loadModelFolder, type LoadedGraph, type LoadedLayers } from '../model-folder';
import { normaliseInto, type ModelInput } from '../inputs';
import { AcceleratedLayers } from './accelerated-layers';

export class RunnableModel {
  private accelerated: AcceleratedLayers | null = null;
  /** Why prediction stays on TensorFlow.js (after accelerate()), for logs. */
  acceleratedNot: string | undefined;

  private constructor(
    readonly card: ModelCard,
    private readonly loaded: LoadedLayers | LoadedGraph,
  ) {}

  /** Opens a version's folder; with `accelerate`, a layers model predicts through ONNX Runtime where that is faster. */
  static async open(dir: string, options: { accelerate?: boolean } = {}): Promise<RunnableModel> {
    const { card, loaded } = await loadModelFolder(dir);
    const model = new RunnableModel(card, loaded);
    if (options.accelerate) await model.accelerate(dir);
    return model;
  }

  /** Predicts through ONNX Runtime from now on (see accelerated-layers.ts); `dir` caches the graph. False where it stays on TensorFlow.js. */
  async accelerate(dir: string | null = null): Promise<boolean> {
    if (this.loaded.kind !== 'layers' || this.accelerated) return !!this.accelerated;
    const { accelerated, reason } = await AcceleratedLayers.open(this.loaded.model, dir);
    this.accelerated = accelerated;
    this.acceleratedNot = reason;
    return !!accelerated;
  }

  /** Whether predictions run on ONNX Runtime. */
  get isAccelerated(): boolean {
    return !!this.accelerated;
  }

  static ofLayers(model: tf.LayersModel, card: ModelCard): RunnableModel {
    return new RunnableModel(card, { kind: 'layers', model });
  }

  /** The layers model, for training; null for a graph model (those can only be run). */
  get layers(): tf.LayersModel | null {
    return this.loaded.kind === 'layers' ? this.loaded.model : null;
  }

  /** The card's output names, in the order run() returns them. */
  private outputNames(): string[] {
    const card = this.card;
    return card.task === 'steel' ? [card.outputs.masks, ...(card.outputs.presence ? [card.outputs.presence] : [])] : [card.outputs.probabilities];
  }

  /** Runs one batch [B, H, W, C] and returns the named outputs, in outputNames() order (the caller disposes). */
  run(input: tf.Tensor4D, training = false): tf.Tensor[] {
    const names = this.outputNames();
    if (this.loaded.kind === 'graph') {
      const out = this.loaded.model.execute(input, names);
      return Array.isArray(out) ? out : [out];
    }
    const model = this.loaded.model;
    const raw = training ? model.apply(input, { training: true }) : model.predict(input);
    const outputs = (Array.isArray(raw) ? raw : [raw]) as tf.Tensor[];
    return names.map((name) => {
      const index = model.outputNames.indexOf(name);
      if (index < 0) throw new Error(`the model has no output "${name}" (it has ${model.outputNames.join(', ')})`);
      return outputs[index];
    });
  }

  /** run() for prediction, through ONNX Runtime when accelerated (the caller disposes the outputs). */
  async predict(input: tf.Tensor4D): Promise<tf.Tensor[]> {
    return this.accelerated ? this.accelerated.run(input, this.outputNames()) : this.run(input);
  }

  dispose(): void {
    this.loaded.model.dispose();
    const accelerated = this.accelerated;
    this.accelerated = null;
    // The session's count drops at once; ONNX Runtime frees its memory in the background.
    accelerated?.release().catch(() => undefined);
  }
}

/** A batch tensor [B, H, W, C] of normalised inputs. */
export function batchTensor(inputs: readonly ModelInput[], card: ModelCard): tf.Tensor4D {
  const { width, height, channels } = inputs[0];
  const size = width * height * channels;
  const values = new Float32Array(size * inputs.length);
  inputs.forEach((input, b) => normaliseInto(input, card, values, b * size));
  return tf.tensor4d(values, [inputs.length, height, width, channels]);
}
