// Loupe's own layers models predict through ONNX Runtime where TensorFlow.js would run them on its wasm or cpu
// backend: in Node those run on one thread, ONNX Runtime on several with faster convolutions (several times
// faster on the reference U-Net; `npm run bench -- ml`). The model is written as an ONNX graph with the same
// weights (layers-to-onnx.ts, outputs equal to TensorFlow.js's within float rounding) and cached beside the version
// as accelerated.onnx, rewritten when the version's weights are newer. Training stays in TensorFlow.js. A model with
// a layer the writer does not know, or a native TensorFlow backend (already multi-threaded), keeps TensorFlow.js.
import * as tf from '@tensorflow/tfjs';
import type * as Ort from 'onnxruntime-node';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_JSON } from '../model-check';
import { layersModelToOnnxBytes } from '../onnx/layers-to-onnx';
import { openOnnxSession, releaseOnnxSession } from '../onnx/onnx-model';
import { loadOnnxRuntime } from '../onnx/runtime';

export const ACCELERATED_ONNX_FILE = 'accelerated.onnx';
/** ONNX Runtime's intra-op threads for the built-in models (the two cores of the machines Loupe is sized for). */
export const ACCELERATED_THREADS = 2;

/** Whether the built-in models should predict through ONNX Runtime here (LOUPE_BUILTIN_ONNX=off keeps TensorFlow.js). */
export function accelerationWanted(): boolean {
  if (process.env.LOUPE_BUILTIN_ONNX === 'off') return false;
  return tf.getBackend() === 'wasm' || tf.getBackend() === 'cpu';
}

function newestInput(dir: string): number {
  return Math.max(...[MODEL_JSON, 'weights.bin'].map((f) => (existsSync(join(dir, f)) ? statSync(join(dir, f)).mtimeMs : 0)));
}

/** The graph's bytes: the cached file when it is newer than the version's weights, else written (and cached when the folder allows). */
async function graphBytes(model: tf.LayersModel, dir: string | null): Promise<Uint8Array> {
  const cached = dir && join(dir, ACCELERATED_ONNX_FILE);
  if (cached && existsSync(cached) && statSync(cached).mtimeMs >= newestInput(dir)) return readFileSync(cached);
  const bytes = await layersModelToOnnxBytes(model);
  if (cached) {
    const partial = `${cached}.partial-${process.pid}`;
    try {
      writeFileSync(partial, bytes);
      renameSync(partial, cached);
    } catch {
      rmSync(partial, { force: true }); // a read-only folder: the graph serves this job from memory
    }
  }
  return bytes;
}

export class AcceleratedLayers {
  private constructor(
    private session: Ort.InferenceSession | null,
    private readonly ort: typeof Ort,
  ) {}

  /**
   * The model on ONNX Runtime, or null (with the reason) where it stays on TensorFlow.js. `dir` is the version's
   * folder (for the cache), or null for a model that lives in memory only.
   */
  static async open(model: tf.LayersModel, dir: string | null): Promise<{ accelerated: AcceleratedLayers | null; reason?: string }> {
    if (!accelerationWanted()) return { accelerated: null, reason: `TensorFlow.js's ${tf.getBackend()} backend runs it` };
    let bytes: Uint8Array;
    try {
      bytes = await graphBytes(model, dir);
    } catch (error) {
      return { accelerated: null, reason: (error as Error).message };
    }
    try {
      const ort = await loadOnnxRuntime();
      const { session } = await openOnnxSession(bytes, { threads: ACCELERATED_THREADS }, dir ? join(dir, ACCELERATED_ONNX_FILE) : 'the built-in model');
      return { accelerated: new AcceleratedLayers(session, ort) };
    } catch (error) {
      return { accelerated: null, reason: (error as Error).message };
    }
  }

  /** Runs a batch [B, H, W, C]; the outputs of the given names, as tensors (the caller disposes). */
  async run(input: tf.Tensor4D, names: readonly string[]): Promise<tf.Tensor[]> {
    if (!this.session) throw new Error('the accelerated model was released');
    const values = input.dataSync() as Float32Array;
    const out = await this.session.run({ input: new this.ort.Tensor('float32', values, input.shape) }, [...names]);
    return names.map((name) => tf.tensor(out[name].data as Float32Array, out[name].dims as number[]));
  }

  /** Frees the session (safe to call twice). */
  async release(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session) await releaseOnnxSession(session);
  }
}
