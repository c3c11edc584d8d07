// Comparing a version with another (the active one by default) on a dataset's validation set as it stands
// (grown first), per class and beside the baseline — what the activation dialog shows before a person
// activates a version. Each version is scored from its stored predictions when it has them for every
// validation item (steel maps through its card as it stands now; CT probabilities), else by running it, as a
// job of the model worker.
import type { Db } from '../../db/database';
import type { DatasetService } from '../datasets/datasets';
import type { LabelService } from '../labels/labels';
import type { ModelService, ModelVersion } from './models';
import type { PredictionMapStore } from './predict-maps';
import type { PredictService } from './predict';
import type { ValidationSetService } from './validation-sets';
import type { ModelJobRunner } from '../../ml/jobs/model-job-runner';
import type { JobHandle, JobService } from '../jobs/jobs';
import type { CompareResult, ComparedSource, LabelledItem } from '../../ml/worker/protocol';
import type { CompareOutcome } from '../../../shared/api/model-loop-types';
import type { ModelJobProgress } from '../../../shared/ml/jobs';
import type { SteelModelCard } from '../../../shared/ml/model-card';
import { badInput } from '../../../shared/errors';
import { decideActivation } from './comparison';
import { taskOf } from './predict';
import { trainingData } from './train-data';

export interface CompareOptions {
  version: string;
  /** The version to compare with: the active one of the task when left out; null for the baseline only. */
  against?: string | null;
  onProgress?: (progress: ModelJobProgress) => void;
}

export class CompareService {
  constructor(
    private readonly db: Db,
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
    private readonly models: ModelService,
    private readonly maps: PredictionMapStore,
    private readonly predictions: PredictService,
    private readonly validationSets: ValidationSetService,
    private readonly runner: ModelJobRunner,
    private readonly jobs: JobService,
  ) {}

  start(datasetRef: string | number, options: CompareOptions): JobHandle<CompareOutcome, 'compare'> {
    const dataset = this.datasets.get(datasetRef);
    const task = taskOf(dataset);
    const model = this.models.get(options.version);
    const otherName = options.against === undefined ? (this.models.active(task)?.version ?? null) : options.against;
    const other = otherName && otherName !== model.version ? this.models.get(otherName) : null;
    for (const m of [model, other]) {
      if (m && m.task !== task) throw badInput(`model ${m.version} is a ${m.task} model; dataset "${dataset.name}" needs a ${task} model`);
    }
    const set = this.validationSets.grow(dataset.id);
    const inSet = new Set(set.itemIds);
    const items = trainingData(this.db, this.datasets, this.labels, dataset).labelled.filter((i) => inSet.has(i.itemId));
    const fingerprint = this.validationSets.fingerprintOf(items.map((i) => i.itemId));
    const sources = [model, ...(other ? [other] : [])].map((m) => this.sourceOf(dataset.id, m, items));
    const metricName = task === 'steel' ? 'mean Dice' : 'weighted log loss';
    return this.jobs.run(
      {
        kind: 'compare',
        title: `Compare ${model.version}${other ? ` with ${other.version}` : ''} on ${dataset.name}`,
        datasetId: dataset.id,
        args: { dataset: dataset.name, version: model.version, against: other?.version ?? null },
        state: 'queued',
      },
      async (control) => {
        const r = await this.runner.run<CompareResult>({ kind: 'compare', task, items, sources }, control, { onProgress: options.onProgress });
        const [child, against] = r.scores;
        const decision = decideActivation(metricName, child, against ?? null, r.baseline, set.groupedBy, other ? other.version : 'its parent');
        return {
          datasetId: dataset.id,
          version: model.version,
          against: other?.version ?? null,
          metricName,
          validationSet: { size: items.length, fingerprint },
          child,
          other: against ?? null,
          baseline: r.baseline,
          perClass: decision.perClass,
          decision: { activate: decision.activate, reason: decision.reason },
          from: { version: sources[0].from === 'model' ? 'model run' : 'stored', against: sources[1] ? (sources[1].from === 'model' ? 'model run' : 'stored') : null },
        };
      },
    );
  }

  compare(datasetRef: string | number, options: CompareOptions): Promise<CompareOutcome> {
    return this.start(datasetRef, options).result;
  }

  /** The stored predictions of a version on every item, else its model folder to run. */
  private sourceOf(datasetId: number, model: ModelVersion, items: readonly LabelledItem[]): ComparedSource {
    const source = `model:${model.version}`;
    if (model.card.task === 'steel') {
      const stored = this.maps.forDataset(datasetId, source);
      if (items.every((i) => stored.get(i.itemId)?.length === 4)) {
        const card = model.card as SteelModelCard;
        const post = { thresholds: card.thresholds, minArea: card.minArea, presenceThresholds: card.presenceThresholds };
        return { from: 'maps', post, maps: items.map((i) => stored.get(i.itemId)!) };
      }
    } else {
      const stored = this.predictions.ctProbabilities(datasetId, source);
      if (items.every((i) => stored.has(i.itemId))) return { from: 'probabilities', probabilities: items.map((i) => stored.get(i.itemId)!) };
    }
    return { from: 'model', modelDir: model.path };
  }
}
