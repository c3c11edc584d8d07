// The model side of the composition root: registry, model folders, the model worker's job runner,
// pre-annotation and retraining, wired once. composition.ts spreads this into its Services.
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Db } from '../../db/database';
import { isPostgresUrl } from '../../db/store';
import type { Clock } from '../clock';
import type { DatasetService } from '../datasets/datasets';
import type { LabelService } from '../labels/labels';
import { ModelService } from './models';
import { ModelFolders, defaultStarterDir } from './models-folders';
import { PredictionMapStore } from './predict-maps';
import { SliceEmbeddingStore } from './slice-embeddings';
import { PredictService } from './predict';
import { TrainService } from './train';
import { ValidationSetService } from './validation-sets';
import { CompareService } from './compare';
import { TuneService } from './tune';
import { EnsembleService } from './ensembles';
import { FoldTraining } from './train-folds';
import { ModelJobRunner, type ModelJobRunnerOptions } from '../../ml/jobs/model-job-runner';
import type { JobService } from '../jobs/jobs';

export interface ModelServices {
  /** The registry: versions, active per task, activate / rollback, post-processing settings. */
  models: ModelService;
  /** Import / export of model folders; the starter models. */
  modelFolders: ModelFolders;
  /** The model worker: its queue of model jobs' work, progress events, cancel, backend report. */
  modelJobs: ModelJobRunner;
  /** Pre-annotation, re-thresholding, stored probability maps. */
  predictions: PredictService;
  /** Retraining from corrections. */
  training: TrainService;
  /** CT CNNs' slice embeddings, kept by their predictions for sequence models to train on. */
  sliceEmbeddings: SliceEmbeddingStore;
  /** Each dataset's fixed validation set. */
  validationSets: ValidationSetService;
  /** Two versions and the baseline on a dataset's validation set, per class. */
  comparisons: CompareService;
  /** Tuning a version's card on reviewed items; card revisions applied and reverted with their drafts. */
  tuning: TuneService;
  /** Averaged versions: an ensemble of registered versions, each with its weight and TTA set. */
  ensembles: EnsembleService;
  /** Training k grouped folds into one ensemble version. */
  foldTraining: FoldTraining;
}

let memoryStores = 0;

/**
 * Model folders live beside the database: `<dir>/<name>-models/` (LOUPE_MODELS_DIR overrides). A team database
 * (postgres://…) has no "beside": null unless LOUPE_MODELS_DIR names one (the commands' --models-dir wins over both).
 */
export function modelsDirFor(dbFile: string): string | null {
  if (process.env.LOUPE_MODELS_DIR) return resolve(process.env.LOUPE_MODELS_DIR);
  if (isPostgresUrl(dbFile)) return null;
  if (dbFile === ':memory:') return join(tmpdir(), `loupe-models-${process.pid}-${++memoryStores}`); // created on first use
  const file = resolve(dbFile);
  return join(dirname(file), `${basename(file, extname(file))}-models`);
}

export interface ModelServicesOptions extends ModelJobRunnerOptions {
  modelsDir?: string;
  /** Where the starter models are (resources/models; LOUPE_STARTER_MODELS overrides). */
  starterDir?: string;
}

export function createModelServices(
  db: Db,
  dbFile: string,
  clock: Clock,
  datasets: DatasetService,
  labels: LabelService,
  author: () => string,
  jobs: JobService,
  options: ModelServicesOptions = {},
): ModelServices {
  const models = new ModelService(db, clock, options.modelsDir ? resolve(options.modelsDir) : modelsDirFor(dbFile), author);
  const modelFolders = new ModelFolders(models, options.starterDir ?? process.env.LOUPE_STARTER_MODELS ?? defaultStarterDir());
  const modelJobs = new ModelJobRunner(options);
  const maps = new PredictionMapStore(db, clock);
  const validationSets = new ValidationSetService(db, clock, datasets, labels);
  const embeddings = new SliceEmbeddingStore(db, clock);
  const predictions = new PredictService(db, datasets, labels, models, modelFolders, maps, modelJobs, jobs, author, embeddings);
  const training = new TrainService(db, datasets, labels, models, modelFolders, modelJobs, jobs, validationSets, embeddings);
  return {
    models,
    modelFolders,
    modelJobs,
    predictions,
    training,
    sliceEmbeddings: embeddings,
    validationSets,
    comparisons: new CompareService(db, datasets, labels, models, maps, predictions, validationSets, modelJobs, jobs),
    tuning: new TuneService(db, datasets, labels, models, modelFolders, maps, predictions, validationSets, modelJobs, jobs),
    ensembles: new EnsembleService(models),
    foldTraining: new FoldTraining(db, datasets, labels, models, training, modelJobs, jobs, validationSets),
  };
}
