// Retraining from corrections: current human labels and truth (plus, with `pseudo`, the parent's confident
// predictions on unlabelled items), validated on the dataset's fixed validation set (grown first with the
// items reviewed since; see validation-sets.ts) — never trained on — and a new registered version scored
// beside its parent and the baseline on those same items, per class.
//
// Activation: `if-better` (default) activates the new version only when it beats both its parent and the
// baseline (steel: the all-empty prediction; CT: each label's base rate) on the validation set — a tie is not
// a win (comparison.ts); `always` activates it regardless; `never` leaves the active version alone. Either way
// the report says what the rule found, in words.
import { rmSync } from 'node:fs';
import type { Db } from '../../db/database';
import type { DatasetService } from '../datasets/datasets';
import type { LabelService } from '../labels/labels';
import type { ModelService, ModelVersion } from './models';
import type { ModelFolders } from './models-folders';
import { badInput } from '../../../shared/errors';
import { seededRandom, shuffled } from '../../../shared/ml/random';
import type { ModelTask } from '../../../shared/ml/model-card';
import type { EpochPoint, TrainOutcome } from '../../../shared/api/model-types';
import type { ModelJobProgress } from '../../../shared/ml/jobs';
import type { ModelJobRunner } from '../../ml/jobs/model-job-runner';
import type { JobHandle, JobService } from '../jobs/jobs';
import type { TrainResult } from '../../ml/worker/protocol';
import type { ClassComparisonView, PseudoLabelReport } from '../../../shared/api/model-loop-types';
import { taskOf } from './predict';
import { pseudoLabelCandidates, trainingData } from './train-data';
import type { ValidationSetService } from './validation-sets';
import { baselineNameOf, decideActivation } from './comparison';
import type { SliceEmbeddingStore } from './slice-embeddings';
import { sequenceParent } from './train-sequence';

export type ActivationPolicy = 'if-better' | 'always' | 'never';

/** What a run trains: a model of the dataset's task, or (CT) a sequence model over the ordered series. */
export type TrainTask = ModelTask | 'ct-sequence';

export interface TrainOptions {
  /**
   * Must match the dataset (steel for Severstal, ct for RSNA); checked when given. `ct-sequence`: a bidirectional
   * GRU over each ordered series, trained on the slice embeddings of the parent, a CT CNN.
   */
  task?: TrainTask;
  /** Parent version (default: the active one). Its weights are the start unless `fresh`; null: no parent, a fresh built-in model. */
  from?: string | null;
  fresh?: boolean;
  epochs?: number;
  /** Time budget: training stops after the step that crosses it. */
  minutes?: number;
  /** Add the parent's predictions on unlabelled items where every class is at least this confident. */
  pseudo?: number;
  /** Seeds shuffles and augmentations, and draws the validation set when the dataset has none yet. */
  seed?: number;
  /** Share of the groups held out when the validation set is first drawn (0.2). */
  validationShare?: number;
  /** Validation scores at most this many of the set's items (a sample fixed by the set's seed; 2000 by default), each epoch. */
  maxValidationItems?: number;
  activate?: ActivationPolicy;
  batchSize?: number;
  /** Store the weights as float16 (half the size; the starter models use it). */
  float16?: boolean;
  onProgress?: (progress: ModelJobProgress) => void;
  /** The submitted job this run carries out (a GPU worker's: see worker-jobs.ts); a new job by default. */
  jobId?: number;
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
  /** The baseline on the same validation items. */
  baselineMetric: number | null;
  perClass: ClassComparisonView[];
  activated: boolean;
  /** Why the new version is (not) active, in words. */
  activation: string;
  epochs: EpochPoint[];
  stoppedBy: 'epochs' | 'time';
  trainedOn: number;
  pseudoLabelled: number;
  pseudo: PseudoLabelReport | null;
  validatedOn: number;
  validationSet: { size: number; scored: number; fingerprint: string; added: number };
  seconds: number;
  /** A fold run (`folds`): each fold's member, what it trained and was validated on, and its score there. */
  folds?: FoldReport[];
}

export interface FoldReport {
  fold: number;
  /** The member's folder inside the ensemble's. */
  dir: string;
  trainedOn: number;
  validatedOn: number;
  metric: number | null;
  epochs: number;
  stoppedBy: 'epochs' | 'time';
}

/** The activation rule's decision under a policy, with its words. */
export function decide(policy: ActivationPolicy, r: Pick<TrainResult, 'metricName' | 'comparison'>, groupedBy: 'patient' | 'image') {
  const { child, parent, baseline } = r.comparison;
  const decision = decideActivation(r.metricName, child, parent, baseline, groupedBy);
  if (policy === 'always') return { ...decision, activate: true, why: `activated as asked (the rule: ${decision.reason})` };
  if (policy === 'never') return { ...decision, activate: false, why: `not activated, as asked (the rule: ${decision.reason})` };
  return { ...decision, why: decision.reason };
}

/** What a finished training job keeps as its outcome (the job list and `loupe jobs` read it). */
export function trainOutcome(r: TrainReport): TrainOutcome {
  return {
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
    baselineMetric: r.baselineMetric,
    perClass: r.perClass,
    validationSet: r.validationSet,
    pseudoLabelled: r.pseudoLabelled,
    pseudo: r.pseudo,
    ...(r.folds ? { folds: r.folds } : {}),
  };
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
    private readonly validationSets: ValidationSetService,
    private readonly embeddings: SliceEmbeddingStore,
  ) {}

  /** Starts a training run as a job: live curves arrive as job updates; the new version is registered before it is done. */
  start(datasetRef: string | number, options: TrainOptions = {}): JobHandle<TrainReport, 'train'> {
    const dataset = this.datasets.get(datasetRef);
    const task = taskOf(dataset);
    const sequence = options.task === 'ct-sequence';
    if (sequence && task !== 'ct') throw badInput(`a sequence model is trained over CT series; dataset "${dataset.name}" holds ${dataset.kind} data`);
    if (options.task && !sequence && options.task !== task) throw badInput(`dataset "${dataset.name}" holds ${dataset.kind} data; train it with --task ${task}`);
    const epochs = options.epochs ?? 10;
    if (!Number.isInteger(epochs) || epochs < 1) throw badInput(`epochs must be a whole number from 1, not ${options.epochs}`);
    if (options.minutes !== undefined && !(options.minutes > 0)) throw badInput(`minutes must be above 0, not ${options.minutes}`);
    if (options.pseudo !== undefined && !(options.pseudo > 0.5 && options.pseudo < 1)) throw badInput(`pseudo must be a probability between 0.5 and 1, not ${options.pseudo}`);
    const parent = this.parentFor(task, options.from, sequence ? (named) => sequenceParent(this.models, named, options) : undefined);

    const seed = options.seed ?? 1;
    if (options.validationShare !== undefined && !(options.validationShare > 0 && options.validationShare < 1)) {
      throw badInput(`validation share must be between 0 and 1, not ${options.validationShare}`);
    }
    const set = this.validationSets.grow(dataset.id, { seed, share: options.validationShare });
    const heldItems = new Set(set.itemIds);
    const heldGroups = new Set(set.groupKeys);
    const data = trainingData(this.db, this.datasets, this.labels, dataset);
    // Nothing of a validation group is trained on, not even its items that are not (yet) in the set.
    const training = data.labelled.filter((i) => !heldGroups.has(i.group));
    const inSet = data.labelled.filter((i) => heldItems.has(i.itemId));
    const cap = options.maxValidationItems ?? 2000;
    const validation = inSet.length > cap ? shuffled(inSet, seededRandom(set.seed)).slice(0, cap) : inSet;
    const fingerprint = this.validationSets.fingerprintOf(validation.map((i) => i.itemId));
    const pseudoCandidates = options.pseudo ? pseudoLabelCandidates(data, { itemIds: heldItems, groups: heldGroups }) : [];
    const groupedBy = set.groupedBy;
    const version = this.reserveVersion(task);
    const outDir = this.models.folderFor(version);
    const policy = options.activate ?? 'if-better';
    const started = performance.now();
    const provenance = { version, parent: parent?.version ?? null, dataset: dataset.name };

    const spec = {
      kind: 'train' as const,
      ...(sequence ? { sequence: { embeddings: this.embeddings.forItems(parent!.version, training.map((i) => i.itemId)) } } : {}),
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
    const validationSet = { size: set.itemIds.length, scored: validation.length, fingerprint, added: set.added };
    const groupOfCandidate = new Map(pseudoCandidates.map((c) => [c.itemId, c.group]));
    const pseudoGroups = (ids: number[]) => ids.map((id) => groupOfCandidate.get(id)).filter((g): g is string => g !== undefined);
    const register = (jobId: number, r: TrainResult): TrainReport => {
      const decision = decide(policy, r, groupedBy);
      const pseudo: PseudoLabelReport | null = r.pseudo
        ? { candidates: r.pseudo.candidates, taken: r.pseudo.taken, threshold: r.pseudo.threshold, minConfidence: r.pseudo.minConfidence, meanConfidence: r.pseudo.meanConfidence, takenAt: r.pseudo.takenAt }
        : null;
      const baselineMetric = r.comparison.child.count ? r.comparison.baseline.value : null;
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
          split: { seed: set.seed, share: set.share, groupedBy },
          validationSet: validationSet,
          pseudo,
          fresh: options.fresh ?? false,
        },
        metrics: {
          validation: {
            metric: r.metricName,
            value: r.metric,
            parentVersion: parent?.version ?? null,
            parentValue: r.parentMetric,
            perClass: r.perClass,
            items: r.validatedOn,
            baselineValue: baselineMetric,
            baselineName: baselineNameOf(r.metricName),
            parentPerClass: r.comparison.parent?.perClass ?? null,
            baselinePerClass: r.comparison.baseline.perClass,
            fingerprint,
            dataset: dataset.name,
            datasetId: dataset.id,
            decision: decision.reason,
          },
          epochs: r.epochs,
          stoppedBy: r.stoppedBy,
          steps: r.steps,
        },
      });
      if (r.embeddings?.length && parent) this.embeddings.put(parent.version, r.embeddings);
      this.validationSets.recordTrained(dataset.id, [...training.map((i) => i.group), ...pseudoGroups(r.pseudo?.itemIds ?? [])], version);
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
        baselineMetric,
        perClass: decision.perClass,
        activated: decision.activate,
        activation: decision.why,
        epochs: r.epochs,
        stoppedBy: r.stoppedBy,
        trainedOn: r.trainedOn,
        pseudoLabelled: r.pseudoLabelled,
        pseudo,
        validatedOn: r.validatedOn,
        validationSet,
        seconds: (performance.now() - started) / 1000,
      };
    };
    return this.jobs.run(
      {
        kind: 'train',
        title: `Train ${version}${sequence ? ' (sequence over series)' : ''} from ${parent?.version ?? 'scratch'} on ${dataset.name}`,
        datasetId: dataset.id,
        args: { dataset: dataset.name, ...options, onProgress: undefined, jobId: undefined, version, parent: parent?.version ?? null },
        state: 'queued',
        jobId: options.jobId,
        outcome: trainOutcome,
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

  /**
   * The version a run starts from and is compared with: `from` (null: none, a fresh built-in model), else the
   * active one (the starter model on a fresh store). ONNX versions and ensembles are refused with the reason.
   */
  parentFor(task: ModelTask, from: string | null | undefined, pick?: (named: ModelVersion | null) => ModelVersion): ModelVersion | null {
    const named: ModelVersion | null = from === null ? null : from ? this.models.get(from) : this.folders.activeOrStarter(task);
    const parent = pick ? pick(named) : named;
    if (parent && parent.task !== task) throw badInput(`model ${parent.version} is a ${parent.task} model; this dataset needs a ${task} model`);
    if (parent && parent.card.modelFormat === 'onnx') {
      // ONNX Runtime here only runs models: there are no gradients to train an ONNX graph with, and its architecture
      // is not one Loupe can rebuild in TensorFlow.js, so neither its weights nor a fresh copy of it can be trained.
      const builtIn = this.models.list(task).filter((v) => v.card.modelFormat !== 'onnx').map((v) => v.version);
      throw badInput(
        `model ${parent.version} is an ONNX model: Loupe runs ONNX models but cannot train or fine-tune them; ` +
          `train from a built-in ${task} version instead (${builtIn.length ? `registered: ${builtIn.join(', ')}` : 'none is registered yet'})`,
      );
    }

    if (parent && parent.card.modelFormat === 'ensemble') {
      // An ensemble has no weights of its own to continue from: its members do, and they may be of several kinds.
      const builtIn = parent.members.filter((m) => m.version !== null && this.models.has(m.version) && this.models.get(m.version).card.modelFormat !== 'onnx').map((m) => m.version);
      throw badInput(
        `model ${parent.version} is an ensemble (an average of ${parent.members.length} members): Loupe trains single versions, not averages; ` +
          `train from ${builtIn.length ? `one of its built-in members (${builtIn.join(', ')})` : parent.parentVersion ? `its parent ${parent.parentVersion}` : 'a built-in version'}` +
          ` or another built-in ${task} version`,
      );
    }

    return parent;
  }

  /** Reserves the next free version name for a run (released with releaseVersion when the run ends). */
  reserveVersion(task: ModelTask): string {
    const version = this.models.nextVersion(task, this.reserved);
    this.reserved.add(version);
    return version;
  }

  releaseVersion(version: string): void {
    this.reserved.delete(version);
  }

  train(datasetRef: string | number, options: TrainOptions = {}): Promise<TrainReport> {
    return this.start(datasetRef, options).result;
  }
}
