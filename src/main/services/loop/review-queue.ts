// Review queues, worst first: every item of a dataset scored by a strategy (disagreement with the current
// label, the model's own uncertainty, two versions' disagreement, a seeded random order, the dataset order)
// and ranked by the pure module's rule. Items stream through the scorers a page at a time (a dataset can
// hold 752k slices), with a pause for the event loop between pages, so the workstation answers meanwhile.
// Each ranking is kept per dataset and order: while the store is unchanged, paging is a slice of it; after a
// save only the items whose revisions changed (CT uncertainty: their series) are scored again and moved in the
// ranking. Only scores are kept per item; the reason of a row is worked out when a row is shown, by the same scorer.
import type { Db } from '../../db/database';
import type { Dataset, DatasetService } from '../datasets/datasets';
import type { LabelService } from '../labels/labels';
import type { PredictionMapStore } from '../models/predict-maps';
import { datasetOrderScore, randomQueueScore, rankQueue, type QueueCandidate, type QueueScore } from '../../../shared/ml/loop/review-queue';
import { reRank } from '../../../shared/ml/loop/queue-ranking';
import type { QueueOrder, QueuePlace, QueueRowView, QueueView, ResolvedQueueOrder } from '../../../shared/api/loop-types';
import { badInput } from '../../../shared/errors';
import { itemPages, itemsById, wholeSeriesOf, type QueueItem } from './queue-items';
import type { QueueSources, ResolvedOrder } from './queue-sources';
import { scoreSteelItems } from './steel-queue-pass';
import { scoreCtItems } from './ct-queue-pass';

/**
 * A dataset's items ranked by one order: ids worst first, and a way to say why for any of them. A new object
 * whenever the ranking changes, so lists derived from it (filtered) are kept while it is the same object.
 */
export interface Ranking {
  datasetId: number;
  order: ResolvedQueueOrder;
  /** Every item of the dataset, worst first (unscored ones last, in dataset order). */
  ids: Int32Array;
  /** Items the strategy could score. */
  scored: number;
  /** Each item's score and reason, as the row shows it. */
  explain(itemIds: readonly number[]): QueuePlace[];
}

interface ScoreTable {
  itemsStamp: string;
  watermark: number;
  /** Dataset order. */
  ids: Int32Array;
  /** Slot of an item id: index into `ids` / `scores`, by id − lowest id (−1: not in the dataset). */
  slots: Int32Array;
  lowestId: number;
  /** NaN: unscored. */
  scores: Float64Array;
  ranking: Ranking | null;
  /** Reasons worked out for rows shown (dropped when the item is scored again). */
  reasons: Map<number, string>;
}

export interface QueueOptions extends QueueOrder {
  /** Rows to return (default 100); Infinity for every item. */
  limit?: number;
}

/** Items per page of a full pass; steel uncertainty reads four maps per strip, so its pages are smaller. */
const PAGE = 2000;
const MAP_PAGE = 100;
const MAX_TABLES = 6;
/** Past this share of changed items, scoring everything again is simpler than patching. */
const PATCH_SHARE = 0.25;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ReviewQueueService {
  private readonly tables = new Map<string, ScoreTable>();
  private readonly pending = new Map<string, Promise<ScoreTable>>();
  private readonly stamps = new Map<number, { newest: number; stamp: string }>();

  constructor(
    private readonly db: Db,
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
    private readonly maps: PredictionMapStore,
    private readonly sources: QueueSources,
  ) {}

  /** A dataset's queue, worst first, for `loupe queue`: the first `limit` rows with their reasons. */
  async queue(datasetRef: string | number, options: QueueOptions): Promise<QueueView> {
    const limit = options.limit ?? 100;
    if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 1))) throw badInput(`the queue's limit must be a whole number from 1, got ${limit}`);
    const dataset = this.datasets.get(datasetRef);
    const ranking = await this.ranking(dataset.id, options);
    const ids = Array.from(ranking.ids.subarray(0, Math.min(ranking.ids.length, limit)));
    const places = ranking.explain(ids);
    const keys = new Map(itemsById(this.db, ids).map((i) => [i.id, i.key]));
    const rows: QueueRowView[] = ids.map((itemId, i) => ({ rank: i + 1, itemId, key: keys.get(itemId)!, ...places[i] }));
    return { datasetId: dataset.id, dataset: dataset.name, kind: dataset.kind, order: ranking.order, total: ranking.ids.length, scored: ranking.scored, rows };
  }

  /** The dataset's items ranked by an order, brought up to date with the store. */
  async ranking(datasetId: number, order: QueueOrder): Promise<Ranking> {
    const dataset = this.datasets.get(datasetId);
    const resolved = this.sources.resolve(dataset, order);
    const key = JSON.stringify([dataset.id, resolved.order, resolved.order.by === 'uncertainty' ? resolved.post : null]);
    let running = this.pending.get(key);
    if (!running) {
      running = this.refresh(dataset, resolved, key).finally(() => this.pending.delete(key));
      this.pending.set(key, running);
    }
    const table = await running;
    return table.ranking ?? this.rank(dataset, resolved, table);
  }

  private async refresh(dataset: Dataset, resolved: ResolvedOrder, key: string): Promise<ScoreTable> {
    const itemsStamp = this.itemsStamp(dataset.id);
    const watermark = this.sources.watermark();
    let table = this.tables.get(key);
    if (table && table.itemsStamp === itemsStamp && table.watermark !== watermark) {
      const changed = usesRevisions(resolved) ? this.changedSince(dataset.id, table.watermark, watermark) : [];
      if (changed.length > table.ids.length * PATCH_SHARE) table = undefined;
      else {
        if (changed.length) this.patch(dataset, resolved, table, changed);
        table.watermark = watermark;
      }
    }
    if (!table || table.itemsStamp !== itemsStamp) table = await this.scoreAll(dataset, resolved, itemsStamp, watermark);
    this.tables.delete(key); // most recently used last
    this.tables.set(key, table);
    while (this.tables.size > MAX_TABLES) this.tables.delete(this.tables.keys().next().value!);
    return table;
  }

  /** The dataset's items with a revision added after `from` (up to `to`): a range of the newest revisions. */
  private changedSince(datasetId: number, from: number, to: number): number[] {
    // CROSS JOIN keeps label_revisions the outer loop (SQLite's join-order hint): a range of its ids, not every item.
    return this.db
      .prepare(`SELECT DISTINCT l.item_id FROM label_revisions l CROSS JOIN items i ON i.id = l.item_id
                WHERE l.id > ? AND l.id <= ? AND i.dataset_id = ?`)
      .pluck()
      .all(from, to, datasetId) as number[];
  }

  /**
   * The dataset's item count and id range. Counting 752k rows is not free, and items are only ever added, so the
   * count is taken again only when the store's newest item id has moved.
   */
  private itemsStamp(datasetId: number): string {
    const newest = (this.db.prepare('SELECT MAX(id) FROM items').pluck().get() as number | null) ?? 0;
    const held = this.stamps.get(datasetId);
    if (held && held.newest === newest) return held.stamp;
    const row = this.db.prepare('SELECT COUNT(*) AS n, MIN(id) AS lo, MAX(id) AS hi FROM items WHERE dataset_id = ?').get(datasetId) as { n: number; lo: number | null; hi: number | null };
    const stamp = `${row.n}:${row.lo ?? 0}:${row.hi ?? 0}`;
    this.stamps.set(datasetId, { newest, stamp });
    return stamp;
  }

  private async scoreAll(dataset: Dataset, resolved: ResolvedOrder, itemsStamp: string, watermark: number): Promise<ScoreTable> {
    const [n, lo, hi] = itemsStamp.split(':').map(Number);
    const table: ScoreTable = {
      itemsStamp,
      watermark,
      ids: new Int32Array(n),
      slots: new Int32Array(n ? hi - lo + 1 : 0).fill(-1),
      lowestId: lo,
      scores: new Float64Array(n).fill(Number.NaN),
      ranking: null,
      reasons: new Map(),
    };
    const bySeries = dataset.kind === 'rsna' && resolved.order.by === 'uncertainty';
    const pageSize = dataset.kind === 'severstal' && resolved.order.by === 'uncertainty' ? MAP_PAGE : PAGE;
    let filled = 0;
    let carried: QueueItem[] = [];
    const score = (items: QueueItem[]) => {
      const scores = this.scoreItems(dataset, resolved, items);
      items.forEach((item, i) => (table.scores[table.slots[item.id - lo]] = scores[i].score ?? Number.NaN));
    };
    for (const page of itemPages(this.db, dataset.id, pageSize)) {
      for (const item of page) {
        if (filled === n || item.id < lo || item.id > hi) continue; // added after the count: the next refresh sees them
        table.ids[filled] = item.id;
        table.slots[item.id - lo] = filled++;
      }
      let batch = carried.concat(page.filter((item) => item.id >= lo && item.id <= hi && table.slots[item.id - lo] >= 0));
      carried = [];
      if (bySeries && batch.length) {
        // The neighbour rule needs whole series: the page's last series may go on in the next page.
        const last = batch[batch.length - 1].seriesUid;
        if (last !== null) {
          const cut = batch.findIndex((item) => item.seriesUid === last);
          carried = batch.slice(cut);
          batch = batch.slice(0, cut);
        }
      }
      if (batch.length) score(batch);
      await pause();
    }
    if (carried.length) score(carried);
    if (filled < n) {
      // Items removed while the pass ran: keep what was seen.
      table.ids = table.ids.slice(0, filled);
      table.scores = table.scores.slice(0, filled);
    }
    return table;
  }

  /** Scores again the items whose revisions changed (CT uncertainty: their whole series, for the neighbour rule) and moves them in the ranking. */
  private patch(dataset: Dataset, resolved: ResolvedOrder, table: ScoreTable, changed: readonly number[]): void {
    let items = itemsById(this.db, changed);
    if (dataset.kind === 'rsna' && resolved.order.by === 'uncertainty') items = wholeSeriesOf(this.db, dataset.id, items);
    const scores = this.scoreItems(dataset, resolved, items);
    const moved: number[] = [];
    items.forEach((item, i) => {
      const slot = table.slots[item.id - table.lowestId];
      if (slot === undefined || slot < 0) return;
      table.scores[slot] = scores[i].score ?? Number.NaN;
      table.reasons.delete(item.id);
      moved.push(item.id);
    });
    const held = table.ranking;
    if (!held) return;
    const slotOf = (id: number) => table.slots[id - table.lowestId];
    const ids = reRank(held.ids, moved, { score: (id) => table.scores[slotOf(id)], order: slotOf });
    table.ranking = this.rankingOf(dataset, resolved, table, ids);
  }

  private rank(dataset: Dataset, resolved: ResolvedOrder, table: ScoreTable): Ranking {
    const candidates: QueueCandidate[] = new Array(table.ids.length);
    for (let i = 0; i < table.ids.length; i++) {
      candidates[i] = { itemId: table.ids[i], order: i, score: Number.isNaN(table.scores[i]) ? null : table.scores[i], reason: '' };
    }
    table.ranking = this.rankingOf(dataset, resolved, table, Int32Array.from(rankQueue(candidates), (row) => row.itemId));
    return table.ranking;
  }

  private rankingOf(dataset: Dataset, resolved: ResolvedOrder, table: ScoreTable, ids: Int32Array): Ranking {
    let scored = 0;
    for (let i = 0; i < table.scores.length; i++) if (!Number.isNaN(table.scores[i])) scored++;
    return {
      datasetId: dataset.id,
      order: resolved.order,
      ids,
      scored,
      explain: (itemIds) => this.explain(dataset, resolved, table, itemIds),
    };
  }

  /** The reason of each item (worked out once per item and kept), with the score the ranking used. */
  private explain(dataset: Dataset, resolved: ResolvedOrder, table: ScoreTable, itemIds: readonly number[]): QueuePlace[] {
    const missing = itemIds.filter((id) => !table.reasons.has(id));
    if (missing.length) {
      let items = itemsById(this.db, missing);
      if (dataset.kind === 'rsna' && resolved.order.by === 'uncertainty') items = wholeSeriesOf(this.db, dataset.id, items);
      const scores = this.scoreItems(dataset, resolved, items);
      items.forEach((item, i) => table.reasons.set(item.id, scores[i].reason));
    }
    return itemIds.map((id) => {
      const slot = table.slots[id - table.lowestId];
      const score = slot === undefined || slot < 0 ? Number.NaN : table.scores[slot];
      return { score: Number.isNaN(score) ? null : score, reason: table.reasons.get(id) ?? '' };
    });
  }

  private scoreItems(dataset: Dataset, resolved: ResolvedOrder, items: readonly QueueItem[]): QueueScore[] {
    const by = resolved.order.by;
    if (by === 'random') return items.map((item) => randomQueueScore(item.key, resolved.seed));
    if (by === 'order') return items.map(() => datasetOrderScore());
    if (dataset.kind === 'severstal') return scoreSteelItems({ labels: this.labels, maps: this.maps }, resolved, items);
    return scoreCtItems(this.labels, resolved, items);
  }
}

/** Whether an order's scores follow the labels and predictions (random and dataset order do not). */
function usesRevisions(resolved: ResolvedOrder): boolean {
  return resolved.order.by !== 'random' && resolved.order.by !== 'order';
}
