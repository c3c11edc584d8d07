// A CT sequence version in the model worker: its folder holds the sequence model (model.json, card.json with
// architecture `ct-sequence`) and, in `cnn/`, a copy of the CNN version it was trained on, so the version
// predicts on its own, whatever becomes of its parent. A series is predicted in one go: the CNN embeds each
// slice (over the TTA views), then the sequence model labels each slice from the whole ordered series.
import { join } from 'node:path';
import { calibrateCt, consistentAny } from '../../../shared/ml/ct-prediction';
import type { ModelCard } from '../../../shared/ml/model-card';
import type { TtaSet } from '../../../shared/ml/tta';
import type { ModelInput } from '../inputs';
import { predictSeries } from '../training/sequence-steps';
import { CtEmbedder } from './ct-embedding';
import { SEQUENCE_CNN_FOLDER } from '../../../shared/ml/ct-sequence-card';
import { RunnableModel } from './runnable-model';

export { SEQUENCE_CNN_FOLDER };

export class SequenceVersion {
  private constructor(
    readonly sequence: RunnableModel,
    readonly embedder: CtEmbedder,
  ) {}

  /** Opens a sequence version's folder whose sequence model is already loaded (`sequence`). */
  static async around(dir: string, sequence: RunnableModel): Promise<SequenceVersion> {
    const cnn = await RunnableModel.open(join(dir, SEQUENCE_CNN_FOLDER));
    const embedder = CtEmbedder.of(cnn);
    if (!embedder) {
      cnn.dispose();
      throw new Error(`${join(dir, SEQUENCE_CNN_FOLDER)}: the CNN of this sequence version has no slice embedding`);
    }
    return new SequenceVersion(sequence, embedder);
  }

  get card(): ModelCard {
    return this.sequence.card;
  }

  /** The card slices are read with (the CNN's). */
  get inputCard(): ModelCard {
    return this.embedder.model.card;
  }

  /** Six probabilities per slice of one series from its embeddings in slice order (through the card's calibration). */
  fromEmbeddings(embeddings: readonly Float32Array[]): number[][] {
    if (embeddings.length === 0) return [];
    const calibration = this.card.task === 'ct' ? this.card.calibration : undefined;
    return predictSeries(this.sequence.layers!, embeddings).map((raw) => consistentAny(calibrateCt(raw, calibration)));
  }

  /** Six probabilities per slice of one ordered series, from the slices as the CNN reads them. */
  predictSeries(inputs: readonly ModelInput[], tta: TtaSet): number[][] {
    if (inputs.length === 0) return [];
    const embeddings: Float32Array[] = [];
    for (let i = 0; i < inputs.length; i += 16) embeddings.push(...this.embedder.embed(inputs.slice(i, i + 16), tta).embeddings);
    return this.fromEmbeddings(embeddings);
  }

  dispose(): void {
    this.sequence.dispose();
    this.embedder.model.dispose();
  }
}
