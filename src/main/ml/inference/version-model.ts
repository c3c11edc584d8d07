// A registered version's folder opened for a job in the model worker, of whichever kind it is: a TensorFlow.js
// layers or graph model (RunnableModel), an ONNX model (OnnxVersion, an ONNX Runtime session) or an ensemble
// (EnsembleVersion: its members opened, each one of the other two kinds). Jobs open with openVersionModel and
// always release with releaseVersionModel, so no tensor or session outlives its job.
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

export type VersionModel = SingleModel | { kind: 'ensemble'; model: EnsembleVersion; card: ModelCard };

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

async function openSingle(dir: string): Promise<SingleModel> {
  if (isOnnxFolder(dir)) {
    const model = await OnnxVersion.open(dir);
    return { kind: 'onnx', model, card: model.card };
  }
  const model = await RunnableModel.open(dir);
  return { kind: 'tfjs', model, card: model.card };
}

async function releaseSingle(opened: SingleModel): Promise<void> {
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
      members.push({ model: await openSingle(memberDir), weight: m.weight, tta: m.tta });
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
