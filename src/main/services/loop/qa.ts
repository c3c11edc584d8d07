// The QA dashboard of a dataset, counted only on the items people approved (with a label): per model version
// that predicted them, the Kaggle metric per class and overall beside its baselines on the same items (steel:
// the all-empty prediction; CT: each label's base rate in this set, and RSNA's published rates), image-level
// presence confusion, the worst items; and the review work itself: progress by state and over time,
// approvals and flags per annotator per calendar day. Items are read a page at a time and each is reduced
// to a few numbers by the pure QA modules, so memory follows the reviewed count, not the masks.
import type { Db } from '../../db/database';
import type { Dataset, DatasetService } from '../datasets/datasets';
import type { LabelService } from '../labels/labels';
import type { ModelService } from '../models/models';
import type { ReviewState } from '../../../shared/domain';
import type { QaItem, QaModelView, QaSummary } from '../../../shared/api/loop-types';
import { steelItemQa, steelQa, type SteelItemQa } from '../../../shared/ml/loop/steel-qa';
import { ctQa, RSNA_TRAINING_BASE_RATES, type CtItemQa } from '../../../shared/ml/loop/ct-qa';
import type { QueueRow } from '../../../shared/ml/loop/review-queue';
import { reviewProgressByDay, reviewThroughput, type ReviewEvent } from '../../../shared/ml/loop/review-throughput';
import { progressOverTime } from '../../../shared/ml/loop/review-progress';
import { itemsById, type QueueItem } from './queue-items';
import type { QueueSources } from './queue-sources';
import { SteelMaskDecoder } from './steel-queue-pass';
import { ctLabelBitsOf, ctProbabilitiesOf } from './ct-queue-pass';

/** Which items the figures count, as the page and `loupe qa` say it. */
export const QA_RULE =
  'Counted on the items a person approved that have a label (imported truth or a person’s). ' +
  'Flagged items are open questions and items in progress are not signed off yet: neither is counted.';

const PAGE = 500;
const WORST = 20;

/** The workstation's time zone (the calendar days of throughput). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export interface QaOptions {
  /** One version only (default: every version that predicted some counted item). */
  model?: string;
  /** IANA name of the calendar days (default: this machine's). */
  timeZone?: string;
}

export class QaService {
  constructor(
    private readonly db: Db,
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
    private readonly models: ModelService,
    private readonly sources: QueueSources,
  ) {}

  summary(datasetRef: string | number, options: QaOptions = {}): QaSummary {
    const dataset = this.datasets.get(datasetRef);
    const timeZone = options.timeZone ?? systemTimeZone();
    const states = this.datasets.reviewStates(dataset.id);
    const total = this.db.prepare('SELECT COUNT(*) FROM items WHERE dataset_id = ?').pluck().get(dataset.id) as number;
    const byState: Record<ReviewState, number> = { unreviewed: 0, in_progress: 0, approved: 0, flagged: 0 };
    for (const state of states.values()) byState[state]++;
    byState.unreviewed = total - byState.in_progress - byState.approved - byState.flagged;

    const approved = itemsById(this.db, [...states].filter(([, state]) => state === 'approved').map(([id]) => id));
    const counted: QueueItem[] = [];
    for (let at = 0; at < approved.length; at += PAGE) {
      const page = approved.slice(at, at + PAGE);
      const current = this.labels.labelsOfItems(page.map((i) => i.id), 'current');
      counted.push(...page.filter((i) => current.has(i.id)));
    }
    const versions = options.model ? [this.sources.named(dataset, options.model).source] : this.sources.predicted(dataset.id);
    const models = versions
      .map((source) => this.modelView(dataset, source as `model:${string}`, counted))
      .filter((m) => m.items > 0 || options.model !== undefined);
    const active = models.findIndex((m) => m.active);
    if (active > 0) models.unshift(...models.splice(active, 1));

    const events = this.events(dataset.id);
    const throughput = reviewThroughput(events, timeZone);
    return {
      datasetId: dataset.id,
      dataset: dataset.name,
      kind: dataset.kind,
      rule: QA_RULE,
      timeZone,
      progress: { total, counted: counted.length, byState },
      models,
      throughput,
      overTime: progressOverTime(reviewProgressByDay(events, timeZone), throughput.rows),
    };
  }

  private modelView(dataset: Dataset, source: `model:${string}`, counted: readonly QueueItem[]): QaModelView {
    const version = source.slice('model:'.length);
    const registered = this.models.has(version) ? this.models.get(version) : null;
    const view: QaModelView = {
      version,
      source,
      active: registered?.active ?? false,
      parentVersion: registered?.parentVersion ?? null,
      items: 0,
      missing: counted.length,
      steel: null,
      ct: null,
      worst: [],
    };
    const keys = new Map(counted.map((i) => [i.id, i.key]));
    const worst = (rows: QueueRow[]): QaItem[] => rows.map((r) => ({ itemId: r.itemId, key: keys.get(r.itemId)!, score: r.score!, reason: r.reason }));
    if (dataset.kind === 'severstal') {
      const items = this.steelItems(source, counted);
      if (items.length === 0) return view;
      const qa = steelQa(items, { worst: WORST });
      return {
        ...view,
        items: qa.reviewed,
        missing: counted.length - qa.reviewed,
        steel: { metric: 'mean Dice', dice: qa.dice, emptyBaseline: qa.emptyBaseline, perClass: qa.perClass },
        worst: worst(qa.worst),
      };
    }
    const items = this.ctItems(source, counted);
    if (items.length === 0) return view;
    const qa = ctQa(items, { worst: WORST });
    return {
      ...view,
      items: qa.reviewed,
      missing: counted.length - qa.reviewed,
      ct: {
        metric: 'weighted log loss',
        logLoss: qa.logLoss,
        baseRateLogLoss: qa.baseRateLogLoss,
        rsnaBaseRateLogLoss: qa.rsnaBaseRateLogLoss,
        perLabel: qa.perLabel.map((l, j) => ({ ...l, rsnaBaseRate: RSNA_TRAINING_BASE_RATES[j] })),
      },
      worst: worst(qa.worst),
    };
  }

  /** The counted strips this source predicted, each reduced to its per-class Dice and pixel counts. */
  private steelItems(source: `model:${string}`, counted: readonly QueueItem[]): SteelItemQa[] {
    const model = new SteelMaskDecoder();
    const label = new SteelMaskDecoder();
    const out: SteelItemQa[] = [];
    for (let at = 0; at < counted.length; at += PAGE) {
      const page = counted.slice(at, at + PAGE);
      const ids = page.map((i) => i.id);
      const predicted = this.labels.labelsOfItems(ids, source);
      const current = this.labels.labelsOfItems(ids, 'current');
      for (const item of page) {
        const m = model.masks(predicted.get(item.id), item.width, item.height);
        const l = label.masks(current.get(item.id), item.width, item.height);
        if (m && l) out.push(steelItemQa(item.id, m, l));
      }
    }
    return out;
  }

  /** The counted slices this source predicted: their label bits and the six probabilities. */
  private ctItems(source: `model:${string}`, counted: readonly QueueItem[]): CtItemQa[] {
    const out: CtItemQa[] = [];
    for (let at = 0; at < counted.length; at += PAGE) {
      const ids = counted.slice(at, at + PAGE).map((i) => i.id);
      const probabilities = ctProbabilitiesOf(this.labels, ids, source);
      const bits = ctLabelBitsOf(this.labels, ids);
      for (const id of ids) {
        const p = probabilities.get(id);
        const b = bits.get(id);
        if (p && b !== undefined) out.push({ itemId: id, labelBits: b, probabilities: p });
      }
    }
    return out;
  }

  /** Every review row of the dataset (who set which state when), oldest first. */
  private events(datasetId: number): ReviewEvent[] {
    return this.db
      .prepare(`SELECT r.item_id AS itemId, r.author, r.state, r.created_at AS createdAt FROM reviews r JOIN items i ON i.id = r.item_id
                WHERE i.dataset_id = ? ORDER BY r.id`)
      .all(datasetId) as ReviewEvent[];
  }
}
