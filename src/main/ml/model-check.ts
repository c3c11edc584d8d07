// Checks a TensorFlow.js model folder (model.json + weight files + card.json) without loading it, so
// that a corrupt or mismatched folder is refused with a clear message before anything is registered.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { badInput } from '../../shared/errors';
import { parseModelCard, type ModelCard } from '../../shared/ml/model-card';

export const MODEL_JSON = 'model.json';
export const CARD_JSON = 'card.json';

/** Writes a folder's card.json (pretty-printed, as people read and edit it). */
export function writeCard(folder: string, card: ModelCard): void {
  writeFileSync(join(folder, CARD_JSON), `${JSON.stringify(card, null, 2)}\n`);
}

/** Bytes per stored value, by dtype (or by quantisation dtype). */
const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}

interface ModelJson {
  format?: string;
  modelTopology?: Record<string, unknown>;
  weightsManifest?: { paths: string[]; weights: WeightSpec[] }[];
  signature?: { outputs?: Record<string, { name?: string }> };
}

export interface CheckedModelFolder {
  dir: string;
  card: ModelCard;
  format: 'layers' | 'graph';
  weightFiles: string[];
  weightBytes: number;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw badInput(`${file}: no ${what} in the model folder`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badInput(`${file}: ${what} is not valid JSON (${(error as Error).message})`);
  }
}

function formatOf(json: ModelJson, file: string): 'layers' | 'graph' {
  const topology = json.modelTopology;
  if (!topology || typeof topology !== 'object') throw badInput(`${file}: has no modelTopology; is this a TensorFlow.js model.json?`);
  if (json.format === 'graph-model' || Array.isArray((topology as { node?: unknown }).node)) return 'graph';
  if (json.format === 'layers-model' || 'model_config' in topology || 'class_name' in topology) return 'layers';
  throw badInput(`${file}: neither a TensorFlow.js layers model nor a graph model`);
}

/** The names a model's outputs can be asked for by: output layers (layers) or nodes and signature outputs (graph). */
function outputNames(json: ModelJson, format: 'layers' | 'graph'): Set<string> {
  const names = new Set<string>();
  const topology = json.modelTopology as Record<string, unknown>;
  if (format === 'layers') {
    const config = ((topology.model_config ?? topology) as { config?: { output_layers?: unknown[][] } }).config;
    for (const output of config?.output_layers ?? []) if (typeof output[0] === 'string') names.add(output[0]);
  } else {
    for (const node of (topology.node as { name?: string }[]) ?? []) if (node.name) names.add(node.name);
    for (const [key, value] of Object.entries(json.signature?.outputs ?? {})) {
      names.add(key);
      if (value.name) names.add(value.name.replace(/:\d+$/, ''));
    }
  }
  return names;
}

function expectedBytes(spec: WeightSpec): number | null {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const size = BYTES[dtype];
  if (size === undefined) return null; // strings: no fixed size
  return spec.shape.reduce((a, b) => a * b, 1) * size;
}

/** Reads and checks a model folder; throws a bad-input LoupeError that names the file and the problem. */
export function checkModelFolder(dir: string): CheckedModelFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw badInput(`${dir}: no such model folder`);
  const modelFile = join(dir, MODEL_JSON);
  const json = readJson(modelFile, MODEL_JSON) as ModelJson;
  if (!json || typeof json !== 'object') throw badInput(`${modelFile}: is not a JSON object`);
  const format = formatOf(json, modelFile);
  if (!Array.isArray(json.weightsManifest)) throw badInput(`${modelFile}: has no weightsManifest`);

  const weightFiles: string[] = [];
  let expected = 0;
  let sized = true;
  for (const group of json.weightsManifest) {
    for (const path of group.paths ?? []) {
      if (!/^[\w.-]+$/.test(path) || path.startsWith('.')) {
        throw badInput(`${modelFile}: weight file "${path}" must be a plain file name inside the folder`);
      }
      weightFiles.push(path);
    }
    for (const spec of group.weights ?? []) {
      const bytes = expectedBytes(spec);
      if (bytes === null) sized = false;
      else expected += bytes;
    }
  }
  let actual = 0;
  for (const name of weightFiles) {
    const file = join(dir, name);
    if (!existsSync(file)) throw badInput(`${file}: weight file named in model.json is missing`);
    actual += statSync(file).size;
  }
  if (sized && actual !== expected) {
    throw badInput(`${dir}: weight files hold ${actual} bytes but model.json describes ${expected}; the folder is truncated or corrupt`);
  }

  const cardFile = join(dir, CARD_JSON);
  let card: ModelCard;
  try {
    card = parseModelCard(readJson(cardFile, CARD_JSON), cardFile);
  } catch (error) {
    throw badInput((error as Error).message);
  }
  if (card.modelFormat !== format) throw badInput(`${cardFile}: says modelFormat "${card.modelFormat}" but model.json holds a ${format} model`);
  const names = outputNames(json, format);
  const wanted = card.task === 'steel' ? [card.outputs.masks, card.outputs.presence] : [card.outputs.probabilities];
  for (const name of wanted) {
    if (name !== undefined && names.size > 0 && !names.has(name.replace(/:\d+$/, ''))) {
      throw badInput(`${cardFile}: output "${name}" is not an output of the model (it has: ${[...names].slice(0, 8).join(', ')})`);
    }
  }
  return { dir, card, format, weightFiles, weightBytes: actual };
}
