// Tuning a version's card on a dataset's reviewed items (see ml/worker/tune-job.ts): steel thresholds,
// min-areas and presence gates from the stored probability maps; CT per-label calibration. It tunes on the
// reviewed items outside the validation set — the set stays held out, so comparisons on it stay honest — and
// checks the result on the set. Apply records the tuned card as the version's next card revision and
// re-drafts the dataset's predictions of that version (steel: re-thresholds the stored maps, which never
// change; CT: predicts again through the new calibration); a revert puts an earlier revision back the same way.
import type { Db } from '../../db/database';
import type { Dataset, DatasetService } from '../datasets/datasets';
import type { LabelService } from '../labels/labels';
import type { ModelService, ModelVersion } from './models';
import type { ModelFolders } from './models-folders';
import type { PredictionMapStore } from './predict-maps';
import type { PredictService } from './predict';
import type { ValidationSetService } from './validation-sets';
import type { ModelJobRunner } from '../../ml/jobs/model-job-runner';
import type { JobHandle, JobService } from '../jobs/jobs';
import type { LabelledItem, TuneJobSpec, TuneStrip } from '../../ml/worker/protocol';
import type { TuneResult } from '../../ml/worker/tune-job';
import type { TuneOutcome } from '../../../shared/api/model-loop-types';
import type { ModelCard } from '../../../shared/ml/model-card';
import type { ModelJobProgress } from '../../../shared/ml/jobs';
import { LoupeError, badInput } from '../../../shared/errors';
import { formatCount, formatScore } from '../../../shared/ml/loop/reason-text';
import { taskOf } from './predict';
import { trainingData } from './train-data';

export interface TuneOptions {
  /** The version to tune (default: the active one, the starter model on a fresh store). */
  model?: string;
  /** CT: temperature scaling, or Platt scaling (default: it also moves each label's base rate). */
  method?: 'temperature' | 'platt';
  onProgress?: (progress: ModelJobProgress) => void;
}

/** A card change and the job that re-drafts the dataset's predictions of the version (null when it has none there). */
export interface CardChange {
  model: ModelVersion;
  redraft: JobHandle<unknown, 'rethreshold' | 'predict'> | null;
}

const itemWord = (dataset: Dataset, n: number) => `${dataset.kind === 'severstal' ? 'strip' : 'slice'}${n === 1 ? '' : 's'}`;

export class TuneService {
  constructor(
    private readonly db: Db,
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
    private readonly models: ModelService,
    private readonly folders: ModelFolders,
    private readonly maps: PredictionMapStore,
    private readonly predictions: PredictService,
    private readonly validationSets: ValidationSetService,
    private readonly runner: ModelJobRunner,
    private readonly jobs: JobService,
  ) {}

  start(datasetRef: string | number, options: TuneOptions = {}): JobHandle<TuneOutcome, 'tune'> {
    const dataset = this.datasets.get(datasetRef);
    const task = taskOf(dataset);
    const model = options.model ? this.models.get(options.model) : this.folders.activeOrStarter(task);
    if (model.task !== task) throw badInput(`model ${model.version} is a ${model.task} model; dataset "${dataset.name}" needs a ${task} model`);
    const set = this.validationSets.grow(dataset.id);
    const held = new Set(set.itemIds);
    const reviewed = new Set(this.validationSets.reviewedItems(dataset.id).map((r) => r.itemId));
    const labelled = trainingData(this.db, this.datasets, this.labels, dataset).labelled;
    const tuneOn = labelled.filter((i) => reviewed.has(i.itemId) && !held.has(i.itemId));
    const checkOn = labelled.filter((i) => held.has(i.itemId));
    const spec = this.specFor(dataset, model, tuneOn, checkOn, options.method ?? 'platt');
    return this.jobs.run(
      {
        kind: 'tune',
        title: `Tune ${model.version} on ${dataset.name}`,
        datasetId: dataset.id,
        args: { dataset: dataset.name, version: model.version, method: options.method },
        state: 'queued',
      },
      async (control) => {
        const r = await this.runner.run<TuneResult>(spec, control, { onProgress: options.onProgress });
        return { ...r, datasetId: dataset.id, version: model.version, cardRevision: model.cardRevision, summary: this.summary(dataset, r) };
      },
    );
  }

  tune(datasetRef: string | number, options: TuneOptions = {}): Promise<TuneOutcome> {
    return this.start(datasetRef, options).result;
  }

  /** Writes a tuning run's setting into the version's card (a new card revision) and re-drafts the dataset's predictions of it. */
  apply(outcome: TuneOutcome, onProgress?: (progress: ModelJobProgress) => void): CardChange {
    const dataset = this.datasets.get(outcome.datasetId);
    const model = this.models.get(outcome.version);
    if (model.cardRevision !== outcome.cardRevision) {
      throw new LoupeError('conflict', `the card of ${model.version} has changed since this tuning (revision ${outcome.cardRevision}, now ${model.cardRevision}); tune it again`);
    }
    if (!outcome.changed) throw new LoupeError('conflict', `nothing to apply: the tuned setting of ${model.version} is its card's already`);
    let card: ModelCard;
    if (model.card.task === 'steel' && outcome.post) {
      const { thresholds, minArea, presenceThresholds } = outcome.post;
      card = { ...model.card, thresholds, minArea, ...(presenceThresholds ? { presenceThresholds } : {}) };
    } else if (model.card.task === 'ct' && outcome.calibration) {
      card = { ...model.card, calibration: outcome.calibration };
    } else {
      throw badInput(`this tuning result does not fit ${model.version}, a ${model.task} model`);
    }
    const what = model.task === 'steel' ? 'thresholds, min-areas and presence gates tuned' : 'calibrated';
    const reason = `${what} on ${formatCount(outcome.reviewed)} reviewed ${itemWord(dataset, outcome.reviewed)} of ${dataset.name}: ${outcome.metricName} ${formatScore(outcome.before)} → ${formatScore(outcome.after)}`;
    const changed = this.models.setCard(model.version, card, reason);
    return { model: changed, redraft: this.redraft(dataset, changed, onProgress) };
  }

  /** Applies the result of a finished tuning job (what the UI's Apply sends). */
  applyJob(jobId: number): CardChange {
    const job = this.jobs.get(jobId);
    if (job.kind !== 'tune') throw badInput(`job ${jobId} is a ${job.kind} job, not a tuning run`);
    if (job.state !== 'done' || !job.result) throw new LoupeError('conflict', `tuning run ${jobId} has not finished (${job.state})`);
    return this.apply(job.result as TuneOutcome);
  }

  /** Puts an earlier card revision of a version back in use and re-drafts the dataset's predictions of it. */
  revert(datasetRef: string | number, version: string, revision: number, onProgress?: (progress: ModelJobProgress) => void): CardChange {
    const dataset = this.datasets.get(datasetRef);
    const changed = this.models.revertCard(version, revision);
    return { model: changed, redraft: this.redraft(dataset, changed, onProgress) };
  }

  /** The dataset's drafts of a version as its card now says: re-thresholded maps (steel), a new prediction (CT). */
  private redraft(dataset: Dataset, model: ModelVersion, onProgress?: (progress: ModelJobProgress) => void): CardChange['redraft'] {
    const source = `model:${model.version}`;
    if (model.task !== taskOf(dataset)) return null;
    if (model.task === 'steel') {
      if (!this.maps.sources(dataset.id).includes(source)) return null;
      return this.predictions.rethreshold(dataset.id, { source, saveToCard: false, onProgress });
    }
    if (!this.predictions.sources(dataset.id).includes(source)) return null;
    // Every slice again (all): the card changed, so a run left unfinished by its budget is not continued here.
    return this.predictions.start(dataset.id, { model: model.version, all: true, onProgress });
  }

  private specFor(dataset: Dataset, model: ModelVersion, tuneOn: LabelledItem[], checkOn: LabelledItem[], method: 'temperature' | 'platt'): TuneJobSpec {
    const card = model.card;
    if (card.task === 'ct') {
      // The CT calibration is fitted on one model's raw outputs; an ensemble's members each keep their own.
      if (card.modelFormat === 'ensemble') throw badInput(`${model.version} is an ensemble: calibrate its members one by one, then average them again`);
      if (tuneOn.length === 0) throw new LoupeError('conflict', `no reviewed slices of "${dataset.name}" outside its validation set to calibrate ${model.version} on; review some first`);
      return { kind: 'tune', task: 'ct', modelDir: model.path, method, items: tuneOn, validation: checkOn };
    }
    const stored = this.maps.forDataset(dataset.id, `model:${model.version}`);
    const strips = (items: LabelledItem[]): TuneStrip[] =>
      items
        .filter((i) => stored.get(i.itemId)?.length === 4)
        .map((i) => ({ itemId: i.itemId, width: i.width, height: i.height, rles: i.rles ?? ['', '', '', ''], maps: stored.get(i.itemId)! }));
    const items = strips(tuneOn);
    if (items.length === 0) {
      throw new LoupeError(
        'not_found',
        `no reviewed strips of "${dataset.name}" outside its validation set have stored probability maps of ${model.version}; pre-annotate the dataset with it first`,
      );
    }
    return { kind: 'tune', task: 'steel', post: { thresholds: card.thresholds, minArea: card.minArea, presenceThresholds: card.presenceThresholds }, items, validation: strips(checkOn) };
  }

  private summary(dataset: Dataset, r: TuneResult): string {
    const on = (n: number) => `${formatCount(n)} ${itemWord(dataset, n)}`;
    const held =
      r.validationBefore !== null && r.validationAfter !== null
        ? `; on the ${on(r.validationItems)} of the validation set: ${formatScore(r.validationBefore)} → ${formatScore(r.validationAfter)}`
        : '';
    const same = r.changed ? '' : ' (the card is best already)';
    return `${r.metricName} on ${on(r.reviewed)} reviewed outside the validation set: ${formatScore(r.before)} → ${formatScore(r.after)}${same}${held}`;
  }
}
