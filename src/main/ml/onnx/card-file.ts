// ONNX model cards on disk: <model>.card.json beside <model>.onnx (or any file a user names), read and checked
// with the file named in every error.
import { existsSync, readFileSync } from 'node:fs';
import { badInput } from '../../../shared/errors';
import { parseOnnxCard, type OnnxCard } from '../../../shared/ml/onnx-card';

/** The card file that goes with a model file: model.onnx → model.card.json. */
export function cardFileFor(modelFile: string): string {
  return `${modelFile.replace(/\.onnx$/i, '')}.card.json`;
}

/** Reads and checks a card file; refuses (bad_input) a missing file, bad JSON or an invalid card, naming the file. */
export function readOnnxCardFile(file: string): OnnxCard {
  if (!existsSync(file)) throw badInput(`${file}: no such card file`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw badInput(`${file}: not JSON (${(error as Error).message})`);
  }
  try {
    return parseOnnxCard(value, file);
  } catch (error) {
    throw badInput((error as Error).message);
  }
}
