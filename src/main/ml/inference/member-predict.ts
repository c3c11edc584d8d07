// One opened version's predictions for a batch of items, whichever kind it is, with a TTA set: what an average
// of versions (pre-annotation with several versions, an ensemble version's members) puts together. Steel: four
// maps and presence per item; CT: six probabilities through the version's own calibration, `any` consistent.
import type { TtaSet } from '../../../shared/ml/tta';
import { readInput, type ItemInput, type ModelInput } from '../inputs';
import { predictCtBatch, predictSteelBatch, type SteelBatchPrediction } from './batch-predict';
import type { OnnxVersion } from './onnx-version';
import type { RunnableModel } from './runnable-model';
import type { ModelCard } from '../../../shared/ml/model-card';

/** A version that predicts by itself: a TensorFlow.js model or an ONNX one. */
export type SingleModel = { kind: 'tfjs'; model: RunnableModel; card: ModelCard } | { kind: 'onnx'; model: OnnxVersion; card: ModelCard };

/** Inputs read once per input spec (size, channels, windows) within a batch, shared by members with equal cards. */
export class BatchReads {
  private readonly bySpec = new Map<string, Promise<ModelInput[]>>();
  constructor(private readonly items: readonly ItemInput[]) {}
  of(card: ModelCard): Promise<ModelInput[]> {
    const spec = JSON.stringify([card.input, card.task === 'ct' ? card.windows : null, card.normalization]);
    let read = this.bySpec.get(spec);
    if (!read) this.bySpec.set(spec, (read = Promise.all(this.items.map((item) => readInput(item, card)))));
    return read;
  }
}

export async function predictMemberSteel(m: SingleModel, items: ItemInput[], tta: TtaSet, reads = new BatchReads(items)): Promise<SteelBatchPrediction[]> {
  if (m.kind === 'onnx') return m.model.predictSteel(items, tta);
  return predictSteelBatch([m.model], [await reads.of(m.card)], tta);
}

export async function predictMemberCt(m: SingleModel, items: ItemInput[], tta: TtaSet, reads = new BatchReads(items)): Promise<number[][]> {
  if (m.kind === 'onnx') return m.model.predictCt(items, tta);
  return predictCtBatch([m.model], [await reads.of(m.card)], tta);
}
