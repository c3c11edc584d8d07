// Training a CT sequence model in the worker: every labelled slice's embedding by the parent CNN (stored ones
// as given, the rest computed here), the training slices as ordered series, epochs of Adam over batches of
// equal-length series within an epoch count and a time budget, the validation series scored after each epoch
// (weighted log loss) beside the CNN alone on the same slices, and a version folder that holds the sequence
// model and a copy of the CNN. The result has the shape of any training run's, so registration is the same.
import * as tf from '@tensorflow/tfjs';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { bitsToLabels } from '../../../shared/ct-labels';
import { calibrateCt, consistentAny } from '../../../shared/ml/ct-prediction';
import { seededRandom, shuffled } from '../../../shared/ml/random';
import { equalLengthBatches, orderedSeries } from '../../../shared/ml/series-sequences';
import { ctValidationScore } from '../../../shared/ml/loop/validation-scores';
import { ttaSetOf } from '../../../shared/ml/tta';
import type { EpochPoint } from '../../../shared/api/model-types';
import { CT_SEQUENCE_DEFAULTS, buildCtSequence, sequenceCard, type CtSequenceOptions } from '../architectures/ct-sequence';
import { CtEmbedder } from '../inference/ct-embedding';
import { RunnableModel } from '../inference/runnable-model';
import { SEQUENCE_CNN_FOLDER } from '../inference/sequence-version';
import { readInput } from '../inputs';
import { saveLayersModel } from '../model-folder';
import { throttled, type JobContext } from '../worker/job-context';
import type { LabelledItem, SliceEmbedding, TrainJobSpec, TrainResult } from '../worker/protocol';
import { labelsTensor, predictSeries, seriesTensor, sequenceLoss } from './sequence-steps';
import { baselineScore, type Score } from './validate';

interface LabelledSeries {
  /** Slices in the series (what batches of equal length group by). */
  length: number;
  items: LabelledItem[];
  embeddings: Float32Array[];
  labels: number[][];
}

export async function runSequenceTrainJob(spec: TrainJobSpec, context: JobContext): Promise<TrainResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const deadline = spec.minutes ? started + spec.minutes * 60_000 : Infinity;
  const random = seededRandom(spec.seed);
  const report = throttled((p) => context.progress(p));
  if (spec.task !== 'ct' || !spec.parentDir || !spec.sequence) throw new Error('a sequence model is trained on the embeddings of a CT CNN version');
  const cnn = await RunnableModel.open(spec.parentDir);
  let model: tf.LayersModel | null = null;
  let optimizer: tf.Optimizer | null = null;
  try {
    const embedder = CtEmbedder.of(cnn);
    if (!embedder || cnn.card.task !== 'ct') throw new Error(`${spec.parentDir}: this model has no slice embedding to train a sequence model on (a built-in CT CNN has one)`);
    const tta = ttaSetOf(cnn.card.tta);
    const embeddingOf = new Map(spec.sequence.embeddings.map((e) => [e.itemId, e.values]));
    const parentProbabilities = new Map<number, number[]>();
    // Validation slices are always run (the CNN's own score on them is the bar); training slices only when no stored embedding fits.
    const toRun = [...spec.training.filter((i) => embeddingOf.get(i.itemId)?.length !== embedder.size), ...spec.validation];
    const computed: SliceEmbedding[] = [];
    for (let i = 0; i < toRun.length; i += 16) {
      context.checkCancelled();
      report({ phase: 'embedding the slices with the CNN', done: i, total: toRun.length });
      const batch = toRun.slice(i, i + 16);
      const { embeddings, probabilities } = embedder.embed(await Promise.all(batch.map((item) => readInput(item, cnn.card))), tta);
      batch.forEach((item, b) => {
        embeddingOf.set(item.itemId, embeddings[b]);
        parentProbabilities.set(item.itemId, probabilities[b]);
        computed.push({ itemId: item.itemId, values: embeddings[b] });
      });
    }
    const asSeries = (items: LabelledItem[]): LabelledSeries[] =>
      orderedSeries(items).map((s) => ({ length: s.length, items: s, embeddings: s.map((i) => embeddingOf.get(i.itemId)!), labels: s.map((i) => bitsToLabels(i.bits ?? 0)) }));
    const training = asSeries(spec.training);
    const validation = asSeries(spec.validation);
    if (training.length === 0) throw new Error('nothing to train on: the dataset has no labelled slices outside the validation split');

    const options: CtSequenceOptions = { ...CT_SEQUENCE_DEFAULTS, embeddingSize: embedder.size, seed: spec.seed, ...(spec.sequence.units ? { units: spec.sequence.units } : {}) };
    model = buildCtSequence(options);
    const trained = model;
    const score = (): Score => {
      const rows = validation.flatMap((s) => predictSeries(trained, s.embeddings).map((raw, t) => ({ labelBits: s.items[t].bits ?? 0, probabilities: consistentAny(calibrateCt(raw, undefined)) })));
      return { metricName: 'weighted log loss', ...ctValidationScore(rows) };
    };
    const parentScore: Score | null = validation.length
      ? { metricName: 'weighted log loss', ...ctValidationScore(spec.validation.map((i) => ({ labelBits: i.bits ?? 0, probabilities: parentProbabilities.get(i.itemId)! }))) }
      : null;

    const seriesPerStep = Math.min(training.length, spec.batchSize ?? 4);
    const stepsPerEpoch = equalLengthBatches(training, seriesPerStep).length;
    const totalSteps = stepsPerEpoch * spec.epochs;
    optimizer = tf.train.adam(spec.learningRate ?? 3e-3);
    const epochs: EpochPoint[] = [];
    let steps = 0;
    let stoppedBy: TrainResult['stoppedBy'] = 'epochs';
    let lastScore: Score | null = null;
    for (let epoch = 1; epoch <= spec.epochs && stoppedBy === 'epochs'; epoch++) {
      const batches = shuffled(equalLengthBatches(shuffled(training, random), seriesPerStep), random);
      let lossSum = 0;
      for (const batch of batches) {
        context.checkCancelled();
        const x = seriesTensor(batch.map((s) => s.embeddings));
        const y = labelsTensor(batch.map((s) => s.labels));
        const loss = optimizer.minimize(() => sequenceLoss(trained, x, y), true)!;
        const value = loss.dataSync()[0];
        tf.dispose([x, y, loss]);
        lossSum += value;
        steps++;
        const left = Math.min((seconds() / steps) * (totalSteps - steps), (deadline - performance.now()) / 1000);
        report({ phase: `epoch ${epoch} of ${spec.epochs}`, done: steps, total: totalSteps, loss: value, etaSeconds: Math.max(0, left) });
        if (performance.now() >= deadline) {
          stoppedBy = 'time';
          break;
        }
      }
      lastScore = validation.length ? score() : null;
      const point: EpochPoint = { epoch, loss: lossSum / Math.max(1, batches.length), metric: lastScore?.value ?? Number.NaN, metricName: 'weighted log loss', seconds: seconds() };
      epochs.push(point);
      report({ phase: `epoch ${epoch} of ${spec.epochs}`, done: steps, total: totalSteps, loss: point.loss, epoch: point }, true);
    }

    const card = { ...sequenceCard(cnn.card, options), provenance: spec.provenance };
    report({ phase: 'saving', done: steps, total: totalSteps }, true);
    await saveLayersModel(trained, spec.outDir, card, { float16: spec.float16 });
    cpSync(spec.parentDir, join(spec.outDir, SEQUENCE_CNN_FOLDER), { recursive: true });
    const baseline = baselineScore('ct', spec.validation);
    return {
      metricName: 'weighted log loss',
      metric: lastScore?.value ?? null,
      parentMetric: parentScore?.value ?? null,
      perClass: lastScore?.perClass,
      comparison: { child: lastScore ?? { ...baseline, value: Number.NaN, perClass: {} }, parent: parentScore, baseline },
      pseudo: null,
      epochs,
      steps,
      stoppedBy,
      trainedOn: spec.training.length,
      pseudoLabelled: 0,
      validatedOn: spec.validation.length,
      architecture: card.architecture,
      card,
      embeddings: computed,
    };
  } finally {
    optimizer?.dispose();
    model?.dispose();
    cnn.dispose();
  }
}
