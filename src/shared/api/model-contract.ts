// The model side's requests: argument schemas checked in main, result types for the client.
// contract.ts spreads these into the one contract.
import { z } from 'zod';
import { request } from './request-spec';
import { filePath, identifier } from './text';
import type { MlBackendView, ModelRegistryView, ModelVersionView, OnnxInspectionView } from './model-types';
import type { JobView } from './types';
import type { CardChangeView, ItemPredictionView, ItemVersionsView } from './model-loop-types';
import { TTA_SETS } from '../ml/tta';

const id = z.number().int().positive();
const version = identifier(64);
const noArgs = z.strictObject({}).optional().default({});

export const modelRequests = {
  /** The backend the model worker runs on (starts the worker when needed) and why faster ones did not load. */
  'models.backend': request<MlBackendView>()(noArgs),
  /** The registry for a dataset's task: versions with metrics, the active one. */
  'models.list': request<ModelRegistryView>()(z.strictObject({ datasetId: id })),
  'models.activate': request<ModelVersionView>()(z.strictObject({ version })),
  /** Makes the active version's parent active again. */
  'models.rollback': request<ModelVersionView>()(z.strictObject({ datasetId: id })),
  /**
   * Pre-annotates a dataset with the active model (or `model`) as a job; progress arrives as `job.updated` events.
   * `tta`: a TTA set (true/false, from older callers: hflip/none); `budgetSeconds`: calibrate, run the richest
   * plan up to `tta` that fits, stop at the deadline (a later run predicts the items left).
   */
  'models.predict': request<JobView<'predict'>>()(
    z.strictObject({
      datasetId: id,
      model: version.optional(),
      tta: z.union([z.enum(TTA_SETS), z.boolean()]).optional(),
      budgetSeconds: z.number().gt(0).max(7 * 24 * 3600).optional(),
    }),
  ),
  /** Retrains from the dataset's corrections as a job; live curves arrive as `job.updated` events. */
  'models.train': request<JobView<'train'>>()(
    z.strictObject({
      datasetId: id,
      epochs: z.number().int().min(1).max(1000),
      minutes: z.number().gt(0).max(24 * 60).optional(),
      pseudo: z.number().gt(0.5).lt(1).optional(),
      /** Train this many folds of whole groups (patients, images) into one ensemble version (no pseudo-labels then). */
      folds: z.number().int().min(2).max(20).optional(),
    }),
  ),
  /**
   * Scores `version` and `against` (the active version when left out; null: the baseline only) on the dataset's
   * validation set as it stands, per class, beside the baseline, as a job: from stored predictions where they
   * exist, else by running the models. What the activation dialog shows.
   */
  'models.compare': request<JobView<'compare'>>()(z.strictObject({ datasetId: id, version, against: version.nullable().optional() })),
  /** Tunes a version (default: the active one) on the dataset's reviewed items outside its validation set, as a job. */
  'models.tune': request<JobView<'tune'>>()(
    z.strictObject({ datasetId: id, version: version.optional(), method: z.enum(['temperature', 'platt']).optional() }),
  ),
  /** Writes a finished tuning run's setting into the version's card (a new card revision) and re-drafts its predictions. */
  'models.applyTuning': request<CardChangeView>()(z.strictObject({ jobId: id })),
  /** Puts card revision `revision` of a version back in use (as a new revision) and re-drafts the dataset's predictions of it. */
  'models.revertCard': request<CardChangeView>()(z.strictObject({ datasetId: id, version, revision: z.number().int().positive() })),
  /** One version's stored prediction for one item (steel RLE per class, CT six probabilities), e.g. for an A/B layer. */
  'models.predictionOf': request<ItemPredictionView>()(z.strictObject({ itemId: id, version })),
  /** Opens an ONNX file (on the machine that runs main) and reads its inputs and outputs; drafts a card for the dataset's task. */
  'models.inspectOnnx': request<OnnxInspectionView>()(z.strictObject({ datasetId: id, path: filePath })),
  /**
   * Imports an ONNX file with its ONNX card (checked in full in main: the card's schema, then against the model) as a
   * version of the dataset's task; refused, with nothing written, when it does not fit.
   */
  'models.importOnnx': request<ModelVersionView>()(
    z.strictObject({ datasetId: id, path: filePath, card: z.record(z.string(), z.unknown()), version: version.optional(), activate: z.boolean().optional() }),
  ),
  /** The versions with a stored prediction of one item (what an A/B layer can show beside the prediction layer). */
  'models.predictedBy': request<ItemVersionsView>()(z.strictObject({ itemId: id })),
  /**
   * Registers an ensemble of versions of the dataset's task (TensorFlow.js and ONNX together) as `name`: one weight
   * per version (normalised; equal when left out) and one TTA set per version (each card's own when left out).
   */
  'models.average': request<ModelVersionView>()(
    z.strictObject({
      datasetId: id,
      versions: z.array(version).min(2).max(20),
      weights: z.array(z.number().min(0).max(1000)).max(20).optional(),
      tta: z.array(z.enum(TTA_SETS)).max(20).optional(),
      name: version,
    }),
  ),
};
