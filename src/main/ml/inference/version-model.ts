// A registered version's folder opened for a job in the model worker, of whichever kind it is: a TensorFlow.js
// layers or graph model (RunnableModel), an ONNX model (OnnxVersion, an ONNX Runtime session), a CT sequence
// version (SequenceVersion: its CNN and sequence model) or an ensemble (EnsembleVersion: its members opened, each
// a TensorFlow.js or ONNX one). Jobs open with openVersionModel and always release with releaseVersionModel, so no
// tensor or session outlives its job.
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { badInput } from '../../../shared/errors';
import { parseModelCard, type ModelCard } from '../../../shared/ml/model-card';
import { CARD_JSON } from '../model-check';
import { isOnnxFolder } from '../onnx/onnx-folder';
import { EnsembleVersion } from './ensemble-version';
import type { SingleModel } from './member-predict';
import { OnnxVersion } from './onnx-version';
import { RunnableModel } from './runnable-model';
import { SequenceVersion } from './sequence-version';
import { isSequenceCard } from '../../../shared/ml/ct-sequence-card';

/** A sequence version labels a whole series at once. */
type SequenceModel = { kind: 'sequence'; model: SequenceVersion; card: ModelCard };

export type VersionModel = SingleModel | SequenceModel | { kind: 'ensemble'; model: EnsembleVersion; card: ModelCard };

/** The folder's card when it is an ensemble's, else null. */
export function ensembleCardOf(dir: string): ModelCard | null {
  const file = join(dir, CARD_JSON);
  let raw: { modelFormat?: unknown };
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as { modelFormat?: unknown };
  } catch {
    return null;
  }
  if (raw.modelFormat !== 'ensemble') return null;
  try {
    return parseModelCard(raw, file);
  } catch (error) {
    throw badInput((error as Error).message);
  }
}

async function openSingle(dir: string): Promise<SingleModel | SequenceModel> {
  if (isOnnxFolder(dir)) {
    const model = await OnnxVersion.open(dir);
    return { kind: 'onnx', model, card: model.card };
  }
  const model = await RunnableModel.open(dir);
  if (isSequenceCard(model.card)) {
    try {
      return { kind: 'sequence', model: await SequenceVersion.around(dir, model), card: model.card };
    } catch (error) {
      model.dispose();
      throw error;
    }
  }
  // Prediction only: a built-in layers model runs on ONNX Runtime where that is faster (accelerated-layers.ts).
  await model.accelerate(dir);
  return { kind: 'tfjs', model, card: model.card };
}

async function releaseSingle(opened: SingleModel | SequenceModel): Promise<void> {
  if (opened.kind === 'onnx') await opened.model.release();
  else opened.model.dispose();
}

export async function openVersionModel(dir: string): Promise<VersionModel> {
  const card = ensembleCardOf(dir);
  if (!card) return openSingle(dir);
  const members: EnsembleVersion['members'][number][] = [];
  try {
    for (const m of card.ensemble!.members) {
      const memberDir = isAbsolute(m.dir) ? m.dir : join(dir, m.dir);
      if (ensembleCardOf(memberDir)) throw badInput(`${memberDir}: an ensemble's member cannot be an ensemble itself`);
      const model = await openSingle(memberDir);
      if (model.kind === 'sequence') {
        await releaseSingle(model);
        throw badInput(`${memberDir}: a sequence version labels whole series and cannot be an ensemble's member`);
      }
      members.push({ model, weight: m.weight, tta: m.tta });
    }
  } catch (error) {
    for (const m of members) await releaseSingle(m.model);
    throw error;
  }
  return { kind: 'ensemble', model: new EnsembleVersion(dir, card, members), card };
}

export async function releaseVersionModel(opened: VersionModel): Promise<void> {
  if (opened.kind !== 'ensemble') return releaseSingle(opened);
  for (const m of opened.model.members) await releaseSingle(m.model);
}
