// Pre-annotation in the worker: items are read (the next batch while the model runs the current one),
// predicted over the TTA set's views, post-processed (steel: threshold, min-area, presence gate → RLE) and
// handed back in chunks; with a time budget the plan is chosen and the deadline kept (predict-batches.ts).
// TensorFlow.js models go through one tensor pipeline (shared reads, maps averaged on the backend); as soon as an
// ONNX version takes part, each model predicts the batch its own way, over the same TTA set's views, and the
// results are averaged here. A sequence version labels a series at once, so with
// one among the models every batch is one series in slice order. A single CT CNN with a slice embedding hands its
// embeddings back with its probabilities (kept for sequence models to train on).
import { deflateSync } from 'node:zlib';
import { encodeRle } from '../../../shared/rle';
import { steelMasksFromMaps, type SteelPostprocessing } from '../../../shared/ml/steel-postprocess';
import type { SteelModelCard } from '../../../shared/ml/model-card';
import type { TtaSet } from '../../../shared/ml/tta';
import type { ClockSeconds } from '../../../shared/ml/predict-budget';
import { readInput, type ItemInput, type ModelInput } from '../inputs';
import { BatchReads, predictMemberCt, predictMemberSteel } from '../inference/member-predict';
import { consistentAny } from '../../../shared/ml/ct-prediction';
import { averageSteelMaps } from '../../../shared/ml/steel-average';
import type { RunnableModel } from '../inference/runnable-model';
import { predictCtBatch, predictSteelBatch, type SteelBatchPrediction } from '../inference/batch-predict';
import { openVersionModel, releaseVersionModel, type VersionModel } from '../inference/version-model';
import type { JobContext } from './job-context';
import type { PredictJobSpec, PredictedItem } from './protocol';
import { runBatchLoop, type PredictLoopResult } from './predict-batches';
import { CtEmbedder } from '../inference/ct-embedding';
import { orderedSeries } from '../../../shared/ml/series-sequences';

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

/**
 * One batch through every model, each its own way (an ONNX, a sequence version or an ensemble among them),
 * averaged. An ensemble's members predict with the TTA sets recorded for them, the other models with the job's.
 */
async function predictMixed(opened: readonly VersionModel[], items: ItemInput[], tta: TtaSet): Promise<SteelBatchPrediction[] | number[][]> {
  const task = opened[0].card.task;
  const reads = new BatchReads(items);
  const each = await Promise.all(
    opened.map(async (m) => {
      if (m.kind === 'ensemble') return task === 'steel' ? m.model.predictSteel(items) : m.model.predictCt(items);
      if (m.kind === 'sequence') return m.model.predictSeries(await Promise.all(items.map((item) => readInput(item, m.model.inputCard))), tta);
      return task === 'steel' ? predictMemberSteel(m, items, tta, reads) : predictMemberCt(m, items, tta, reads);
    }),
  );
  if (each.length === 1) return each[0];
  if (task === 'steel') return items.map((_, i) => averageSteelMaps((each as SteelBatchPrediction[][]).map((p) => p[i])));
  return items.map((_, i) => consistentAny((each as number[][][])[0][i].map((__, k) => (each as number[][][]).reduce((s, p) => s + p[i][k], 0) / each.length)));
}

/** A batch's predictions as the store keeps them (steel: post-processed masks and quantised maps). */
function asPredicted(predictions: SteelBatchPrediction[] | number[][], items: ItemInput[], task: PredictJobSpec['task'], post: SteelPostprocessing | undefined): PredictedItem[] {
  if (task === 'ct') return (predictions as number[][]).map((probabilities, i) => ({ itemId: items[i].itemId, probabilities }));
  return (predictions as SteelBatchPrediction[]).map((p, i) => {
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
  const opened: VersionModel[] = [];
  try {
    for (const dir of spec.modelDirs) opened.push(await openVersionModel(dir));
    const allTfjs = opened.every((m) => m.kind === 'tfjs');
    const models = allTfjs ? opened.map((m) => m.model as RunnableModel) : [];
    // A single CNN with a slice embedding hands its embeddings back with its probabilities, from the same run.
    const embedder = spec.task === 'ct' && models.length === 1 ? CtEmbedder.of(models[0]) : null;
    const first = opened[0].card;
    const post = spec.post ?? (first.task === 'steel' ? steelPostprocessingOf(first) : undefined);
    const batchSize = spec.batchSize ?? (spec.task === 'steel' ? 4 : 16);
    // A sequence version labels a whole series at once: then every batch is one series in slice order.
    const batches: ItemInput[][] = opened.some((m) => m.kind === 'sequence') ? orderedSeries(spec.items) : [];
    if (batches.length === 0) for (let i = 0; i < spec.items.length; i += batchSize) batches.push(spec.items.slice(i, i + batchSize));
    const result = await runBatchLoop(
      {
        batches,
        read: (items) => (allTfjs ? readBatch(items, models) : Promise.resolve([])),
        predict: async (items, inputs, tta) => {
          if (embedder) {
            const { probabilities, embeddings } = embedder.embed(inputs[0], tta);
            hooks.onPredicted?.(items.length, tta);
            return probabilities.map((p, i) => ({ itemId: items[i].itemId, probabilities: p, embedding: embeddings[i] }));
          }
          const raw = allTfjs ? await (spec.task === 'steel' ? predictSteelBatch(models, inputs, tta) : predictCtBatch(models, inputs, tta)) : await predictMixed(opened, items, tta);
          const predicted = asPredicted(raw, items, spec.task, post);
          hooks.onPredicted?.(items.length, tta);
          return predicted;
        },
        tta: spec.tta,
        budgetSeconds: spec.budgetSeconds,
        clock: hooks.clock,
      },
      context,
    );
    return { ...result, models: opened.length };
  } finally {
    for (const model of opened) await releaseVersionModel(model);
  }
}
