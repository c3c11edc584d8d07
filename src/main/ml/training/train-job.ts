// Retraining in the worker: the parent's score on the validation set, optional pseudo-labels, then
// epochs of augmented mini-batches (Adam; a steel batch optionally split over threads, LOUPE_TRAIN_THREADS) within an epoch count and a time budget, a validation score after
// every epoch (the live curves), and the new model folder with its card. The result holds the new version,
// its parent and the baseline scored on the very same validation items, per class, for main to decide on.
import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import { seededRandom, shuffled } from '../../../shared/ml/random';
import type { ModelCard } from '../../../shared/ml/model-card';
import type { EpochPoint } from '../../../shared/api/model-types';
import { buildArchitecture, defaultCard, steelCard } from '../architectures/builtin';
import { steelUnetStride } from '../architectures/steel-unet';
import { RunnableModel, batchTensor } from '../inference/runnable-model';
import type { ModelInput } from '../inputs';
import { saveLayersModel } from '../model-folder';
import { augmentInput, cropAndFlip, drawAugmentation } from './augment';
import { sampleOf, type Sample } from './examples';
import { DataParallelSteelTrainer } from './data-parallel';
import { ctLoss, steelLoss } from './losses';
import { pseudoLabel } from './pseudo-labels';
import { runSequenceTrainJob } from './sequence-train-job';
import { InputCache, baselineScore, validate, type Score } from './validate';
import { throttled, type JobContext } from '../worker/job-context';
import type { TrainJobSpec, TrainResult } from '../worker/protocol';

/**
 * A card for new weights. What was fitted to the parent's outputs does not carry over, since the new weights
 * learn the labels directly: a CT calibration is dropped, and steel thresholds, min-areas and presence gates go
 * back to a fresh model's (a parent tuned to paint nothing, like the shipped starter, would otherwise hand its
 * children that too). The new version's figures are of its own outputs; tuning it is a step of its own.
 */
export function forNewWeights(card: ModelCard): ModelCard {
  if (card.task === 'steel') {
    const fresh = steelCard();
    return { ...card, thresholds: fresh.thresholds, minArea: fresh.minArea, ...(card.presenceThresholds ? { presenceThresholds: [0.5, 0.5, 0.5, 0.5] } : {}) };
  }
  if (!card.calibration) return card;
  const { calibration: _fitted, ...rest } = card;
  return rest;
}

/** The model to train: the parent's own layers model (fine-tuning), else a fresh built-in one. */
function startingPoint(spec: TrainJobSpec, parent: RunnableModel | null): { model: RunnableModel; card: ModelCard; fineTuning: boolean } {
  if (parent?.layers && !spec.fresh) {
    const card = forNewWeights(parent.card);
    return { model: card === parent.card ? parent : RunnableModel.ofLayers(parent.layers, card), card, fineTuning: true };
  }
  const base = parent && buildArchitecture(parent.card) ? parent.card : defaultCard(spec.task);
  const card = { ...forNewWeights(base), provenance: undefined } as ModelCard;
  const layers = buildArchitecture(card, spec.seed)!;
  return { model: RunnableModel.ofLayers(layers, card), card, fineTuning: false };
}

/** Crop size for training: steel keeps the height and takes up to 256 model pixels of width; CT 7/8 of the side. */
function cropSize(card: ModelCard): [number, number] {
  const { width, height } = card.input;
  if (card.task === 'steel') {
    const widths = (card.architectureOptions?.widths as number[] | undefined) ?? [8, 16, 32, 64];
    const stride = steelUnetStride(widths);
    return [Math.min(width, Math.max(stride, Math.floor(256 / stride) * stride)), height];
  }
  const side = Math.max(16, Math.floor((width * 7) / 8 / 16) * 16);
  return [Math.min(width, side), Math.min(height, side)];
}

/** One augmented steel batch: the inputs, the target masks and the presence targets (the caller disposes them). */
function steelBatch(card: ModelCard, samples: Sample[], inputs: ModelInput[], random: () => number, crop: [number, number]): [tf.Tensor4D, tf.Tensor4D, tf.Tensor2D] {
  const drawn = inputs.map((input) => drawAugmentation(random, input.width, input.height, crop[0], crop[1]));
  const x = batchTensor(inputs.map((input, i) => augmentInput(input, drawn[i])), card);
  const maskBytes = samples.map((s, i) => cropAndFlip(s.steel!(inputs[i].width, inputs[i].height).masks, inputs[i].width, 4, drawn[i]));
  const masks = new Float32Array(maskBytes.length * maskBytes[0].length);
  const presence = new Float32Array(samples.length * 4);
  maskBytes.forEach((m, b) => {
    for (let k = 0; k < m.length; k++) {
      masks[b * m.length + k] = m[k] / 255;
      if (m[k] > 0) presence[b * 4 + (k & 3)] = 1; // present in the crop the model sees
    }
  });
  return [x, tf.tensor4d(masks, [samples.length, crop[1], crop[0], 4]), tf.tensor2d(presence, [samples.length, 4])];
}

/**
 * With LOUPE_TRAIN_THREADS=n (n ≥ 2), a steel step over n threads (data-parallel.ts: the same step as on one) where
 * TensorFlow.js runs on one thread (wasm, cpu); null (one thread) otherwise. Off by default: on the shared 2-core
 * build machine the two shards ran slower together than one thread alone (README, Benchmarks).
 */
async function parallelTrainer(model: RunnableModel, batchSize: number): Promise<DataParallelSteelTrainer | null> {
  const wanted = Math.min(Number(process.env.LOUPE_TRAIN_THREADS ?? 1) || 1, availableParallelism(), batchSize);
  if (model.card.task !== 'steel' || wanted < 2 || !model.layers || !['wasm', 'cpu'].includes(tf.getBackend())) return null;
  try {
    return await DataParallelSteelTrainer.start(model.layers, wanted - 1);
  } catch {
    return null; // the worker could not start (a build without its file): one thread does the same step
  }
}

/** The loss of the model on one augmented batch. */
function batchLoss(model: RunnableModel, samples: Sample[], inputs: ModelInput[], random: () => number, crop: [number, number]): tf.Scalar {
  const card = model.card;
  if (card.task === 'steel') {
    const [x, y, p] = steelBatch(card, samples, inputs, random, crop);
    const [predicted, predictedPresence] = model.run(x, true);
    return steelLoss(predicted, y, predictedPresence ?? null, p);
  }
  const drawn = inputs.map((input) => drawAugmentation(random, input.width, input.height, crop[0], crop[1]));
  const x = batchTensor(inputs.map((input, i) => augmentInput(input, drawn[i])), card);
  const y = tf.tensor2d(samples.flatMap((s) => s.labels!), [samples.length, 6]);
  return ctLoss(model.run(x, true)[0], y);
}

export async function runTrainJob(spec: TrainJobSpec, context: JobContext): Promise<TrainResult> {
  if (spec.sequence) return runSequenceTrainJob(spec, context);
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const deadline = spec.minutes ? started + spec.minutes * 60_000 : Infinity;
  const random = seededRandom(spec.seed);
  const report = throttled((p) => context.progress(p));
  const cache = new InputCache();
  let parent: RunnableModel | null = null;
  let trained: RunnableModel | null = null;
  let optimizer: tf.Optimizer | null = null;
  let parallel: DataParallelSteelTrainer | null = null;
  try {
    parent = spec.parentDir ? await RunnableModel.open(spec.parentDir) : null;
    const { model, card, fineTuning } = startingPoint(spec, parent);
    trained = model;

    const samples: Sample[] = spec.training.map((item) => sampleOf(item, card));
    let parentScore: Score | null = null;
    if (parent && spec.validation.length) {
      report({ phase: 'validating the parent', done: 0, total: 1 }, true);
      parentScore = await validate(parent, spec.validation, cache, () => context.checkCancelled());
    }
    let pseudoLabelled = 0;
    let pseudo: TrainResult['pseudo'] = null;
    if (parent && spec.pseudoThreshold !== null) {
      report({ phase: 'pseudo-labelling', done: 0, total: spec.pseudoCandidates.length }, true);
      const taken = await pseudoLabel(parent, spec.pseudoCandidates, spec.pseudoThreshold, cache, () => context.checkCancelled());
      samples.push(...taken.samples);
      pseudoLabelled = taken.samples.length;
      pseudo = { ...taken.summary, itemIds: taken.samples.map((s) => s.item.itemId) };
    }
    if (samples.length === 0) throw new Error('nothing to train on: the dataset has no labelled items outside the validation split');

    const batchSize = Math.min(samples.length, spec.batchSize ?? (spec.task === 'steel' ? 4 : 16));
    const stepsPerEpoch = Math.ceil(samples.length / batchSize);
    const totalSteps = stepsPerEpoch * spec.epochs;
    const crop = cropSize(card);
    optimizer = tf.train.adam(spec.learningRate ?? (fineTuning ? 5e-4 : 1e-3));
    parallel = batchSize >= 2 ? await parallelTrainer(trained, batchSize) : null;
    const epochs: EpochPoint[] = [];
    let steps = 0;
    let stoppedBy: TrainResult['stoppedBy'] = 'epochs';
    let lastScore: Score | null = null;
    const metricName: EpochPoint['metricName'] = spec.task === 'steel' ? 'mean Dice' : 'weighted log loss';

    for (let epoch = 1; epoch <= spec.epochs && stoppedBy === 'epochs'; epoch++) {
      const order = shuffled(samples, random);
      const batches = Array.from({ length: stepsPerEpoch }, (_, s) => order.slice(s * batchSize, (s + 1) * batchSize)).filter((b) => b.length);
      const read = (b: Sample[]) => cache.get(b.map((s) => s.item), card);
      let next = batches.length ? read(batches[0]) : null;
      let lossSum = 0;
      let lossCount = 0;
      for (let s = 0; s < batches.length; s++) {
        context.checkCancelled();
        const inputs = await next!;
        next = s + 1 < batches.length ? read(batches[s + 1]) : null; // read the next batch while this one trains
        next?.catch(() => undefined);
        let value: number;
        if (parallel && batches[s].length >= 2) {
          const tensors = steelBatch(card, batches[s], inputs, random, crop);
          value = await parallel.step(optimizer, ...tensors).finally(() => tf.dispose(tensors));
        } else {
          const loss = optimizer.minimize(() => batchLoss(trained!, batches[s], inputs, random, crop), true)!;
          value = loss.dataSync()[0];
          loss.dispose();
        }
        lossSum += value;
        lossCount++;
        steps++;
        const left = Math.min((seconds() / steps) * (totalSteps - steps), (deadline - performance.now()) / 1000);
        report({ phase: `epoch ${epoch} of ${spec.epochs}`, done: steps, total: totalSteps, loss: value, etaSeconds: Math.max(0, left) });
        if (performance.now() >= deadline) {
          stoppedBy = 'time';
          break;
        }
      }
      await next?.catch(() => undefined);
      lastScore = spec.validation.length ? await validate(trained, spec.validation, cache, () => context.checkCancelled()) : null;
      const point: EpochPoint = { epoch, loss: lossSum / Math.max(1, lossCount), metric: lastScore?.value ?? Number.NaN, metricName, seconds: seconds() };
      epochs.push(point);
      report({ phase: `epoch ${epoch} of ${spec.epochs}`, done: steps, total: totalSteps, loss: point.loss, epoch: point }, true);
    }

    const finalCard = { ...card, provenance: spec.provenance } as ModelCard;
    report({ phase: 'saving', done: steps, total: totalSteps }, true);
    await saveLayersModel(trained.layers!, spec.outDir, finalCard, { float16: spec.float16 });
    const baseline = baselineScore(spec.task, spec.validation);
    return {
      metricName,
      metric: lastScore?.value ?? null,
      parentMetric: parentScore?.value ?? null,
      perClass: lastScore?.perClass,
      comparison: {
        child: lastScore ?? { ...baseline, value: Number.NaN, perClass: {} },
        parent: parentScore,
        baseline,
      },
      pseudo,
      epochs,
      steps,
      stoppedBy,
      trainedOn: samples.length - pseudoLabelled,
      pseudoLabelled,
      validatedOn: spec.validation.length,
      architecture: card.architecture,
      card: finalCard,
    };
  } finally {
    await parallel?.close();
    optimizer?.dispose();
    if (trained && trained.layers !== parent?.layers) trained.dispose(); // fine-tuning trains the parent's own model
    parent?.dispose();
  }
}
