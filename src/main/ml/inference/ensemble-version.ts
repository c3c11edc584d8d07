// An ensemble version in the model worker: its members opened (each a TensorFlow.js or ONNX version), each
// predicting a batch with its own TTA set, and the predictions averaged by the members' weights — steel maps
// and presence (steel-average.ts), CT probabilities (each through its member's calibration, then the
// ensemble's own when it has one, `any` kept consistent). The ensemble card's post-processing then applies
// to the average, as any version's does. Whoever opens one releases it (every member's tensors and sessions).
import { calibrateCt, consistentAny } from '../../../shared/ml/ct-prediction';
import type { ModelCard } from '../../../shared/ml/model-card';
import { weightedMean } from '../../../shared/ml/ensemble';
import { averageSteelMaps } from '../../../shared/ml/steel-average';
import type { TtaSet } from '../../../shared/ml/tta';
import type { ItemInput } from '../inputs';
import type { SteelBatchPrediction } from './batch-predict';
import { BatchReads, predictMemberCt, predictMemberSteel, type SingleModel } from './member-predict';

export interface OpenedMember {
  model: SingleModel;
  weight: number;
  tta: TtaSet;
}

export class EnsembleVersion {
  constructor(
    readonly dir: string,
    readonly card: ModelCard,
    readonly members: readonly OpenedMember[],
  ) {}

  private get weights(): number[] {
    return this.members.map((m) => m.weight);
  }

  async predictSteel(items: ItemInput[]): Promise<SteelBatchPrediction[]> {
    const reads = new BatchReads(items);
    const each: SteelBatchPrediction[][] = [];
    for (const m of this.members) each.push(await predictMemberSteel(m.model, items, m.tta, reads));
    return items.map((_, i) => averageSteelMaps(each.map((p) => p[i]), this.weights));
  }

  async predictCt(items: ItemInput[]): Promise<number[][]> {
    const reads = new BatchReads(items);
    const each: number[][][] = [];
    for (const m of this.members) each.push(await predictMemberCt(m.model, items, m.tta, reads));
    const calibration = this.card.task === 'ct' ? this.card.calibration : undefined;
    return items.map((_, i) => consistentAny(calibrateCt(weightedMean(each.map((p) => p[i]), this.weights), calibration)));
  }
}
