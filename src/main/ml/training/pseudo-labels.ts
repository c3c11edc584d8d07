// Confident pseudo-labels: the parent model's own predictions on unlabelled items, kept only where every
// class is confidently present (p ≥ t) or absent (p ≤ 1 − t). Steel masks are the parent's thresholded maps.
import type { ModelCard } from '../../../shared/ml/model-card';
import type { ItemInput } from '../inputs';
import type { RunnableModel } from '../inference/runnable-model';
import { predictCtBatch, predictSteelBatch } from '../inference/batch-predict';
import type { Sample } from './examples';
import type { InputCache } from './validate';

const confident = (p: number, t: number) => p >= t || p <= 1 - t;

export async function pseudoLabel(
  parent: RunnableModel,
  candidates: readonly ItemInput[],
  threshold: number,
  trainCard: ModelCard,
  cache: InputCache,
  checkCancelled: () => void,
): Promise<Sample[]> {
  const parentCard = parent.card;
  if (parentCard.task !== trainCard.task) return [];
  if (parentCard.input.width !== trainCard.input.width || parentCard.input.height !== trainCard.input.height) return [];
  const samples: Sample[] = [];
  const batchSize = parentCard.task === 'steel' ? 4 : 16;
  for (let i = 0; i < candidates.length; i += batchSize) {
    checkCancelled();
    const batch = candidates.slice(i, i + batchSize);
    const inputs = await cache.get(batch, parentCard);
    if (parentCard.task === 'steel') {
      predictSteelBatch([parent], [inputs], false).forEach((p, b) => {
        const present = p.maps.map((map, c) => p.presence?.[c] ?? Math.max(...map.data) / 255);
        if (!present.every((v) => confident(v, threshold))) return;
        const { width, height } = p.maps[0];
        const masks = new Uint8Array(width * height * 4);
        p.maps.forEach((map, c) => {
          if (present[c] < threshold) return;
          const cut = parentCard.thresholds[c] * 255;
          for (let k = 0; k < map.data.length; k++) if (map.data[k] >= cut) masks[k * 4 + c] = 255;
        });
        const target = { masks, presence: present.map((v) => (v >= threshold ? 1 : 0)) };
        samples.push({ item: batch[b], steel: () => target });
      });
    } else {
      predictCtBatch([parent], [inputs], false).forEach((probabilities, b) => {
        if (!probabilities.every((v) => confident(v, threshold))) return;
        samples.push({ item: batch[b], labels: probabilities.map((v) => (v >= 0.5 ? 1 : 0)) });
      });
    }
  }
  return samples;
}
