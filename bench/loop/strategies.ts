// How each review strategy scores the unlabelled pool in the benchmark, with the product's own scorers over
// the model's own predictions (the same batch prediction pre-annotation runs):
//   random       the queue's seeded random score (no model);
//   uncertainty  steel: 1 − the expected Dice of the thresholded masks (expected-dice); CT: the weighted
//                entropy of the six probabilities, raised where a slice disagrees with both neighbours;
//   ensemble     the model against its own horizontally flipped variant (TTA), steel by Kaggle's Dice rule,
//                CT by the weighted probability difference.
// `disagreement` needs a label to compare with, which an unlabelled item does not have, so it is not a way to
// pick items to label and is not benchmarked here.
import { randomQueueScore } from '../../src/shared/ml/loop/review-queue';
import { steelUncertainty } from '../../src/shared/ml/loop/expected-dice';
import { steelEnsembleDisagreement } from '../../src/shared/ml/loop/steel-queue-scores';
import { ctEnsembleDisagreement } from '../../src/shared/ml/loop/ct-queue-scores';
import { ctSeriesUncertainty } from '../../src/shared/ml/loop/ct-series-neighbours';
import type { PoolScore } from '../../src/shared/ml/loop/simulated-annotator';
import { steelMasksFromMaps, type ProbabilityMap } from '../../src/shared/ml/steel-postprocess';
import type { SteelModelCard } from '../../src/shared/ml/model-card';
import { predictCtBatch, predictSteelBatch, type SteelBatchPrediction } from '../../src/main/ml/inference/batch-predict';
import type { RunnableModel } from '../../src/main/ml/inference/runnable-model';
import { cropAndFlip, type Augmentation } from '../../src/main/ml/training/augment';
import type { InputCache } from '../../src/main/ml/training/validate';
import { steelPostprocessingOf } from '../../src/main/ml/worker/predict-job';
import type { ModelInput } from '../../src/main/ml/inputs';
import type { LabelledItem } from '../../src/main/ml/worker/protocol';

export type LoopStrategy = 'random' | 'uncertainty' | 'ensemble';
export const LOOP_STRATEGIES: readonly LoopStrategy[] = ['random', 'uncertainty', 'ensemble'];

/** What a strategy scores: the pool items still unlabelled, and (CT) the pool's series for the neighbour check. */
export interface PoolToScore {
  items: readonly LabelledItem[];
  /** CT: item ids per series in slice order; the neighbours may be labelled items, predicted all the same. */
  series?: readonly number[][];
  byId: ReadonlyMap<number, LabelledItem>;
}

const flipAll = (width: number, height: number): Augmentation => ({ flip: true, contrast: 1, brightness: 0, x: 0, y: 0, width, height });

function flippedInput(input: ModelInput): ModelInput {
  return { ...input, bytes: cropAndFlip(input.bytes, input.width, input.channels, flipAll(input.width, input.height)) };
}

function flippedBack(map: ProbabilityMap): ProbabilityMap {
  return { ...map, data: cropAndFlip(map.data, map.width, 1, flipAll(map.width, map.height)) };
}

async function* batches(model: RunnableModel, items: readonly LabelledItem[], cache: InputCache, size: number) {
  for (let i = 0; i < items.length; i += size) {
    const batch = items.slice(i, i + size);
    yield { batch, inputs: await cache.get(batch, model.card) };
  }
}

async function scoreSteel(model: RunnableModel, strategy: 'uncertainty' | 'ensemble', items: readonly LabelledItem[], cache: InputCache): Promise<PoolScore[]> {
  const card = model.card as SteelModelCard;
  const post = steelPostprocessingOf(card);
  const scores: PoolScore[] = [];
  for await (const { batch, inputs } of batches(model, items, cache, 4)) {
    const plain = await predictSteelBatch([model], [inputs], 'none');
    if (strategy === 'uncertainty') {
      plain.forEach((p, b) => scores.push({ itemId: batch[b].itemId, ...steelUncertainty(p.maps, p.presence, post, batch[b].width, batch[b].height) }));
      continue;
    }
    const flipped: SteelBatchPrediction[] = await predictSteelBatch([model], [inputs.map(flippedInput)], 'none');
    plain.forEach((p, b) => {
      const { width, height, itemId } = batch[b];
      const a = steelMasksFromMaps(p.maps, p.presence, post, width, height).map((m) => m.mask);
      const f = steelMasksFromMaps(flipped[b].maps.map(flippedBack), flipped[b].presence, post, width, height).map((m) => m.mask);
      scores.push({ itemId, ...steelEnsembleDisagreement(a, f, ['model', 'flipped']) });
    });
  }
  return scores;
}

async function scoreCt(model: RunnableModel, strategy: 'uncertainty' | 'ensemble', pool: PoolToScore, cache: InputCache): Promise<PoolScore[]> {
  const open = new Set(pool.items.map((i) => i.itemId));
  if (strategy === 'ensemble') {
    const scores: PoolScore[] = [];
    for await (const { batch, inputs } of batches(model, pool.items, cache, 16)) {
      const plain = await predictCtBatch([model], [inputs], 'none');
      const flipped = await predictCtBatch([model], [inputs.map(flippedInput)], 'none');
      plain.forEach((p, b) => scores.push({ itemId: batch[b].itemId, ...ctEnsembleDisagreement(p, flipped[b], ['model', 'flipped']) }));
    }
    return scores;
  }
  // The neighbour check needs every slice of a series that has an open slice, labelled or not.
  const series = (pool.series ?? []).filter((ids) => ids.some((id) => open.has(id)));
  const predicted = new Map<number, number[]>();
  const all = series.flat().map((id) => pool.byId.get(id)!);
  for await (const { batch, inputs } of batches(model, all, cache, 16)) {
    (await predictCtBatch([model], [inputs], 'none')).forEach((p, b) => predicted.set(batch[b].itemId, p));
  }
  const byItem = new Map<number, PoolScore>();
  for (const ids of series) {
    for (const s of ctSeriesUncertainty(ids.map((itemId) => ({ itemId, probabilities: predicted.get(itemId) ?? null })))) {
      if (open.has(s.itemId)) byItem.set(s.itemId, { itemId: s.itemId, score: s.score, reason: s.reason });
    }
  }
  return pool.items.map((i) => byItem.get(i.itemId) ?? { itemId: i.itemId, score: null, reason: 'not in a series' });
}

/** Every open pool item's score under `strategy`, in pool order (random needs no model). */
export async function scorePool(strategy: LoopStrategy, model: RunnableModel | null, pool: PoolToScore, cache: InputCache, seed: number): Promise<PoolScore[]> {
  if (strategy === 'random') return pool.items.map((i) => ({ itemId: i.itemId, ...randomQueueScore(i.itemId, seed) }));
  if (!model) throw new Error(`the ${strategy} strategy needs a model`);
  return model.card.task === 'steel' ? scoreSteel(model, strategy, pool.items, cache) : scoreCt(model, strategy, pool, cache);
}
