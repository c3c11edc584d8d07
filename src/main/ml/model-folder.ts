// Saving and loading TensorFlow.js model folders on disk (model.json + weights.bin + card.json) with plain
// fs: TensorFlow.js's file:// handlers come with tfjs-node only, which is usually absent.
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelCard } from '../../shared/ml/model-card';
import { MODEL_JSON, checkModelFolder, writeCard } from './model-check';

export const WEIGHTS_BIN = 'weights.bin';

/** IEEE half-precision bits of a float (round to nearest even; overflow → ±Inf). */
function toHalf(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  let mantissa = bits & 0x7fffff;
  if (exponent >= 31) return sign | 0x7c00;
  if (exponent <= 0) {
    if (exponent < -10) return sign;
    mantissa = (mantissa | 0x800000) >> (1 - exponent);
    return sign | ((mantissa + 0x1000) >> 13);
  }
  const half = sign | (exponent << 10) | (mantissa >> 13);
  const rest = mantissa & 0x1fff;
  return rest > 0x1000 || (rest === 0x1000 && (half & 1)) ? half + 1 : half;
}

function float16Weights(specs: tf.io.WeightsManifestEntry[], data: ArrayBuffer): { specs: tf.io.WeightsManifestEntry[]; data: ArrayBuffer } {
  const floats = new Float32Array(data);
  const halves = new Uint16Array(floats.length);
  for (let i = 0; i < floats.length; i++) halves[i] = toHalf(floats[i]);
  return { specs: specs.map((s) => ({ ...s, quantization: { dtype: 'float16' as const } })), data: halves.buffer };
}

export interface SaveOptions {
  /** Store weights as float16: half the size, and well within what inference and fine-tuning need. */
  float16?: boolean;
}

/** Writes a layers model and its card into `dir` (replacing what was there) through a temporary folder. */
export async function saveLayersModel(model: tf.LayersModel, dir: string, card: ModelCard, options: SaveOptions = {}): Promise<void> {
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        let specs = artifacts.weightSpecs ?? [];
        let data = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
        if (options.float16 && specs.every((s) => s.dtype === 'float32')) ({ specs, data } = float16Weights(specs, data));
        const json = {
          format: 'layers-model',
          generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
          convertedBy: 'Loupe',
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: [WEIGHTS_BIN], weights: specs }],
        };
        writeFileSync(join(partial, MODEL_JSON), JSON.stringify(json));
        writeFileSync(join(partial, WEIGHTS_BIN), new Uint8Array(data));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: data.byteLength } };
      }),
    );
    writeCard(partial, card);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** The model's artifacts as TensorFlow.js's loaders expect them, read from the folder. */
export function readModelArtifacts(dir: string): tf.io.ModelArtifacts {
  const json = JSON.parse(readFileSync(join(dir, MODEL_JSON), 'utf8')) as tf.io.ModelJSON;
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const path of group.paths) {
      const bytes = readFileSync(join(dir, path));
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
  }
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? undefined,
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
    modelInitializer: json.modelInitializer,
    trainingConfig: json.trainingConfig,
    weightSpecs: specs,
    weightData: tf.io.CompositeArrayBuffer.join(buffers),
  };
}

export type LoadedGraph = { kind: 'graph'; model: tf.GraphModel };
export type LoadedLayers = { kind: 'layers'; model: tf.LayersModel };

/** Loads a checked model folder as a layers or graph model. */
export async function loadModelFolder(dir: string): Promise<{ card: ModelCard; loaded: LoadedLayers | LoadedGraph }> {
  const { card, format } = checkModelFolder(dir);
  const artifacts = readModelArtifacts(dir);
  const handler = { load: async () => artifacts };
  if (format === 'graph') return { card, loaded: { kind: 'graph', model: await tf.loadGraphModel(handler) } };
  return { card, loaded: { kind: 'layers', model: await tf.loadLayersModel(handler) } };
}
