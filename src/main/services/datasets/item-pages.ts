// Items a page at a time, for lists of any length (752k CT slices): the filtered id list of a dataset is
// computed once in display order, kept while the labels and reviews stay as they were, and then every
// page or lookup is a slice of it.
import type { Db } from '../../db/database';
import type { DatasetService } from './datasets';
import type { LabelService } from '../labels/labels';
import { CT_LABELS, CT_SUBTYPES, STEEL_CLASSES, type DatasetKind, type ReviewState } from '../../../shared/domain';
import type { CurrentLabel, ItemDetail, ItemFilter, ItemLocation, ItemPage, ItemRow, LabelRevisionView } from '../../../shared/api/types';
import { parseRle } from '../../../shared/rle';
import type { QueueOrder } from '../../../shared/api/loop-types';
import type { NextToReview } from '../../../shared/api/steel-types';
import type { Ranking } from '../loop/review-queue';

/** Per item of a dataset: which labels are present (bit per steel class or CT subtype) and whether any label exists. */
interface LabelBits {
  present: Uint8Array;
  labelled: Uint8Array;
}

interface CachedList {
  stamp: string;
  ids: Int32Array;
}

const ANY = 'any';
const MAX_CACHED_LISTS = 8;

/** Where lists sorted by a review queue get their order from (the review queue service). */
export interface ItemOrdering {
  ranking(datasetId: number, order: QueueOrder): Promise<Ranking>;
}

/** How `next` moves through a list. */
export interface NextOptions {
  order?: QueueOrder;
  filter?: ItemFilter;
  direction: 'next' | 'previous';
  /** Skip items that are approved or flagged. */
  unreviewedOnly: boolean;
}

export class ItemPageService {
  private readonly lists = new Map<string, CachedList>();
  private readonly orderedLists = new Map<string, { ranking: Ranking; filtered: Int32Array; ids: Int32Array }>();

  constructor(
    private readonly db: Db,
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
    private readonly ordering?: ItemOrdering,
  ) {}

  page(datasetId: number, offset: number, limit: number, filter: ItemFilter = {}): ItemPage {
    const dataset = this.datasets.get(datasetId);
    const ids = this.filteredIds(dataset.id, dataset.kind, filter);
    const end = Math.min(ids.length, offset + limit);
    const rows: ItemRow[] = [];
    for (let index = offset; index < end; index++) rows.push(this.row(dataset.kind, ids[index], index));
    return { datasetId: dataset.id, total: ids.length, offset, rows };
  }

  locate(itemId: number, filter: ItemFilter = {}): ItemLocation {
    const item = this.datasets.item(itemId);
    const dataset = this.datasets.get(item.datasetId);
    const ids = this.filteredIds(dataset.id, dataset.kind, filter);
    const index = ids.indexOf(itemId);
    return { datasetId: dataset.id, index: index < 0 ? null : index, total: ids.length };
  }

  // Lists sorted by a review queue (the list's "Sort by"). The queue service ranks every item of the dataset;
  // the filter then keeps its items in that order, and each row carries its score and reason.

  /** A page of the list sorted by `order` (dataset order when absent or 'order'). */
  async orderedPage(datasetId: number, offset: number, limit: number, filter: ItemFilter = {}, order?: QueueOrder): Promise<ItemPage> {
    if (!order || order.by === 'order') return this.page(datasetId, offset, limit, filter);
    const dataset = this.datasets.get(datasetId);
    const { ranking, ids } = await this.orderedIds(dataset.id, dataset.kind, filter, order);
    const pageIds = Array.from(ids.subarray(Math.min(offset, ids.length), Math.min(ids.length, offset + limit)));
    const places = ranking.explain(pageIds);
    const rows = pageIds.map((id, i) => ({ ...this.row(dataset.kind, id, offset + i), queue: places[i] }));
    return { datasetId: dataset.id, total: ids.length, offset, rows, order: ranking.order };
  }

  /** Where an item is in the list sorted by `order`. */
  async orderedLocate(itemId: number, filter: ItemFilter = {}, order?: QueueOrder): Promise<ItemLocation> {
    if (!order || order.by === 'order') return this.locate(itemId, filter);
    const item = this.datasets.item(itemId);
    const dataset = this.datasets.get(item.datasetId);
    const { ids } = await this.orderedIds(dataset.id, dataset.kind, filter, order);
    const index = ids.indexOf(itemId);
    return { datasetId: dataset.id, index: index < 0 ? null : index, total: ids.length };
  }

  /**
   * The item after (or before) `itemId` in the list as sorted and filtered, wrapping around the end; with
   * `unreviewedOnly`, the next one that is neither approved nor flagged. From an item the list does not hold,
   * the search starts at the top (or the bottom).
   */
  async next(datasetId: number, itemId: number, options: NextOptions): Promise<NextToReview> {
    const dataset = this.datasets.get(datasetId);
    const filter = options.filter ?? {};
    const ids = options.order && options.order.by !== 'order' ? (await this.orderedIds(dataset.id, dataset.kind, filter, options.order)).ids : this.filteredIds(dataset.id, dataset.kind, filter);
    const reviews = options.unreviewedOnly ? this.datasets.reviewStates(dataset.id) : null;
    const wanted = (id: number) => id !== itemId && (!reviews || !['approved', 'flagged'].includes(reviews.get(id) ?? 'unreviewed'));
    const n = ids.length;
    const at = ids.indexOf(itemId);
    const step = options.direction === 'next' ? 1 : -1;
    const start = at >= 0 ? at : step === 1 ? -1 : n;
    for (let k = 1; k <= n; k++) {
      const i = start + step * k;
      const wrapped = i < 0 || i >= n;
      const id = ids[((i % n) + n) % n];
      if (wanted(id)) return { itemId: id, wrapped: wrapped && at >= 0 };
    }
    return { itemId: null, wrapped: false };
  }

  private async orderedIds(datasetId: number, kind: DatasetKind, filter: ItemFilter, order: QueueOrder): Promise<{ ranking: Ranking; ids: Int32Array }> {
    if (!this.ordering) throw new Error('item lists sorted by a review queue need the review queue service');
    const ranking = await this.ordering.ranking(datasetId, order);
    const hasFilter = !!((filter.review && filter.review.length) || filter.label || filter.key?.trim());
    if (!hasFilter) return { ranking, ids: ranking.ids };
    const filtered = this.filteredIds(datasetId, kind, filter);
    const cacheKey = JSON.stringify([datasetId, filter.review ?? null, filter.label ?? null, filter.key ?? null, ranking.order]);
    const held = this.orderedLists.get(cacheKey);
    if (held && held.ranking === ranking && held.filtered === filtered) return held;
    const kept = new Set(filtered);
    const ids = ranking.ids.filter((id) => kept.has(id));
    this.orderedLists.delete(cacheKey);
    this.orderedLists.set(cacheKey, { ranking, filtered, ids });
    while (this.orderedLists.size > MAX_CACHED_LISTS) this.orderedLists.delete(this.orderedLists.keys().next().value!);
    return { ranking, ids };
  }

  detail(itemId: number): ItemDetail {
    const item = this.datasets.item(itemId);
    const dataset = this.datasets.get(item.datasetId);
    const metaRow = this.db.prepare('SELECT meta FROM items WHERE id = ?').get(itemId) as { meta: string } | undefined;
    return {
      id: item.id,
      datasetId: dataset.id,
      datasetName: dataset.name,
      kind: dataset.kind,
      key: item.key,
      width: item.width,
      height: item.height,
      frames: item.frames,
      patientId: item.patientId,
      studyUid: item.studyUid,
      seriesUid: item.seriesUid,
      position: item.position,
      sortIndex: item.sortIndex,
      ...this.reviewOf(itemId),
      labels: currentLabels(this.labels.history(itemId)),
      meta: metaRow ? (JSON.parse(metaRow.meta) as Record<string, unknown>) : {},
    };
  }

  history(itemId: number): LabelRevisionView[] {
    this.datasets.item(itemId);
    return this.labels.history(itemId).map(({ id, classId, source, payload, author, createdAt, origin }) => ({
      id,
      classId,
      source,
      payload,
      author,
      createdAt,
      origin,
    }));
  }

  private reviewOf(itemId: number): Pick<ItemRow, 'review' | 'reviewInfo'> {
    const reviewInfo = this.labels.reviewInfoOf(itemId);
    return { review: reviewInfo.state, reviewInfo };
  }

  private row(kind: DatasetKind, itemId: number, index: number): ItemRow {
    const item = this.datasets.item(itemId);
    const current = this.labels.currentOf(itemId);
    const labels: string[] = [];
    const areas: Record<string, number> = {};
    if (kind === 'severstal') {
      for (const c of STEEL_CLASSES) {
        const area = rleArea(current.get(c) ?? '');
        if (area > 0) {
          labels.push(String(c));
          areas[String(c)] = area;
        }
      }
    } else {
      const payload = current.get(0);
      const bits = payload === undefined ? 0 : Number(payload);
      CT_SUBTYPES.forEach((subtype, i) => {
        if (bits & (1 << i)) labels.push(subtype);
      });
      if (bits) labels.push(ANY);
    }
    return {
      id: item.id,
      index,
      key: item.key,
      ...this.reviewOf(itemId),
      labels,
      areas,
      labelled: current.size > 0,
      patientId: item.patientId,
      seriesUid: item.seriesUid,
      position: item.position,
    };
  }

  /** The ids of a dataset's items that pass the filter, in display order; cached until data changes. */
  private filteredIds(datasetId: number, kind: DatasetKind, filter: ItemFilter): Int32Array {
    const cacheKey = JSON.stringify([datasetId, filter.review ?? null, filter.label ?? null, filter.key ?? null]);
    const stamp = this.stamp(datasetId);
    const cached = this.lists.get(cacheKey);
    if (cached && cached.stamp === stamp) {
      this.lists.delete(cacheKey); // keep the most recently used last
      this.lists.set(cacheKey, cached);
      return cached.ids;
    }
    const ids = this.computeIds(datasetId, kind, filter);
    this.lists.set(cacheKey, { stamp, ids });
    while (this.lists.size > MAX_CACHED_LISTS) this.lists.delete(this.lists.keys().next().value!);
    return ids;
  }

  /** Changes whenever items, label revisions or reviews are added (by this process or another); cheap: rowid maxima. */
  private stamp(datasetId: number): string {
    const row = this.db
      .prepare(
        `SELECT (SELECT MAX(id) FROM label_revisions) AS labels, (SELECT MAX(id) FROM reviews) AS reviews,
                (SELECT MAX(id) FROM items) AS items, (SELECT COUNT(*) FROM datasets) AS datasets`,
      )
      .get() as { labels: number | null; reviews: number | null; items: number | null; datasets: number };
    return `${datasetId}:${row.labels ?? 0}:${row.reviews ?? 0}:${row.items ?? 0}:${row.datasets}`;
  }

  private computeIds(datasetId: number, kind: DatasetKind, filter: ItemFilter): Int32Array {
    const keyPart = filter.key?.trim();
    const all = (
      keyPart
        ? this.db
            .prepare("SELECT id FROM items WHERE dataset_id = ? AND key LIKE ? ESCAPE '\\' ORDER BY sort_index")
            .pluck()
            .all(datasetId, `%${keyPart.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
        : this.db.prepare('SELECT id FROM items WHERE dataset_id = ? ORDER BY sort_index').pluck().all(datasetId)
    ) as number[];
    const reviewWanted = filter.review && filter.review.length > 0 ? new Set<ReviewState>(filter.review) : null;
    if (!reviewWanted && !filter.label) return Int32Array.from(all);

    const reviews = reviewWanted ? this.datasets.reviewStates(datasetId) : null;
    const bits = filter.label ? this.labelBits(datasetId, kind) : null;
    const test = filter.label ? labelTest(kind, filter.label) : null;
    const kept: number[] = [];
    for (const id of all) {
      if (reviewWanted && !reviewWanted.has(reviews!.get(id) ?? 'unreviewed')) continue;
      if (test && bits) {
        const slot = bits.slot(id);
        if (!test(bits.values.present[slot], bits.values.labelled[slot] === 1)) continue;
      }
      kept.push(id);
    }
    return Int32Array.from(kept);
  }

  /** One pass over a dataset's current labels (newest human revision, else truth, per class). */
  private labelBits(datasetId: number, kind: DatasetKind): { values: LabelBits; slot: (id: number) => number } {
    const range = this.db.prepare('SELECT MIN(id) AS lo, MAX(id) AS hi FROM items WHERE dataset_id = ?').get(datasetId) as {
      lo: number | null;
      hi: number | null;
    };
    const lo = range.lo ?? 0;
    const size = range.lo === null ? 0 : range.hi! - lo + 1;
    const values: LabelBits = { present: new Uint8Array(size), labelled: new Uint8Array(size) };
    const fromHuman = new Uint8Array(size); // bit per class: a human revision has been seen
    const rows = this.db
      .prepare(
        `SELECT l.item_id, l.class_id, l.source, l.payload FROM label_revisions l JOIN items i ON i.id = l.item_id
         WHERE i.dataset_id = ? AND l.source IN ('truth', 'human') ORDER BY l.id`,
      )
      .raw()
      .iterate(datasetId) as IterableIterator<[number, number, string, string]>;
    for (const [itemId, classId, source, payload] of rows) {
      const s = itemId - lo;
      const classBit = 1 << classId;
      if (source !== 'human' && fromHuman[s] & classBit) continue;
      if (source === 'human') fromHuman[s] |= classBit;
      values.labelled[s] = 1;
      if (kind === 'severstal') {
        const bit = 1 << (classId - 1);
        values.present[s] = payload.trim() === '' ? values.present[s] & ~bit : values.present[s] | bit;
      } else {
        values.present[s] = Number(payload) & 0x1f;
      }
    }
    return { values, slot: (id) => id - lo };
  }
}

/** Whether an item with these present bits passes a label filter. */
function labelTest(kind: DatasetKind, label: string): (present: number, labelled: boolean) => boolean {
  if (label === 'unlabelled') return (_p, labelled) => !labelled;
  if (label === 'none') return (p, labelled) => labelled && p === 0;
  if (label === ANY) return (p) => p !== 0;
  const steel = STEEL_CLASSES.findIndex((c) => String(c) === label);
  if (kind === 'severstal') return steel < 0 ? () => false : (p) => (p & (1 << steel)) !== 0;
  const subtype = (CT_LABELS as readonly string[]).indexOf(label);
  return subtype < 0 ? () => false : (p) => (p & (1 << subtype)) !== 0;
}

/** Defect pixels of a Kaggle RLE (0 when empty or invalid). */
export function rleArea(rle: string): number {
  if (rle.trim() === '') return 0;
  const parsed = parseRle(rle);
  if (!parsed.ok) return 0;
  let area = 0;
  for (let k = 1; k < parsed.runs.length; k += 2) area += parsed.runs[k];
  return area;
}

/** The current label per class from an item's revisions: newest human, else newest truth. */
function currentLabels(history: { classId: number; source: string; payload: string; author: string; createdAt: string; origin: string | null }[]): CurrentLabel[] {
  const byClass = new Map<number, CurrentLabel>();
  for (const r of history) {
    if (r.source !== 'truth' && r.source !== 'human') continue;
    const held = byClass.get(r.classId);
    if (held && held.source === 'human' && r.source === 'truth') continue;
    byClass.set(r.classId, { classId: r.classId, payload: r.payload, source: r.source, author: r.author, createdAt: r.createdAt, origin: r.origin });
  }
  return [...byClass.values()].sort((a, b) => a.classId - b.classId);
}
