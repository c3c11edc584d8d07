// Retraining from corrections: current human labels and truth (plus, with `pseudo`, the parent's confident
// predictions on unlabelled items), a validation split grouped by patient (CT) or image (steel) fixed by a
// seed and never trained on, and a new registered version scored beside its parent on that same split.
//
// Activation: `if-better` (default) activates the new version only when its validation score beats the
// parent's on the same split (higher mean Dice / lower weighted log loss; a tie keeps the parent);
// `always` activates it regardless; `never` leaves the active version alone. Without a validation split
// (fewer than two groups) `if-better` does not activate.
import { rmSync } from 'node:fs';
import type { Db } from '../../db/database';
import type { DatasetService } from '../datasets/datasets';
import type { LabelService } from '../labels/labels';
import type { ModelService, ModelVersion } from './models';
import type { ModelFolders } from './models-folders';
import { badInput } from '../../../shared/errors';
import { splitByGroup } from '../../../shared/ml/grouped-split';
import { seededRandom, shuffled } from '../../../shared/ml/random';
import type { ModelTask } from '../../../shared/ml/model-card';
import type { EpochPoint } from '../../../shared/api/model-types';
import type { ModelJobProgress } from '../../../shared/ml/jobs';
import type { ModelJobRunner } from '../../ml/jobs/model-job-runner';
import type { JobHandle, JobService } from '../jobs/jobs';
import type { TrainResult } from '../../ml/worker/protocol';
import { taskOf } from './predict';
import { trainingData } from './train-data';

export type ActivationPolicy = 'if-better' | 'always' | 'never';

export interface TrainOptions {
  /** Must match the dataset (steel for Severstal, ct for RSNA); checked when given. */
  task?: ModelTask;
  /** Parent version (default: the active one). Its weights are the start unless `fresh`; null: no parent, a fresh built-in model. */
  from?: string | null;
  fresh?: boolean;
  epochs?: number;
  /** Time budget: training stops after the step that crosses it. */
  minutes?: number;
  /** Add the parent's predictions on unlabelled items where every class is at least this confident. */
  pseudo?: number;
  seed?: number;
  validationShare?: number;
  /** Validation scores at most this many held-out items (a seeded sample of them; 2000 by default), each epoch. */
  maxValidationItems?: number;
  activate?: ActivationPolicy;
  batchSize?: number;
  /** Store the weights as float16 (half the size; the starter models use it). */
  float16?: boolean;
  onProgress?: (progress: ModelJobProgress) => void;
}

export interface TrainReport {
  jobId: number;
  version: string;
  parent: string | null;
  task: ModelTask;
  dataset: string;
  metricName: EpochPoint['metricName'];
  metric: number | null;
  parentMetric: number | null;
  activated: boolean;
  /** Why the new version is (not) active, in words. */
  activation: string;
  epochs: EpochPoint[];
  stoppedBy: 'epochs' | 'time';
  trainedOn: number;
  pseudoLabelled: number;
  validatedOn: number;
  seconds: number;
}

function decide(policy: ActivationPolicy, r: TrainResult): { activate: boolean; why: string } {
  if (policy === 'always') return { activate: true, why: 'activated as asked' };
  if (policy === 'never') return { activate: false, why: 'not activated, as asked' };
  if (r.metric === null || Number.isNaN(r.metric)) return { activate: false, why: 'not activated: no validation split to compare on' };
  if (r.parentMetric === null || Number.isNaN(r.parentMetric)) return { activate: true, why: 'activated: no parent score to beat' };
  const better = r.metricName === 'mean Dice' ? r.metric > r.parentMetric : r.metric < r.parentMetric;
  const figures = `${r.metricName} ${r.metric.toFixed(4)} vs parent ${r.parentMetric.toFixed(4)}`;
  return better ? { activate: true, why: `activated: better than its parent (${figures})` } : { activate: false, why: `not activated: not better than its parent (${figures})` };
}

export class TrainService {
  /** Versions of runs queued or in progress, so two runs never pick the same name. */
  private readonly reserved = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
    private readonly models: ModelService,
    private readonly folders: ModelFolders,
    private readonly runner: ModelJobRunner,
    private readonly jobs: JobService,
  ) {}

  /** Starts a training run as a job: live curves arrive as job updates; the new version is registered before it is done. */
  start(datasetRef: string | number, options: TrainOptions = {}): JobHandle<TrainReport, 'train'> {
    const dataset = this.datasets.get(datasetRef);
    const task = taskOf(dataset);
    if (options.task && options.task !== task) throw badInput(`dataset "${dataset.name}" holds ${dataset.kind} data; train it with --task ${task}`);
    const epochs = options.epochs ?? 10;
    if (!Number.isInteger(epochs) || epochs < 1) throw badInput(`epochs must be a whole number from 1, not ${options.epochs}`);
    if (options.minutes !== undefined && !(options.minutes > 0)) throw badInput(`minutes must be above 0, not ${options.minutes}`);
    if (options.pseudo !== undefined && !(options.pseudo > 0.5 && options.pseudo < 1)) throw badInput(`pseudo must be a probability between 0.5 and 1, not ${options.pseudo}`);
    const parent: ModelVersion | null =
      options.from === null ? null : options.from ? this.models.get(options.from) : this.folders.activeOrStarter(task);
    if (parent && parent.task !== task) throw badInput(`model ${parent.version} is a ${parent.task} model; this dataset needs a ${task} model`);

    const seed = options.seed ?? 1;
    const share = options.validationShare ?? 0.2;
    const data = trainingData(this.db, this.datasets, this.labels, dataset);
    const split = splitByGroup(data.labelled, (i) => i.group, { seed, share });
    const { training } = split;
    const held = new Set(split.validation.map((i) => i.group));
    const cap = options.maxValidationItems ?? 2000;
    const validation = split.validation.length > cap ? shuffled(split.validation, seededRandom(seed)).slice(0, cap) : split.validation;
    const pseudoCandidates = options.pseudo ? data.unlabelled.filter((i) => !held.has(i.group)) : [];
    const version = this.models.nextVersion(task, this.reserved);
    this.reserved.add(version);
    const outDir = this.models.folderFor(version);
    const policy = options.activate ?? 'if-better';
    const started = performance.now();
    const provenance = { version, parent: parent?.version ?? null, dataset: dataset.name };

    const spec = {
      kind: 'train' as const,
      task,
      parentDir: parent?.path ?? null,
      fresh: options.fresh ?? parent === null,
      outDir,
      training,
      validation,
      pseudoCandidates,
      pseudoThreshold: options.pseudo ?? null,
      epochs,
      minutes: options.minutes ?? null,
      batchSize: options.batchSize,
      seed,
      provenance,
      float16: options.float16,
    };
    const register = (jobId: number, r: TrainResult): TrainReport => {
      this.models.register({
        version,
        task,
        architecture: r.architecture,
        parentVersion: parent?.version ?? null,
        path: outDir,
        card: r.card as ModelVersion['card'],
        trainingSnapshot: {
          dataset: dataset.name,
          labelRevisions: data.revisions,
          items: { training: r.trainedOn, validation: r.validatedOn, pseudoLabelled: r.pseudoLabelled },
          split: { seed, share, groupedBy: task === 'ct' ? 'patient' : 'image' },
          fresh: options.fresh ?? false,
        },
        metrics: {
          validation: { metric: r.metricName, value: r.metric, parentVersion: parent?.version ?? null, parentValue: r.parentMetric, perClass: r.perClass, items: r.validatedOn },
          epochs: r.epochs,
          stoppedBy: r.stoppedBy,
          steps: r.steps,
        },
      });
      const decision = decide(policy, r);
      if (decision.activate) this.models.activate(version);
      return {
        jobId,
        version,
        parent: parent?.version ?? null,
        task,
        dataset: dataset.name,
        metricName: r.metricName,
        metric: r.metric,
        parentMetric: r.parentMetric,
        activated: decision.activate,
        activation: decision.why,
        epochs: r.epochs,
        stoppedBy: r.stoppedBy,
        trainedOn: r.trainedOn,
        pseudoLabelled: r.pseudoLabelled,
        validatedOn: r.validatedOn,
        seconds: (performance.now() - started) / 1000,
      };
    };
    return this.jobs.run(
      {
        kind: 'train',
        title: `Train ${version} from ${parent?.version ?? 'scratch'} on ${dataset.name}`,
        datasetId: dataset.id,
        args: { dataset: dataset.name, ...options, onProgress: undefined, version, parent: parent?.version ?? null },
        state: 'queued',
        outcome: (r: TrainReport) => ({
          version: r.version,
          parent: r.parent,
          metricName: r.metricName,
          metric: r.metric,
          parentMetric: r.parentMetric,
          activated: r.activated,
          activation: r.activation,
          stoppedBy: r.stoppedBy,
          trainedOn: r.trainedOn,
          validatedOn: r.validatedOn,
          seconds: r.seconds,
        }),
      },
      async (control) => {
        try {
          return register(control.jobId, await this.runner.run<TrainResult>(spec, control, { onProgress: options.onProgress }));
        } catch (error) {
          if (!this.models.has(version)) rmSync(outDir, { recursive: true, force: true });
          throw error;
        } finally {
          this.reserved.delete(version);
        }
      },
    );
  }

  train(datasetRef: string | number, options: TrainOptions = {}): Promise<TrainReport> {
    return this.start(datasetRef, options).result;
  }
}
