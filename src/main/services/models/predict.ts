// Pre-annotation: runs the active model (or chosen versions, averaged) over a dataset in the model worker
// and writes what it saw as `model:<version>` revisions — steel masks as RLE under classes 1–4 with their
// probability maps kept for re-thresholding, CT slices as six probabilities under class 0. Human labels are
// never touched: model revisions are their own source and never become "current".
import { join } from 'node:path';
import type { Db } from '../../db/database';
import type { DatasetService, Dataset, Item } from '../datasets/datasets';
import type { LabelService, NewRevision } from '../labels/labels';
import type { ModelService, ModelVersion } from './models';
import type { ModelFolders } from './models-folders';
import type { PredictionMapStore, ProbabilityMapView } from './predict-maps';
import type { SliceEmbeddingStore } from './slice-embeddings';
import { LoupeError, badInput } from '../../../shared/errors';
import { formatCtPrediction, parseCtPrediction } from '../../../shared/ml/ct-prediction';
import type { ModelTask, SteelModelCard } from '../../../shared/ml/model-card';
import type { ModelJobProgress } from '../../../shared/ml/jobs';
import { checkSteelPostprocessing, type SteelPostprocessing } from '../../../shared/ml/steel-postprocess';
import { ttaSetOf, type TtaSet } from '../../../shared/ml/tta';
import type { ChosenPlan, LevelCost } from '../../../shared/ml/predict-budget';
import type { ItemInput } from '../../ml/inputs';
import type { ModelJobRunner } from '../../ml/jobs/model-job-runner';
import type { PredictedItem } from '../../ml/worker/protocol';
import type { PredictLoopResult } from '../../ml/worker/predict-batches';
import { unfinishedPrediction, unpredictedItems } from './predict-resume';
import type { JobHandle, JobService } from '../jobs/jobs';

export const taskOf = (dataset: Dataset): ModelTask => (dataset.kind === 'severstal' ? 'steel' : 'ct');

/** An item as the model worker needs it: the absolute file and its group (patient, else study/series/slice). */
export function itemInput(dataset: Dataset, item: Item): ItemInput {
  const group = dataset.kind === 'rsna' ? (item.patientId || item.studyUid || item.seriesUid || item.key) : item.key;
  const input = { itemId: item.id, key: item.key, file: join(dataset.root, item.path), width: item.width, height: item.height, group };
  if (dataset.kind !== 'rsna' || !item.seriesUid) return input;
  return { ...input, series: [item.patientId ?? '', item.studyUid ?? '', item.seriesUid].join('/'), order: item.sortIndex };
}

export interface PredictOptions {
  /** A version (default: the active one; the starter model on a fresh store). */
  model?: string;
  /** Several versions whose predictions are averaged (overrides `model`). */
  average?: string[];
  /**
   * The TTA set (default: the first model card's `tta`; with a budget, x5); true and false mean hflip and none.
   * With a budget it is the richest set the plan may choose.
   */
  tta?: boolean | TtaSet;
  /** Seconds the whole job may take: a calibration picks the richest plan that fits; at the deadline it stops. */
  budgetSeconds?: number;
  /**
   * Every item again. Without it, a run after one of the same version that stopped at its deadline predicts
   * only the items that run (and those continuing it) left.
   */
  all?: boolean;
  /** Only these items of the dataset (a batch just added); default: every item. */
  itemIds?: readonly number[];
  onProgress?: (progress: ModelJobProgress) => void;
  /** The submitted job this run carries out (a GPU worker's: see worker-jobs.ts); a new job by default. */
  jobId?: number;
}

export interface PredictReport {
  jobId: number;
  dataset: string;
  task: ModelTask;
  /** The revisions' source: `model:<version>` or `model:<v1>+<v2>` for an average. */
  source: string;
  versions: string[];
  /** The TTA set the items were predicted with (with a budget: the one the plan chose). */
  tta: TtaSet;
  items: number;
  /** Items left for a later run because the deadline came first (0 when it finished). */
  left: number;
  stoppedBy: 'deadline' | null;
  /** With a budget: the chosen plan in words, what it was chosen from, and the estimate. */
  plan: { text: string; budgetSeconds: number; chosen: ChosenPlan; calibration: LevelCost[] } | null;
  /** True when this run continued one that stopped at its deadline (it predicted only the items left). */
  resumed: boolean;
  /** Steel: items with a mask per class; CT: slices whose `any` probability is ≥ 0.5. */
  positives: Record<string, number>;
  seconds: number;
}

export interface RethresholdOptions extends Partial<SteelPostprocessing> {
  /** Which stored prediction: `model:<version>` (default: the active version's). */
  source?: string;
  /** Also save the new settings into that version's card (default true for a single registered version). */
  saveToCard?: boolean;
  onProgress?: (progress: ModelJobProgress) => void;
}

export class PredictService {
  constructor(
    private readonly db: Db,
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
    private readonly models: ModelService,
    private readonly folders: ModelFolders,
    private readonly maps: PredictionMapStore,
    private readonly runner: Pick<ModelJobRunner, 'run'>,
    private readonly jobs: JobService,
    private readonly author: () => string,
    /** Where a single CT CNN's slice embeddings are kept (absent: not kept). */
    private readonly embeddings: SliceEmbeddingStore | null = null,
  ) {}

  /** Starts pre-annotating a dataset as a job; progress arrives as job updates, the runner's 'progress' events and onProgress. */
  start(datasetRef: string | number, options: PredictOptions = {}): JobHandle<PredictReport, 'predict'> {
    const dataset = this.datasets.get(datasetRef);
    const task = taskOf(dataset);
    const versions = this.versionsFor(task, options);
    const source = `model:${versions.map((v) => v.version).join('+')}`;
    const tta = ttaSetOf(options.tta ?? (options.budgetSeconds ? 'x5' : versions[0].card.tta));
    const wanted = options.itemIds ? new Set(options.itemIds) : null;
    let items = this.datasets.items(dataset.id).filter((i) => wanted === null || wanted.has(i.id));
    // A whole-dataset run continues one of this source that stopped at its deadline; `since` is the revision
    // the first run of such a chain started after, so items predicted by an older, complete run count as left.
    const unfinished = wanted === null && !options.all ? unfinishedPrediction(this.db, dataset.id, source) : null;
    const since = unfinished?.since ?? this.lastRevisionId();
    if (unfinished) items = unpredictedItems(this.db, items, source, since);
    const author = this.author();
    const positives: Record<string, number> = {};
    const started = performance.now();
    const what =
      wanted !== null ? `${items.length} new ${items.length === 1 ? 'item' : 'items'} of ${dataset.name}` : unfinished ? `the ${items.length} items left of ${dataset.name}` : dataset.name;
    return this.jobs.run(
      {
        kind: 'predict',
        title: `Pre-annotate ${what} with ${source.slice('model:'.length)}`,
        datasetId: dataset.id,
        args: { dataset: dataset.name, source, tta, budgetSeconds: options.budgetSeconds ?? null, scope: wanted === null ? 'all' : 'some', since },
        state: 'queued',
        jobId: options.jobId,
        outcome: (r: PredictReport) => ({
          source: r.source,
          versions: r.versions,
          items: r.items,
          positives: r.positives,
          seconds: r.seconds,
          tta: r.tta,
          left: r.left,
          plan: r.plan?.text ?? null,
          resumed: r.resumed,
        }),
      },
      async (control) => {
        const r = await this.runner.run<PredictLoopResult>(
          { kind: 'predict', task, modelDirs: versions.map((v) => v.path), items: items.map((i) => itemInput(dataset, i)), tta, budgetSeconds: options.budgetSeconds },
          control,
          { onProgress: options.onProgress, onPartial: (predicted) => this.write(source, predicted, author, positives) },
        );
        return {
          jobId: control.jobId,
          dataset: dataset.name,
          task,
          source,
          versions: versions.map((v) => v.version),
          tta: r.tta,
          items: r.items,
          left: r.left,
          stoppedBy: r.stoppedBy,
          plan: r.plan,
          resumed: unfinished !== null,
          positives,
          seconds: (performance.now() - started) / 1000,
        };
      },
    );
  }

  predict(datasetRef: string | number, options: PredictOptions = {}): Promise<PredictReport> {
    return this.start(datasetRef, options).result;
  }

  /** Re-applies threshold / min-area / presence settings to a steel dataset's stored maps (no model runs). */
  rethreshold(datasetRef: string | number, options: RethresholdOptions = {}): JobHandle<{ items: number; source: string }, 'rethreshold'> {
    const dataset = this.datasets.get(datasetRef);
    if (taskOf(dataset) !== 'steel') throw badInput('thresholds and min-areas apply to steel datasets; CT predictions are probabilities');
    const source = options.source ?? `model:${this.folders.activeOrStarter('steel').version}`;
    const single = source.slice('model:'.length);
    const card = (this.models.has(single) ? this.models.get(single).card : this.models.get(single.split('+')[0]).card) as SteelModelCard;
    const post: SteelPostprocessing = {
      thresholds: options.thresholds ?? card.thresholds,
      minArea: options.minArea ?? card.minArea,
      presenceThresholds: options.presenceThresholds ?? card.presenceThresholds,
    };
    checkSteelPostprocessing(post);
    const stored = this.maps.forDataset(dataset.id, source);
    if (stored.size === 0) throw new LoupeError('not_found', `no stored probability maps of ${source} for dataset "${dataset.name}"; run loupe predict first`);
    if ((options.saveToCard ?? true) && this.models.has(single)) this.models.setPostprocessing(single, post);
    const items = this.datasets.items(dataset.id).filter((i) => stored.has(i.id));
    const author = this.author();
    return this.jobs.run(
      { kind: 'rethreshold', title: `Re-threshold ${dataset.name} (${source})`, datasetId: dataset.id, args: { dataset: dataset.name, source, post }, state: 'queued' },
      async (control) => {
        const r = await this.runner.run<{ items: number }>(
          { kind: 'rethreshold', post, items: items.map((i) => ({ itemId: i.id, width: i.width, height: i.height, maps: stored.get(i.id)! })) },
          control,
          { onProgress: options.onProgress, onPartial: (predicted) => this.write(source, predicted, author, {}) },
        );
        return { items: r.items, source };
      },
    );
  }

  /** One item's stored probability maps (steel), for drawing; empty when it has none from that source. */
  probabilityMaps(itemId: number, source: string): ProbabilityMapView[] {
    return this.maps.mapsOf(itemId, source);
  }

  /** CT: the six probabilities of every predicted slice of a dataset from one source (itemId → CT_LABELS order). */
  ctProbabilities(datasetRef: string | number, source: string): Map<number, number[]> {
    const dataset = this.datasets.get(datasetRef);
    const out = new Map<number, number[]>();
    for (const [itemId, classes] of this.labels.labelsOf(dataset.id, source as `model:${string}`)) {
      const p = parseCtPrediction(classes.get(0) ?? '');
      if (p) out.set(itemId, p);
    }
    return out;
  }

  /** The sources a dataset has predictions from (newest models last). */
  sources(datasetRef: string | number): string[] {
    const dataset = this.datasets.get(datasetRef);
    return (
      this.db
        .prepare(`SELECT l.source FROM label_revisions l JOIN items i ON i.id = l.item_id
                  WHERE i.dataset_id = ? AND l.source LIKE 'model:%' GROUP BY l.source ORDER BY MIN(l.id)`)
        .all(dataset.id) as { source: string }[]
    ).map((r) => r.source);
  }

  private lastRevisionId(): number {
    return (this.db.prepare('SELECT MAX(id) FROM label_revisions').pluck().get() as number | null) ?? 0;
  }

  private versionsFor(task: ModelTask, options: PredictOptions): ModelVersion[] {
    const names = options.average?.length ? options.average : options.model ? [options.model] : [this.folders.activeOrStarter(task).version];
    const versions = names.map((name) => this.models.get(name));
    for (const v of versions) {
      if (v.task !== task) throw badInput(`model ${v.version} is a ${v.task} model; this dataset needs a ${task} model`);
    }
    return versions;
  }

  private write(source: string, predicted: PredictedItem[], author: string, positives: Record<string, number>): void {
    const revisions: NewRevision[] = [];
    for (const p of predicted) {
      if (p.rles) {
        p.rles.forEach((rle, c) => {
          revisions.push({ itemId: p.itemId, classId: c + 1, payload: rle });
          if (rle) positives[String(c + 1)] = (positives[String(c + 1)] ?? 0) + 1;
        });
      } else if (p.probabilities) {
        revisions.push({ itemId: p.itemId, classId: 0, payload: formatCtPrediction(p.probabilities) });
        if (p.probabilities[5] >= 0.5) positives.any = (positives.any ?? 0) + 1;
      }
    }
    this.db.transaction(() => {
      this.labels.append(revisions, source as `model:${string}`, author);
      const withMaps = predicted.filter((p) => p.maps).map((p) => ({ itemId: p.itemId, maps: p.maps! }));
      if (withMaps.length) this.maps.put(source, withMaps);
      const embedded = predicted.filter((p) => p.embedding).map((p) => ({ itemId: p.itemId, values: p.embedding! }));
      // Only a single version's embeddings mean anything (an average's source names several).
      if (embedded.length && !source.includes('+')) this.embeddings?.put(source.slice('model:'.length), embedded);
    })();
  }
}
