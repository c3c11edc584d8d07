// The validation score of a model on held-out items, through the same pipeline as pre-annotation:
// steel → maps → threshold/min-area/presence at full size → mean Dice against the masks (Kaggle's metric);
// CT → six probabilities → RSNA's weighted log loss.
import { decodeRle } from '../../../shared/rle';
import { bitsToLabels } from '../../../shared/ct-labels';
import { dice, weightedLogLoss } from '../../../shared/metrics';
import { steelMasksFromMaps } from '../../../shared/ml/steel-postprocess';
import type { ModelCard } from '../../../shared/ml/model-card';
import { readInput, type ItemInput, type ModelInput } from '../inputs';
import type { RunnableModel } from '../inference/runnable-model';
import { predictCtBatch, predictSteelBatch } from '../inference/batch-predict';
import { steelPostprocessingOf } from '../worker/predict-job';
import type { LabelledItem } from '../worker/protocol';
import type { EpochPoint } from '../../../shared/api/model-types';

export interface Score {
  metricName: EpochPoint['metricName'];
  value: number;
  perClass: Record<string, number>;
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

/** Higher is better for Dice, lower for log loss. */
export function isBetter(score: number, than: number, metricName: Score['metricName']): boolean {
  return metricName === 'mean Dice' ? score > than : score < than;
}

export async function validate(model: RunnableModel, items: readonly LabelledItem[], cache: InputCache, checkCancelled: () => void = () => {}): Promise<Score> {
  const card = model.card;
  const batchSize = card.task === 'steel' ? 4 : 16;
  if (card.task === 'steel') {
    const post = steelPostprocessingOf(card);
    const sums = [0, 0, 0, 0];
    let count = 0;
    for (let i = 0; i < items.length; i += batchSize) {
      checkCancelled();
      const batch = items.slice(i, i + batchSize);
      const predictions = predictSteelBatch([model], [await cache.get(batch, card)], card.tta);
      predictions.forEach((p, b) => {
        const item = batch[b];
        const masks = steelMasksFromMaps(p.maps, p.presence, post, item.width, item.height);
        masks.forEach((m, c) => {
          sums[c] += dice(decodeRle(item.rles?.[c] ?? '', item.width, item.height), m.mask);
        });
        count++;
      });
    }
    const perClass = Object.fromEntries(sums.map((s, c) => [String(c + 1), count ? s / count : Number.NaN]));
    return { metricName: 'mean Dice', value: count ? sums.reduce((a, b) => a + b, 0) / (4 * count) : Number.NaN, perClass };
  }
  const rows: { truth: number[]; pred: number[] }[] = [];
  for (let i = 0; i < items.length; i += batchSize) {
    checkCancelled();
    const batch = items.slice(i, i + batchSize);
    const predictions = predictCtBatch([model], [await cache.get(batch, card)], card.tta);
    predictions.forEach((pred, b) => rows.push({ truth: bitsToLabels(batch[b].bits ?? 0), pred }));
  }
  const result = weightedLogLoss(rows);
  return { metricName: 'weighted log loss', value: result.value, perClass: result.perLabel };
}
