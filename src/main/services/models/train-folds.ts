// Fold training (`folds`: k): the items outside the dataset's validation set are dealt into k folds of whole
// groups (CT patients, steel images — as the validation split is grouped; grouped-split.ts), and each fold's
// member is trained on the other folds and validated on its own. The k members are registered as ONE ensemble
// version (its folder holds them as fold-1 … fold-k, equally weighted) whose prediction averages theirs, and the
// ensemble is scored on the dataset's validation set beside its parent and the baseline, then activated by the
// same rule as any trained version. Each fold's progress shows in the job's phase ("fold 2 of 5: …").
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/database';
import type { DatasetService } from '../datasets/datasets';
import type { LabelService } from '../labels/labels';
import type { ModelService, ModelVersion } from './models';
import type { JobControl, JobHandle, JobService } from '../jobs/jobs';
import type { ModelJobRunner } from '../../ml/jobs/model-job-runner';
import type { CompareResult, LabelledItem, TrainJobSpec, TrainResult } from '../../ml/worker/protocol';
import { badInput } from '../../../shared/errors';
import { foldsByGroup } from '../../../shared/ml/grouped-split';
import { ensembleCard, type EnsembleMember } from '../../../shared/ml/ensemble';
import { parseModelCard } from '../../../shared/ml/model-card';
import { seededRandom, shuffled } from '../../../shared/ml/random';
import { ttaSetOf } from '../../../shared/ml/tta';
import { writeCard } from '../../ml/model-check';
import { taskOf } from './predict';
import { trainingData } from './train-data';
import type { ValidationSetService } from './validation-sets';
import { baselineNameOf } from './comparison';
import { decide, trainOutcome, type FoldReport, type TrainOptions, type TrainReport, type TrainService } from './train';

export interface FoldTrainOptions extends Omit<TrainOptions, 'pseudo'> {
  /** How many folds (2 or more). */
  folds: number;
}

/** A job control whose progress phases read "fold f of k: …". */
function foldControl(control: JobControl, fold: number, folds: number): JobControl {
  return { jobId: control.jobId, signal: control.signal, report: (u) => control.report({ ...u, ...(u.phase ? { phase: `fold ${fold} of ${folds}: ${u.phase}` } : {}) }) };
}

export class FoldTraining {
  constructor(
    private readonly db: Db,
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
    private readonly models: ModelService,
    private readonly training: TrainService,
    private readonly runner: ModelJobRunner,
    private readonly jobs: JobService,
    private readonly validationSets: ValidationSetService,
  ) {}

  start(datasetRef: string | number, options: FoldTrainOptions): JobHandle<TrainReport, 'train'> {
    const dataset = this.datasets.get(datasetRef);
    const task = taskOf(dataset);
    if (options.task && options.task !== task) throw badInput(`dataset "${dataset.name}" holds ${dataset.kind} data; train it as ${task}`);
    const k = options.folds;
    if (!Number.isInteger(k) || k < 2) throw badInput(`folds must be a whole number from 2, not ${k}`);
    const epochs = options.epochs ?? 10;
    if (!Number.isInteger(epochs) || epochs < 1) throw badInput(`epochs must be a whole number from 1, not ${options.epochs}`);
    if (options.minutes !== undefined && !(options.minutes > 0)) throw badInput(`minutes must be above 0, not ${options.minutes}`);
    const parent = this.training.parentFor(task, options.from);
    const seed = options.seed ?? 1;
    const set = this.validationSets.grow(dataset.id, { seed, share: options.validationShare });
    const heldItems = new Set(set.itemIds);
    const heldGroups = new Set(set.groupKeys);
    const data = trainingData(this.db, this.datasets, this.labels, dataset);
    const pool = data.labelled.filter((i) => !heldGroups.has(i.group));
    const groups = new Set(pool.map((i) => i.group)).size;
    const unit = set.groupedBy === 'patient' ? 'patients' : 'images';
    if (groups < k) throw badInput(`${k} folds need labelled items of at least ${k} ${unit} outside the validation set; "${dataset.name}" has ${groups}`);
    const folds = foldsByGroup(pool, (i) => i.group, k, seed);
    const inSet = data.labelled.filter((i) => heldItems.has(i.itemId));
    const cap = options.maxValidationItems ?? 2000;
    const validation = inSet.length > cap ? shuffled(inSet, seededRandom(set.seed)).slice(0, cap) : inSet;
    const fingerprint = this.validationSets.fingerprintOf(validation.map((i) => i.itemId));
    const version = this.training.reserveVersion(task);
    const outDir = this.models.folderFor(version);
    const policy = options.activate ?? 'if-better';
    const started = performance.now();

    const foldSpec = (f: number): TrainJobSpec => ({
      kind: 'train',
      task,
      parentDir: parent?.path ?? null,
      fresh: options.fresh ?? parent === null,
      outDir: join(outDir, `fold-${f + 1}`),
      training: folds[f].training,
      // A fold's own items tell its member when it is best; they are capped like the validation set.
      validation: folds[f].validation.length > cap ? shuffled(folds[f].validation, seededRandom(seed + f)).slice(0, cap) : folds[f].validation,
      pseudoCandidates: [],
      pseudoThreshold: null,
      epochs,
      minutes: options.minutes ?? null,
      batchSize: options.batchSize,
      seed: seed + f,
      provenance: { version, fold: f + 1, folds: k, parent: parent?.version ?? null, dataset: dataset.name },
      float16: options.float16,
    });

    const run = async (control: JobControl): Promise<TrainReport> => {
      mkdirSync(outDir, { recursive: true });
      const results: TrainResult[] = [];
      for (let f = 0; f < k; f++) results.push(await this.runner.run<TrainResult>(foldSpec(f), foldControl(control, f + 1, k), { onProgress: options.onProgress }));
      const members: EnsembleMember[] = results.map((r, f) => ({ version: null, dir: `fold-${f + 1}`, weight: 1 / k, tta: ttaSetOf(parseModelCard(r.card).tta) }));
      const card = ensembleCard(parseModelCard(results[0].card), members, `${version} (${k} folds)`);
      writeCard(outDir, card);
      const scored = await this.score(control, task, validation, outDir, parent, k);
      const metricName = results[0].metricName;
      const decision = decide(policy, { metricName, comparison: scored }, set.groupedBy);
      const child = scored.child.count ? scored.child.value : null;
      const parentMetric = scored.parent && scored.parent.count ? scored.parent.value : null;
      const baselineMetric = scored.child.count ? scored.baseline.value : null;
      const foldReports: FoldReport[] = results.map((r, f) => ({ fold: f + 1, dir: `fold-${f + 1}`, trainedOn: r.trainedOn, validatedOn: r.validatedOn, metric: r.metric, epochs: r.epochs.length, stoppedBy: r.stoppedBy }));
      const validationSet = { size: set.itemIds.length, scored: validation.length, fingerprint, added: set.added };
      this.models.register({
        version,
        task,
        architecture: 'ensemble',
        parentVersion: parent?.version ?? null,
        path: outDir,
        card,
        trainingSnapshot: {
          dataset: dataset.name,
          labelRevisions: data.revisions,
          items: { training: pool.length, validation: validation.length, pseudoLabelled: 0 },
          split: { seed: set.seed, share: set.share, groupedBy: set.groupedBy },
          validationSet,
          folds: { k, seed, members: foldReports },
          fresh: options.fresh ?? false,
        },
        metrics: {
          validation: {
            metric: metricName,
            value: child,
            parentVersion: parent?.version ?? null,
            parentValue: parentMetric,
            perClass: scored.child.perClass,
            items: validation.length,
            baselineValue: baselineMetric,
            baselineName: baselineNameOf(metricName),
            parentPerClass: scored.parent?.perClass ?? null,
            baselinePerClass: scored.baseline.perClass,
            fingerprint,
            dataset: dataset.name,
            datasetId: dataset.id,
            decision: decision.reason,
          },
        },
      });
      this.validationSets.recordTrained(dataset.id, pool.map((i) => i.group), version);
      if (decision.activate) this.models.activate(version);
      return {
        jobId: control.jobId,
        version,
        parent: parent?.version ?? null,
        task,
        dataset: dataset.name,
        metricName,
        metric: child,
        parentMetric,
        baselineMetric,
        perClass: decision.perClass,
        activated: decision.activate,
        activation: decision.why,
        epochs: results.flatMap((r) => r.epochs),
        stoppedBy: results.some((r) => r.stoppedBy === 'time') ? 'time' : 'epochs',
        trainedOn: pool.length,
        pseudoLabelled: 0,
        pseudo: null,
        validatedOn: validation.length,
        validationSet,
        seconds: (performance.now() - started) / 1000,
        folds: foldReports,
      };
    };

    return this.jobs.run(
      {
        kind: 'train',
        title: `Train ${version}: ${k} folds from ${parent?.version ?? 'scratch'} on ${dataset.name}`,
        datasetId: dataset.id,
        args: { dataset: dataset.name, ...options, onProgress: undefined, version, parent: parent?.version ?? null },
        state: 'queued',
        outcome: (r: TrainReport) => trainOutcome({ ...r, pseudoLabelled: 0, pseudo: null }),
      },
      async (control) => {
        try {
          return await run(control);
        } catch (error) {
          if (!this.models.has(version)) rmSync(outDir, { recursive: true, force: true });
          throw error;
        } finally {
          this.training.releaseVersion(version);
        }
      },
    );
  }

  train(datasetRef: string | number, options: FoldTrainOptions): Promise<TrainReport> {
    return this.start(datasetRef, options).result;
  }

  /** The ensemble (and its parent) scored on the validation set, beside the baseline, by running them in the worker. */
  private async score(control: JobControl, task: ModelVersion['task'], items: LabelledItem[], dir: string, parent: ModelVersion | null, k: number): Promise<TrainResult['comparison']> {
    const sources = [{ from: 'model' as const, modelDir: dir }, ...(parent ? [{ from: 'model' as const, modelDir: parent.path }] : [])];
    const scoring: JobControl = { jobId: control.jobId, signal: control.signal, report: (u) => control.report({ ...u, ...(u.phase ? { phase: `the ${k} folds together: ${u.phase}` } : {}) }) };
    const r = await this.runner.run<CompareResult>({ kind: 'compare', task, items, sources }, scoring);
    return { child: r.scores[0], parent: r.scores[1] ?? null, baseline: r.baseline };
  }
}
