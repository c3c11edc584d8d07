// Which model predictions a queue or the QA page reads. A dataset's predictions are `model:<version>` label
// revisions; the defaults follow what people expect: the active version when it has predicted the dataset,
// else the newest version that has; an ensemble compares that version with its parent (else the next newest).
import type { Db } from '../../db/database';
import type { Dataset } from '../datasets/datasets';
import type { ModelService } from '../models/models';
import { LoupeError, badInput, notFound } from '../../../shared/errors';
import type { QueueOrder, ResolvedQueueOrder } from '../../../shared/api/loop-types';
import type { SteelPostprocessing } from '../../../shared/ml/steel-postprocess';

/** A model source a queue scores: `model:<version>` and the version's name as people read it. */
export interface PredictionSource {
  source: `model:${string}`;
  version: string;
}

/** An order with its defaults chosen: what a pass needs to score items. */
export interface ResolvedOrder {
  order: ResolvedQueueOrder;
  model: PredictionSource | null;
  against: PredictionSource | null;
  seed: number;
  /** Steel: the thresholds, min-areas and presence gates of the scored version (uncertainty reproduces its masks). */
  post: SteelPostprocessing;
}

const DEFAULT_POST: SteelPostprocessing = { thresholds: [0.5, 0.5, 0.5, 0.5], minArea: [0, 0, 0, 0] };

const sourceOf = (version: string): PredictionSource => ({ source: `model:${version}`, version });

export class QueueSources {
  /** Per dataset: each model source's newest revision id, as of a watermark. */
  private readonly known = new Map<number, { watermark: number; newest: Map<string, number> }>();

  constructor(
    private readonly db: Db,
    private readonly models: ModelService,
  ) {}

  /**
   * The model sources with predictions on a dataset, newest first. Read once per dataset, then only the revisions
   * added since (a save adds one or two, a pre-annotation a few thousand).
   */
  predicted(datasetId: number): string[] {
    const watermark = this.watermark();
    let held = this.known.get(datasetId);
    if (!held || held.watermark > watermark) {
      held = { watermark: 0, newest: new Map() };
      this.known.set(datasetId, held);
    }
    if (held.watermark < watermark) {
      // CROSS JOIN keeps label_revisions the outer loop (SQLite's join-order hint): only the new revisions are read.
      const rows = this.db
        .prepare(`SELECT l.source, MAX(l.id) AS newest FROM label_revisions l CROSS JOIN items i ON i.id = l.item_id
                  WHERE l.id > ? AND l.id <= ? AND i.dataset_id = ? AND l.source LIKE 'model:%' GROUP BY l.source`)
        .all(held.watermark, watermark, datasetId) as { source: string; newest: number }[];
      for (const r of rows) held.newest.set(r.source, Math.max(r.newest, held.newest.get(r.source) ?? 0));
      held.watermark = watermark;
    }
    return [...held.newest].sort((a, b) => b[1] - a[1]).map(([source]) => source);
  }

  /** The newest label revision id of the store: any save, import or prediction moves it. */
  watermark(): number {
    return (this.db.prepare('SELECT MAX(id) FROM label_revisions').pluck().get() as number | null) ?? 0;
  }

  /** The version scored by default: the active one when it has predicted the dataset, else the newest that has. */
  defaultModel(dataset: Dataset): PredictionSource | null {
    const sources = this.predicted(dataset.id);
    const active = this.models.active(dataset.kind === 'severstal' ? 'steel' : 'ct');
    if (active && sources.includes(`model:${active.version}`)) return sourceOf(active.version);
    return sources.length ? sourceOf(sources[0].slice('model:'.length)) : null;
  }

  /** A version the person named, checked to have predicted the dataset. */
  named(dataset: Dataset, version: string): PredictionSource {
    const name = version.startsWith('model:') ? version.slice('model:'.length) : version;
    if (!this.predicted(dataset.id).includes(`model:${name}`)) {
      throw notFound(`model ${name} has not predicted dataset "${dataset.name}" (pre-annotate it with that version first)`);
    }
    return sourceOf(name);
  }

  /** The order with its defaults chosen. */
  resolve(dataset: Dataset, order: QueueOrder): ResolvedOrder {
    const seed = order.seed ?? 0;
    if (!Number.isInteger(seed) || seed < 0) throw badInput(`the random order's seed must be a whole number from 0, got ${seed}`);
    if (order.by === 'random' || order.by === 'order') {
      return { order: { by: order.by, model: null, against: null, seed: order.by === 'random' ? seed : null }, model: null, against: null, seed, post: DEFAULT_POST };
    }
    const model = order.model ? this.named(dataset, order.model) : this.defaultModel(dataset);
    if (!model) throw notFound(`no model has predicted dataset "${dataset.name}" yet: pre-annotate it first`);
    let against: PredictionSource | null = null;
    if (order.by === 'ensemble') {
      against = order.against ? this.named(dataset, order.against) : this.defaultAgainst(dataset, model);
      if (against.source === model.source) throw badInput(`the ensemble order compares two different versions; both are ${model.version}`);
    }
    return { order: { by: order.by, model: model.version, against: against?.version ?? null, seed: null }, model, against, seed, post: this.postOf(model.version) };
  }

  private defaultAgainst(dataset: Dataset, model: PredictionSource): PredictionSource {
    const sources = this.predicted(dataset.id);
    const parent = this.models.has(model.version) ? this.models.get(model.version).parentVersion : null;
    if (parent && sources.includes(`model:${parent}`)) return sourceOf(parent);
    const other = sources.find((s) => s !== model.source);
    if (!other) {
      throw new LoupeError('conflict', `the ensemble order compares two model versions, and only ${model.version} has predicted dataset "${dataset.name}": pre-annotate it with another version`);
    }
    return sourceOf(other.slice('model:'.length));
  }

  /** A steel version's post-processing (an averaged source `a+b` uses the first one's, as re-thresholding does). */
  private postOf(version: string): SteelPostprocessing {
    const name = this.models.has(version) ? version : version.split('+')[0];
    if (!this.models.has(name)) return DEFAULT_POST;
    const card = this.models.get(name).card;
    return card.task === 'steel' ? { thresholds: card.thresholds, minArea: card.minArea, presenceThresholds: card.presenceThresholds } : DEFAULT_POST;
  }
}
