// ONNX versions on disk: a registry folder holds model.onnx and card.json (the Loupe model card, modelFormat
// "onnx", with the ONNX card inside). Checking a file for import opens it in ONNX Runtime (CPU) and holds the
// card against its declared inputs and outputs, then releases the session: nothing is written before that.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { badInput } from '../../../shared/errors';
import type { ModelTask } from '../../../shared/ml/model-card';
import type { OnnxCard } from '../../../shared/ml/onnx-card';
import type { OnnxModelIo } from '../../../shared/ml/onnx-card-check';
import { CARD_JSON } from '../model-check';
import { OnnxModel } from './onnx-model';

export const ONNX_MODEL_FILE = 'model.onnx';

/** True when the folder is an ONNX version's (its card.json says modelFormat "onnx"). */
export function isOnnxFolder(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, CARD_JSON), 'utf8')) as { modelFormat?: unknown }).modelFormat === 'onnx';
  } catch {
    return false;
  }
}

/**
 * Checks that `file` is an ONNX model `card` fits, for `task`: refuses (bad_input, one line naming the file) a missing
 * or empty file, a card of the other task, a file ONNX Runtime cannot load, or a card that does not fit the model.
 */
export async function checkOnnxFile(file: string, card: OnnxCard, task: ModelTask): Promise<OnnxModelIo> {
  if (!existsSync(file) || !statSync(file).isFile()) throw badInput(`${file}: no such ONNX file`);
  if (statSync(file).size === 0) throw badInput(`${file}: the file is empty, not an ONNX model`);
  if (card.task !== task) throw badInput(`${file}: the card is for a ${card.task} model, but the model is imported for ${task}`);
  const model = await OnnxModel.open(file, card, { startAt: 'cpu' });
  try {
    return model.io;
  } finally {
    await model.release();
  }
}
