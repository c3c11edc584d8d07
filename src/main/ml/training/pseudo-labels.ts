// Confident pseudo-labels: the parent model's own predictions on candidate items (neither truth nor a
// person's label, not reviewed, outside the validation set's groups — chosen in main), kept only where every
// value the label is made of is confident: each class's presence (the presence head, else its largest pixel
// probability) for steel, each of the six probabilities for CT, at least t or at most 1 − t. A kept
// pseudo-label is exactly the draft pre-annotation would write: steel masks through the parent card's
// threshold / min-area / presence gate at the strip's full size (steelMasksFromMaps), CT labels read at 0.5
// from the calibrated probabilities. The summary says how many were taken, and at which confidence.
import { encodeRle } from '../../../shared/rle';
import { bitsToLabels } from '../../../shared/ct-labels';
import { predictionToBits } from '../../../shared/ml/ct-prediction';
import { steelMasksFromMaps } from '../../../shared/ml/steel-postprocess';
import { pseudoLabelConfidence, pseudoLabelSummary, steelPresenceValues, type PseudoLabelSummary } from '../../../shared/ml/loop/pseudo-label-candidates';
import type { ItemInput } from '../inputs';
import type { RunnableModel } from '../inference/runnable-model';
import { predictCtBatch, predictSteelBatch } from '../inference/batch-predict';
import { steelPostprocessingOf } from '../worker/predict-job';
import { steelTarget, type Sample } from './examples';
import type { InputCache } from './validate';
import { ttaSetOf } from '../../../shared/ml/tta';

export interface PseudoLabels {
  samples: Sample[];
  summary: PseudoLabelSummary;
}

export async function pseudoLabel(
  parent: RunnableModel,
  candidates: readonly ItemInput[],
  threshold: number,
  cache: InputCache,
  checkCancelled: () => void,
): Promise<PseudoLabels> {
  const card = parent.card;
  const samples: Sample[] = [];
  const confidences: number[] = [];
  const batchSize = card.task === 'steel' ? 4 : 16;
  for (let i = 0; i < candidates.length; i += batchSize) {
    checkCancelled();
    const batch = candidates.slice(i, i + batchSize);
    const inputs = await cache.get(batch, card);
    if (card.task === 'steel') {
      const post = steelPostprocessingOf(card);
      (await predictSteelBatch([parent], [inputs], ttaSetOf(card.tta))).forEach((p, b) => {
        const confidence = pseudoLabelConfidence(steelPresenceValues(p.maps, p.presence));
        confidences.push(confidence);
        if (confidence < threshold) return;
        const item = batch[b];
        const rles = steelMasksFromMaps(p.maps, p.presence, post, item.width, item.height).map((m) => (m.pixels ? encodeRle(m.mask) : ''));
        samples.push({ item, steel: (width, height) => steelTarget(rles, item.width, item.height, width, height) });
      });
    } else {
      (await predictCtBatch([parent], [inputs], ttaSetOf(card.tta))).forEach((probabilities, b) => {
        const confidence = pseudoLabelConfidence(probabilities);
        confidences.push(confidence);
        if (confidence >= threshold) samples.push({ item: batch[b], labels: bitsToLabels(predictionToBits(probabilities, 0.5)) });
      });
    }
  }
  return { samples, summary: pseudoLabelSummary(confidences, threshold) };
}
