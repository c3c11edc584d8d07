// The validation score of a model on held-out items, through the same pipeline as pre-annotation:
// steel → maps → threshold/min-area/presence at full size → mean Dice against the masks (Kaggle's metric);
// CT → six probabilities (through the card's calibration) → RSNA's weighted log loss. Both per class, with the
// number of items, and beside the baseline on the same items (steel: the all-empty prediction; CT: the
// constant prediction of each label's prevalence there).
import { countRlePixels, decodeRle } from '../../../shared/rle';
import { dice } from '../../../shared/metrics';
import { steelMasksFromMaps } from '../../../shared/ml/steel-postprocess';
import { ctBaseRateBaseline, ctValidationScore, steelEmptyBaseline, steelValidationScore } from '../../../shared/ml/loop/validation-scores';
import type { ValidationScore } from '../../../shared/ml/loop/model-comparison';
import type { ModelCard } from '../../../shared/ml/model-card';
import { readInput, type ItemInput, type ModelInput } from '../inputs';
import type { RunnableModel } from '../inference/runnable-model';
import { predictCtBatch, predictSteelBatch, type SteelBatchPrediction } from '../inference/batch-predict';
import type { OnnxVersion } from '../inference/onnx-version';
import type { EnsembleVersion } from '../inference/ensemble-version';
import { steelPostprocessingOf } from '../worker/predict-job';
import type { LabelledItem } from '../worker/protocol';
import type { EpochPoint } from '../../../shared/api/model-types';
import { ttaSetOf } from '../../../shared/ml/tta';
import { orderedSeries } from '../../../shared/ml/series-sequences';
import type { SequenceVersion } from '../inference/sequence-version';

/** A model's score on validation items: overall, per class ("1".."4" or CT label), and how many items. */
export interface Score extends ValidationScore {
  metricName: EpochPoint['metricName'];
}

/** The baseline on the same items a model is validated on: the all-empty steel prediction, the CT base rates. */
export function baselineScore(task: ModelCard['task'], items: readonly LabelledItem[]): Score {
  if (task === 'steel') {
    const labelPixels = items.map((item) => [0, 1, 2, 3].map((c) => countRlePixels(item.rles?.[c] ?? '', item.width, item.height)));
    return { metricName: 'mean Dice', ...steelEmptyBaseline(labelPixels.map((pixels) => ({ labelPixels: pixels }))) };
  }
  return { metricName: 'weighted log loss', ...ctBaseRateBaseline(items.map((item) => item.bits ?? 0)) };
}

/**
 * Inputs read once per input spec (size, channels, windows) and item, kept while they fit in a byte budget
 * (LOUPE_TRAIN_CACHE_MB, 1024 by default); beyond it items are read again each time they are needed, so a
 * dataset of any size trains in bounded memory.
 */
export class InputCache {
  private readonly cache = new Map<string, ModelInput>();
  private bytes = 0;

  constructor(private readonly budgetBytes = Number(process.env.LOUPE_TRAIN_CACHE_MB ?? 1024) * 1024 * 1024) {}

  async get(items: readonly ItemInput[], card: ModelCard): Promise<ModelInput[]> {
    const spec = JSON.stringify([card.input, card.task === 'ct' ? card.windows : null]);
    return Promise.all(
      items.map(async (item) => {
        const key = `${spec}\u0000${item.itemId}`;
        const cached = this.cache.get(key);
        if (cached) return cached;
        const input = await readInput(item, card);
        if (this.bytes + input.bytes.length <= this.budgetBytes) {
          this.cache.set(key, input);
          this.bytes += input.bytes.length;
        }
        return input;
      }),
    );
  }
}

/** A batch's predictions, whichever kind of model makes them. */
interface BatchPredictor {
  card: ModelCard;
  steel: (batch: LabelledItem[]) => Promise<SteelBatchPrediction[]>;
  ct: (batch: LabelledItem[]) => Promise<number[][]>;
}

async function score(predictor: BatchPredictor, items: readonly LabelledItem[], checkCancelled: () => void): Promise<Score> {
  const card = predictor.card;
  const batchSize = card.task === 'steel' ? 4 : 16;
  if (card.task === 'steel') {
    const post = steelPostprocessingOf(card);
    const scored: { dice: number[] }[] = [];
    for (let i = 0; i < items.length; i += batchSize) {
      checkCancelled();
      const batch = items.slice(i, i + batchSize);
      const predictions = await predictor.steel(batch);
      predictions.forEach((p, b) => {
        const item = batch[b];
        const masks = steelMasksFromMaps(p.maps, p.presence, post, item.width, item.height);
        scored.push({ dice: masks.map((m, c) => dice(decodeRle(item.rles?.[c] ?? '', item.width, item.height), m.mask)) });
      });
    }
    return { metricName: 'mean Dice', ...steelValidationScore(scored) };
  }
  const rows: { labelBits: number; probabilities: number[] }[] = [];
  for (let i = 0; i < items.length; i += batchSize) {
    checkCancelled();
    const batch = items.slice(i, i + batchSize);
    const predictions = await predictor.ct(batch);
    predictions.forEach((probabilities, b) => rows.push({ labelBits: batch[b].bits ?? 0, probabilities }));
  }
  return { metricName: 'weighted log loss', ...ctValidationScore(rows) };
}

export function validate(model: RunnableModel, items: readonly LabelledItem[], cache: InputCache, checkCancelled: () => void = () => {}): Promise<Score> {
  const card = model.card;
  return score(
    {
      card,
      steel: async (batch) => predictSteelBatch([model], [await cache.get(batch, card)], ttaSetOf(card.tta)),
      ct: async (batch) => predictCtBatch([model], [await cache.get(batch, card)], ttaSetOf(card.tta)),
    },
    items,
    checkCancelled,
  );
}

/** The same score for an ensemble version: its members' weighted average through its own card's post-processing. */
export function validateEnsemble(model: EnsembleVersion, items: readonly LabelledItem[], checkCancelled: () => void = () => {}): Promise<Score> {
  return score({ card: model.card, steel: (batch) => model.predictSteel(batch), ct: (batch) => model.predictCt(batch) }, items, checkCancelled);
}

/** The same score for an ONNX version (its inputs are floats read per batch, not cached bytes). */
export function validateOnnx(model: OnnxVersion, items: readonly LabelledItem[], checkCancelled: () => void = () => {}): Promise<Score> {
  const card = model.card;
  const tta = ttaSetOf(card.tta);
  return score({ card, steel: (batch) => model.predictSteel(batch, tta), ct: (batch) => model.predictCt(batch, tta) }, items, checkCancelled);
}

/** The same score for a sequence version: each validation series in slice order, labelled at once. */
export async function validateSequence(model: SequenceVersion, items: readonly LabelledItem[], cache: InputCache, checkCancelled: () => void = () => {}): Promise<Score> {
  const rows: { labelBits: number; probabilities: number[] }[] = [];
  for (const series of orderedSeries(items)) {
    checkCancelled();
    const predicted = model.predictSeries(await cache.get(series, model.inputCard), ttaSetOf(model.card.tta));
    predicted.forEach((probabilities, t) => rows.push({ labelBits: series[t].bits ?? 0, probabilities }));
  }
  return { metricName: 'weighted log loss', ...ctValidationScore(rows) };
}
