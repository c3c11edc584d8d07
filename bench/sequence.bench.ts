// The CT sequence model's worth, with known truth (`npm run bench -- sequence`; benchSequence is called by
// bench/run.ts). Generated head-phantom series (bench/loop/ct-set.ts: each subtype's bleed spans 3–6
// contiguous slices) are split by series into training and held-out series. The starter CT CNN is fine-tuned
// on the training slices by the training job (as `loupe train` does); a sequence model is trained on that
// CNN's slice embeddings of the same slices (as `loupe train --task ct-sequence` does); both are scored on the
// held-out series by RSNA's weighted log loss: the CNN alone, and the CNN + the sequence model.
//   LOUPE_BENCH_SEQUENCE_SERIES (24)      training series;  LOUPE_BENCH_SEQUENCE_HELD_OUT (8) held-out series
//   LOUPE_BENCH_SEQUENCE_SLICES (16)      slices per series (128² pixels)
//   LOUPE_BENCH_SEQUENCE_CNN_EPOCHS (4)   CNN fine-tuning epochs;  LOUPE_BENCH_SEQUENCE_EPOCHS (40) sequence epochs
//   LOUPE_BENCH_SEQUENCE_SEED (7)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../src/main/ml/backend/backend-chain';
import { openVersionModel, releaseVersionModel } from '../src/main/ml/inference/version-model';
import { runTrainJob } from '../src/main/ml/training/train-job';
import { InputCache, baselineScore, validate, validateSequence } from '../src/main/ml/training/validate';
import type { JobContext } from '../src/main/ml/worker/job-context';
import type { LabelledItem, TrainJobSpec } from '../src/main/ml/worker/protocol';
import { writeCtSet } from './loop/ct-set';

const root = join(import.meta.dirname, '..');
const env = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!(Number.isInteger(value) && value > 0)) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
};
const log = (line: string) => process.stderr.write(`[sequence] ${line}\n`);
const quietJob: JobContext = { jobId: 0, progress: () => undefined, partial: () => undefined, checkCancelled: () => undefined };

export async function benchSequence(): Promise<Record<string, number>> {
  const series = env('LOUPE_BENCH_SEQUENCE_SERIES', 24);
  const heldOutSeries = env('LOUPE_BENCH_SEQUENCE_HELD_OUT', 8);
  const slices = env('LOUPE_BENCH_SEQUENCE_SLICES', 16);
  const cnnEpochs = env('LOUPE_BENCH_SEQUENCE_CNN_EPOCHS', 4);
  const epochs = env('LOUPE_BENCH_SEQUENCE_EPOCHS', 40);
  const seed = env('LOUPE_BENCH_SEQUENCE_SEED', 7);
  const report = await selectBackend();
  log(`backend ${report.backend}`);
  const work = mkdtempSync(join(tmpdir(), 'loupe-bench-sequence-'));
  try {
    const started = performance.now();
    const set = writeCtSet(join(work, 'dicom'), series + heldOutSeries, slices, 128, seed);
    // One series per patient, in slice order: what the product's items carry (predict.ts itemInput).
    const orderOf = new Map(set.series.flatMap((ids) => ids.map((id, t) => [id, t] as const)));
    const items: LabelledItem[] = set.items.map((i) => ({ ...i, series: i.group, order: orderOf.get(i.itemId)! }));
    const training = items.slice(0, series * slices);
    const heldOut = items.slice(series * slices);
    const positives = (list: LabelledItem[]) => list.filter((i) => (i.bits ?? 0) !== 0).length;
    log(`${series} training series (${positives(training)} of ${training.length} slices with a bleed), ${heldOutSeries} held out (${positives(heldOut)} of ${heldOut.length})`);

    const spec = (over: Partial<TrainJobSpec>): TrainJobSpec => ({
      kind: 'train', task: 'ct', parentDir: null, fresh: false, outDir: '', training, validation: [], pseudoCandidates: [], pseudoThreshold: null,
      epochs: 1, minutes: null, seed, provenance: { bench: 'sequence' }, ...over,
    });
    const cnnDir = join(work, 'cnn');
    let t = performance.now();
    await runTrainJob(spec({ parentDir: join(root, 'resources/models/ct-starter'), outDir: cnnDir, epochs: cnnEpochs }), quietJob);
    const cnnSeconds = (performance.now() - t) / 1000;
    log(`CNN fine-tuned from the starter, ${cnnEpochs} epochs, in ${cnnSeconds.toFixed(0)} s`);
    const sequenceDir = join(work, 'sequence');
    t = performance.now();
    const trained = await runTrainJob(spec({ parentDir: cnnDir, outDir: sequenceDir, epochs, sequence: { embeddings: [] } }), quietJob);
    const sequenceSeconds = (performance.now() - t) / 1000;
    log(`sequence model trained on the CNN's embeddings, ${epochs} epochs (final loss ${trained.epochs.at(-1)!.loss.toFixed(4)}), in ${sequenceSeconds.toFixed(0)} s`);

    const cache = new InputCache();
    const cnn = await openVersionModel(cnnDir);
    const withSequence = await openVersionModel(sequenceDir);
    try {
      if (cnn.kind !== 'tfjs' || withSequence.kind !== 'sequence') throw new Error('unexpected model kinds');
      const alone = (await validate(cnn.model, heldOut, cache)).value;
      const both = (await validateSequence(withSequence.model, heldOut, cache)).value;
      const baseline = baselineScore('ct', heldOut).value;
      log(`held-out weighted log loss: CNN alone ${alone.toFixed(4)}, CNN + sequence ${both.toFixed(4)}, base rates ${baseline.toFixed(4)}`);
      return {
        'training series': series,
        'held-out series': heldOutSeries,
        'slices per series': slices,
        'held-out wll, CNN alone': alone,
        'held-out wll, CNN + sequence': both,
        'held-out wll, base rates': baseline,
        'CNN fine-tuning s': cnnSeconds,
        'sequence training s': sequenceSeconds,
        'total s': (performance.now() - started) / 1000,
      };
    } finally {
      await releaseVersionModel(cnn);
      await releaseVersionModel(withSequence);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
