// Pre-annotation in the worker: items are read (the next batch while the model runs the current one),
// predicted over the TTA set's views, post-processed (steel: threshold, min-area, presence gate → RLE) and
// handed back in chunks; with a time budget the plan is chosen and the deadline kept (predict-batches.ts).
import { deflateSync } from 'node:zlib';
import { encodeRle } from '../../../shared/rle';
import { steelMasksFromMaps, type SteelPostprocessing } from '../../../shared/ml/steel-postprocess';
import type { SteelModelCard } from '../../../shared/ml/model-card';
import type { TtaSet } from '../../../shared/ml/tta';
import type { ClockSeconds } from '../../../shared/ml/predict-budget';
import { readInput, type ItemInput, type ModelInput } from '../inputs';
import { RunnableModel } from '../inference/runnable-model';
import { predictCtBatch, predictSteelBatch } from '../inference/batch-predict';
import type { JobContext } from './job-context';
import type { PredictJobSpec, PredictedItem } from './protocol';
import { runBatchLoop, type PredictLoopResult } from './predict-batches';

/** Reads a batch once per distinct input spec of the models (models with equal cards share the read). */
function readBatch(items: ItemInput[], models: RunnableModel[]): Promise<ModelInput[][]> {
  const bySpec = new Map<string, Promise<ModelInput[]>>();
  return Promise.all(
    models.map((model) => {
      const card = model.card;
      const spec = JSON.stringify([card.input, card.task === 'ct' ? card.windows : null]);
      let read = bySpec.get(spec);
      if (!read) bySpec.set(spec, (read = Promise.all(items.map((item) => readInput(item, card)))));
      return read;
    }),
  );
}

export function steelPostprocessingOf(card: SteelModelCard): SteelPostprocessing {
  return { thresholds: card.thresholds, minArea: card.minArea, presenceThresholds: card.presenceThresholds };
}

/** One batch through the models over a TTA set's views, post-processed as the store keeps it. */
function predictItems(models: RunnableModel[], inputs: ModelInput[][], items: ItemInput[], tta: TtaSet, task: PredictJobSpec['task'], post: SteelPostprocessing | undefined): PredictedItem[] {
  if (task === 'ct') return predictCtBatch(models, inputs, tta).map((probabilities, i) => ({ itemId: items[i].itemId, probabilities }));
  return predictSteelBatch(models, inputs, tta).map((p, i) => {
    const item = items[i];
    const masks = steelMasksFromMaps(p.maps, p.presence, post!, item.width, item.height);
    return {
      itemId: item.itemId,
      rles: masks.map((m) => (m.pixels ? encodeRle(m.mask) : '')),
      maps: p.maps.map((map, c) => ({
        classId: c + 1,
        width: map.width,
        height: map.height,
        presence: p.presence ? p.presence[c] : null,
        deflated: new Uint8Array(deflateSync(map.data)),
      })),
    };
  });
}

export interface PredictJobHooks {
  /** Seconds, for the budget (performance.now() by default). */
  clock?: ClockSeconds;
  /** Told after every batch the models predicted (calibration runs too): a test's clock charges it here. */
  onPredicted?: (items: number, tta: TtaSet) => void;
}

export async function runPredictJob(spec: PredictJobSpec, context: JobContext, hooks: PredictJobHooks = {}): Promise<PredictLoopResult & { models: number }> {
  const models: RunnableModel[] = [];
  try {
    for (const dir of spec.modelDirs) models.push(await RunnableModel.open(dir));
    const first = models[0].card;
    const post = spec.post ?? (first.task === 'steel' ? steelPostprocessingOf(first) : undefined);
    const batchSize = spec.batchSize ?? (spec.task === 'steel' ? 4 : 16);
    const batches: ItemInput[][] = [];
    for (let i = 0; i < spec.items.length; i += batchSize) batches.push(spec.items.slice(i, i + batchSize));
    const result = await runBatchLoop(
      {
        batches,
        read: (items) => readBatch(items, models),
        predict: (items, inputs, tta) => {
          const predicted = predictItems(models, inputs, items, tta, spec.task, post);
          hooks.onPredicted?.(items.length, tta);
          return predicted;
        },
        tta: spec.tta,
        budgetSeconds: spec.budgetSeconds,
        clock: hooks.clock,
      },
      context,
    );
    return { ...result, models: models.length };
  } finally {
    for (const model of models) model.dispose();
  }
}
