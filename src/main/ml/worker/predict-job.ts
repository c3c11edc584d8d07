// Pre-annotation in the worker: items are read (the next batch while the model runs the current one),
// predicted, post-processed (steel: threshold, min-area, presence gate → RLE) and handed back in chunks.
// TensorFlow.js models go through one tensor pipeline (shared reads, maps averaged on the backend); as soon as an
// ONNX version takes part, each model predicts the batch its own way and the results are averaged here.
import { deflateSync } from 'node:zlib';
import { encodeRle } from '../../../shared/rle';
import { steelMasksFromMaps, type SteelPostprocessing } from '../../../shared/ml/steel-postprocess';
import type { SteelModelCard } from '../../../shared/ml/model-card';
import { readInput, type ItemInput, type ModelInput } from '../inputs';
import { consistentAny } from '../../../shared/ml/ct-prediction';
import { averageSteelMaps } from '../../../shared/ml/steel-average';
import type { RunnableModel } from '../inference/runnable-model';
import { predictCtBatch, predictSteelBatch, type SteelBatchPrediction } from '../inference/batch-predict';
import { openVersionModel, releaseVersionModel, type VersionModel } from '../inference/version-model';
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

/** One batch through every model, each its own way (an ONNX version among them), averaged. */
async function predictMixed(opened: readonly VersionModel[], items: ItemInput[], tta: boolean): Promise<SteelBatchPrediction[] | number[][]> {
  const task = opened[0].card.task;
  const each = await Promise.all(
    opened.map(async (m) => {
      if (m.kind === 'onnx') return task === 'steel' ? m.model.predictSteel(items, tta) : m.model.predictCt(items, tta);
      const inputs = await Promise.all(items.map((item) => readInput(item, m.card)));
      return task === 'steel' ? predictSteelBatch([m.model], [inputs], tta) : predictCtBatch([m.model], [inputs], tta);
    }),
  );
  if (task === 'steel') return items.map((_, i) => averageSteelMaps((each as SteelBatchPrediction[][]).map((p) => p[i])));
  return items.map((_, i) => consistentAny((each as number[][][])[0][i].map((__, k) => (each as number[][][]).reduce((s, p) => s + p[i][k], 0) / each.length)));
}

export async function runPredictJob(spec: PredictJobSpec, context: JobContext): Promise<{ items: number; models: number }> {
  const opened: VersionModel[] = [];
  try {
    for (const dir of spec.modelDirs) opened.push(await openVersionModel(dir));
    const allTfjs = opened.every((m) => m.kind === 'tfjs');
    const models = allTfjs ? opened.map((m) => m.model as RunnableModel) : [];
    const first = opened[0].card;
    const post = spec.post ?? (first.task === 'steel' ? steelPostprocessingOf(first) : undefined);
    const batchSize = spec.batchSize ?? (spec.task === 'steel' ? 4 : 16);
    const batches: ItemInput[][] = [];
    for (let i = 0; i < spec.items.length; i += batchSize) batches.push(spec.items.slice(i, i + batchSize));
    const report = throttled((p) => context.progress(p));
    report({ phase: 'predicting', done: 0, total: spec.items.length }, true);

    let done = 0;
    let next = batches.length && allTfjs ? readBatch(batches[0], models) : null;
    for (let b = 0; b < batches.length; b++) {
      context.checkCancelled();
      const items = batches[b];
      let mixed: SteelBatchPrediction[] | number[][] | null = null;
      let inputs: ModelInput[][] = [];
      if (allTfjs) {
        inputs = await next!;
        next = b + 1 < batches.length ? readBatch(batches[b + 1], models) : null;
        next?.catch(() => undefined); // a failed read surfaces when it is awaited
      } else {
        mixed = await predictMixed(opened, items, spec.tta);
      }
      let predicted: PredictedItem[];
      if (spec.task === 'steel') {
        predicted = ((mixed as SteelBatchPrediction[] | null) ?? predictSteelBatch(models, inputs, spec.tta)).map((p, i) => {
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
        predicted = ((mixed as number[][] | null) ?? predictCtBatch(models, inputs, spec.tta)).map((probabilities, i) => ({ itemId: items[i].itemId, probabilities }));
      }
      context.partial(predicted);
      done += items.length;
      report({ phase: 'predicting', done, total: spec.items.length });
    }
    return { items: done, models: opened.length };
  } finally {
    for (const model of opened) await releaseVersionModel(model);
  }
}
