// Pre-annotation in the worker: items are read (the next batch while the model runs the current one),
// predicted, post-processed (steel: threshold, min-area, presence gate → RLE) and handed back in chunks.
import { deflateSync } from 'node:zlib';
import { encodeRle } from '../../../shared/rle';
import { steelMasksFromMaps, type SteelPostprocessing } from '../../../shared/ml/steel-postprocess';
import type { SteelModelCard } from '../../../shared/ml/model-card';
import { readInput, type ItemInput, type ModelInput } from '../inputs';
import { RunnableModel } from '../inference/runnable-model';
import { predictCtBatch, predictSteelBatch } from '../inference/batch-predict';
import type { JobContext } from './job-context';
import { throttled } from './job-context';
import type { PredictJobSpec, PredictedItem } from './protocol';

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

export async function runPredictJob(spec: PredictJobSpec, context: JobContext): Promise<{ items: number; models: number }> {
  const models: RunnableModel[] = [];
  try {
    for (const dir of spec.modelDirs) models.push(await RunnableModel.open(dir));
    const first = models[0].card;
    const post = spec.post ?? (first.task === 'steel' ? steelPostprocessingOf(first) : undefined);
    const batchSize = spec.batchSize ?? (spec.task === 'steel' ? 4 : 16);
    const batches: ItemInput[][] = [];
    for (let i = 0; i < spec.items.length; i += batchSize) batches.push(spec.items.slice(i, i + batchSize));
    const report = throttled((p) => context.progress(p));
    report({ phase: 'predicting', done: 0, total: spec.items.length }, true);

    let done = 0;
    let next = batches.length ? readBatch(batches[0], models) : null;
    for (let b = 0; b < batches.length; b++) {
      context.checkCancelled();
      const inputs = await next!;
      next = b + 1 < batches.length ? readBatch(batches[b + 1], models) : null;
      next?.catch(() => undefined); // a failed read surfaces when it is awaited
      const items = batches[b];
      let predicted: PredictedItem[];
      if (spec.task === 'steel') {
        predicted = predictSteelBatch(models, inputs, spec.tta).map((p, i) => {
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
      } else {
        predicted = predictCtBatch(models, inputs, spec.tta).map((probabilities, i) => ({ itemId: items[i].itemId, probabilities }));
      }
      context.partial(predicted);
      done += items.length;
      report({ phase: 'predicting', done, total: spec.items.length });
    }
    return { items: done, models: models.length };
  } finally {
    for (const model of models) model.dispose();
  }
}
