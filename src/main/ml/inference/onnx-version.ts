// An ONNX version in the model worker: its folder's card and model.onnx opened in ONNX Runtime, predicting items
// through the ONNX card's exact preprocessing and giving back what the TensorFlow.js path gives — steel: four maps
// as bytes (at the model's output resolution) and presence; CT: six probabilities through the version's
// calibration with `any` consistent — so that pre-annotation, scoring and tuning treat both kinds alike.
// Every TTA set works as for a built-in model (tta-planar.ts: the views of tta.ts on the input planes, each map
// brought back before the mean). Whoever opens one releases it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { badInput } from '../../../shared/errors';
import { calibrateCt, consistentAny } from '../../../shared/ml/ct-prediction';
import { parseModelCard, type ModelCard } from '../../../shared/ml/model-card';
import type { OnnxCard } from '../../../shared/ml/onnx-card';
import { steelProbabilityMaps } from '../../../shared/ml/onnx-outputs';
import type { PlanarImage } from '../../../shared/ml/preprocess';
import type { TtaSet } from '../../../shared/ml/tta';
import { predictRowsWithTta, predictSteelWithTta } from '../../../shared/ml/tta-planar';
import type { ItemInput } from '../inputs';
import { CARD_JSON } from '../model-check';
import { ONNX_MODEL_FILE } from '../onnx/onnx-folder';
import { OnnxModel } from '../onnx/onnx-model';
import { readOnnxInput } from '../onnx/onnx-inputs';
import type { SteelBatchPrediction } from './batch-predict';

/** Reads an ONNX version's card.json; refuses (bad_input, the file named) one that is not an ONNX version's. */
export function readOnnxVersionCard(dir: string): ModelCard & { onnx: OnnxCard } {
  const file = join(dir, CARD_JSON);
  let card: ModelCard;
  try {
    card = parseModelCard(JSON.parse(readFileSync(file, 'utf8')), file);
  } catch (error) {
    throw badInput((error as Error).message);
  }
  if (!card.onnx) throw badInput(`${file}: not an ONNX model's card (modelFormat "${card.modelFormat}")`);
  return card as ModelCard & { onnx: OnnxCard };
}

export class OnnxVersion {
  private constructor(
    readonly dir: string,
    readonly card: ModelCard & { onnx: OnnxCard },
    private readonly model: OnnxModel,
  ) {}

  static async open(dir: string): Promise<OnnxVersion> {
    const card = readOnnxVersionCard(dir);
    return new OnnxVersion(dir, card, await OnnxModel.open(join(dir, ONNX_MODEL_FILE), card.onnx));
  }

  /** The items as the ONNX card's float input planes. */
  inputs(items: readonly ItemInput[]): Promise<PlanarImage[]> {
    return Promise.all(items.map((item) => readOnnxInput(item.file, this.card.onnx)));
  }

  /** Steel: four maps (bytes, classes 1–4) and presence per strip, averaged over the TTA set's views. */
  async predictSteel(items: readonly ItemInput[], tta: TtaSet): Promise<SteelBatchPrediction[]> {
    const probabilities = await predictSteelWithTta(await this.inputs(items), tta, (images) => this.model.predictSteelProbabilities(images));
    return probabilities.map((p) => ({ maps: steelProbabilityMaps(p), presence: p.presence }));
  }

  /** CT: the model's own six probabilities per slice (CT_LABELS order, no calibration), averaged over the TTA set's views. */
  async predictCtRaw(items: readonly ItemInput[], tta: TtaSet): Promise<number[][]> {
    return predictRowsWithTta(await this.inputs(items), tta, (images) => this.model.predictCt(images));
  }

  /** CT: six probabilities per slice through the version's calibration, `any` consistent (what pre-annotation writes). */
  async predictCt(items: readonly ItemInput[], tta: TtaSet): Promise<number[][]> {
    const calibration = this.card.task === 'ct' ? this.card.calibration : undefined;
    return (await this.predictCtRaw(items, tta)).map((row) => consistentAny(calibrateCt(row, calibration)));
  }

  /** Frees the ONNX Runtime session (safe to call twice). */
  release(): Promise<void> {
    return this.model.release();
  }
}
