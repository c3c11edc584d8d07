// CT series for the workspace: the patient → study → series tree with review progress, one series a page at a
// time with its slices' current labels, reviews and model probabilities (and the whole series packed small for the
// strip), and the batch writes a range gesture or a series review needs (one transaction each). Labels stay
// append-only revisions through LabelService.
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import type { DatasetService, Dataset } from '../datasets/datasets';
import type { LabelService } from '../labels/labels';
import { requireCurrentBases } from '../labels/base-check';
import type { ReviewState } from '../../../shared/domain';
import type { CtSavedLabel, CtSaveResult, CtSeriesOverview, CtSeriesReview, CtSeriesTree, CtSeriesView, CtSliceRow } from '../../../shared/api/ct-types';
import type { ReviewInfo } from '../../../shared/api/types';
import { buildSeriesTree, parseModelProbabilities, type SeriesSummary } from '../../../shared/ct-series';
import { CT_SERIES_PAGE, encodeSeriesOverview, pageStartOf } from '../../../shared/ct-series-overview';
import { LoupeError, badInput, notFound } from '../../../shared/errors';
import { requireSubtypeBits } from '../../../shared/label-rules';
import { ctThresholdsOf, parseModelCard } from '../../../shared/ml/model-card';

interface SeriesAccumulator extends SeriesSummary {
  itemIds: number[];
}

type SeriesRef = { itemId: number } | { datasetId: number; seriesUid: string };
type SeriesPage = { offset?: number; limit?: number; overview?: boolean };
type RevisionRow = { id?: number; itemId: number; source: string; payload: string; author: string; createdAt: string; origin: string | null };
type ReviewRow = { itemId: number; state: ReviewState; by?: string; at?: string; note?: string | null };

interface ItemMeta {
  instanceNumber?: number | null;
  seriesDescription?: string;
  studyDescription?: string;
  modality?: string;
}

const parseMeta = (text: string | null | undefined): ItemMeta => {
  try {
    return text ? (JSON.parse(text) as ItemMeta) : {};
  } catch {
    return {};
  }
};

export class CtSeriesService {
  private treeCache: { datasetId: number; stamp: string; tree: CtSeriesTree } | null = null;

  constructor(
    private readonly db: Db,
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
    private readonly clock: Clock,
  ) {}

  /** The tree of a CT dataset; computed in one pass over items, labels and reviews, kept until they change. */
  tree(datasetId: number): CtSeriesTree {
    const dataset = this.ctDataset(datasetId);
    const stamp = this.stamp();
    if (this.treeCache && this.treeCache.datasetId === dataset.id && this.treeCache.stamp === stamp) return this.treeCache.tree;

    const series = new Map<string, SeriesAccumulator>();
    const seriesOfItem = new Map<number, SeriesAccumulator>();
    const rows = this.db
      .prepare('SELECT id, patient_id, study_uid, series_uid FROM items WHERE dataset_id = ? ORDER BY sort_index')
      .raw()
      .iterate(dataset.id) as IterableIterator<[number, string | null, string | null, string | null]>;
    for (const [id, patient, study, seriesUid] of rows) {
      const key = `${patient ?? ''}\u0000${study ?? ''}\u0000${seriesUid ?? ''}`;
      let s = series.get(key);
      if (!s) {
        s = { patientId: patient ?? '', studyUid: study ?? '', seriesUid: seriesUid ?? '', studyDescription: '', seriesDescription: '', slices: 0, reviewed: 0, flagged: 0, labelled: 0, positive: 0, firstItemId: id, itemIds: [] };
        series.set(key, s);
      }
      s.slices++;
      s.itemIds.push(id);
      seriesOfItem.set(id, s);
    }

    for (const [itemId, bits] of this.currentBits(dataset.id)) {
      const s = seriesOfItem.get(itemId);
      if (!s) continue;
      s.labelled++;
      if (bits !== 0) s.positive++;
    }
    for (const [itemId, state] of this.datasets.reviewStates(dataset.id)) {
      const s = seriesOfItem.get(itemId);
      if (!s) continue;
      if (state === 'approved' || state === 'flagged') s.reviewed++;
      if (state === 'flagged') s.flagged++;
    }
    const metaOf = this.db.prepare('SELECT meta FROM items WHERE id = ?').pluck();
    const summaries: SeriesSummary[] = [...series.values()].map(({ itemIds: _ids, ...s }) => {
      const meta = parseMeta(metaOf.get(s.firstItemId) as string | undefined);
      return { ...s, studyDescription: meta.studyDescription ?? '', seriesDescription: meta.seriesDescription ?? '' };
    });
    const tree: CtSeriesTree = {
      datasetId: dataset.id,
      patients: buildSeriesTree(summaries),
      series: summaries.length,
      slices: summaries.reduce((n, s) => n + s.slices, 0),
    };
    this.treeCache = { datasetId: dataset.id, stamp, tree };
    return tree;
  }

  /**
   * One series in position order, a page of slices at a time, found by one of its slices (the page that holds
   * it, unless `offset` is given) or by its UID; with the whole series at a glance when `overview` (the default
   * for a first page, asked without `offset`).
   */
  series(ref: SeriesRef & SeriesPage): CtSeriesView {
    const { dataset, seriesUid, item } = this.seriesOf(ref);
    const inSeries = 'FROM items WHERE dataset_id = ? AND series_uid = ?';
    const total = this.db.prepare(`SELECT COUNT(*) ${inSeries}`).pluck().get(dataset.id, seriesUid) as number;
    if (total === 0) throw notFound(`dataset "${dataset.name}" has no series ${seriesUid}`);
    const index = item ? (this.db.prepare(`SELECT COUNT(*) ${inSeries} AND (sort_index, id) < (?, ?)`).pluck().get(dataset.id, seriesUid, item.sortIndex, item.id) as number) : null;
    const limit = ref.limit ?? CT_SERIES_PAGE;
    const offset = ref.offset ?? pageStartOf(index ?? 0, limit);
    const items = this.db
      .prepare(`SELECT id, key, patient_id AS patientId, study_uid AS studyUid, position, meta ${inSeries} ORDER BY sort_index, id LIMIT ? OFFSET ?`)
      .all(dataset.id, seriesUid, limit, offset) as { id: number; key: string; patientId: string | null; studyUid: string | null; position: number | null; meta: string }[];
    const head = items[0] ?? (this.db.prepare(`SELECT patient_id AS patientId, study_uid AS studyUid, meta ${inSeries} ORDER BY sort_index, id LIMIT 1`).get(dataset.id, seriesUid) as (typeof items)[number]);

    const modelSource = this.modelSourceOf(dataset.id, seriesUid);
    const ids = JSON.stringify(items.map((i) => i.id));
    const { current, predictions } = this.labelsOf(
      this.db
        .prepare(`SELECT id, item_id AS itemId, source, payload, author, created_at AS createdAt, origin FROM label_revisions
                  WHERE item_id IN (SELECT value FROM json_each(?)) AND class_id = 0 AND source IN ('truth', 'human', ?) ORDER BY id`)
        .all(ids, modelSource ?? 'truth') as RevisionRow[],
      modelSource,
    );
    const reviews = this.reviewsOf(
      this.db
        .prepare('SELECT item_id AS itemId, state, author AS "by", created_at AS "at", note FROM reviews WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY id')
        .all(ids) as ReviewRow[],
    );
    const slices: CtSliceRow[] = items.map((row, i) => {
      const label = current.get(row.id);
      return {
        itemId: row.id,
        key: row.key,
        index: offset + i,
        position: row.position,
        instanceNumber: parseMeta(row.meta).instanceNumber ?? null,
        bits: label?.bits ?? null,
        labelSource: label?.source ?? null,
        labelAuthor: label?.author ?? null,
        labelAt: label?.createdAt ?? null,
        labelOrigin: label?.origin ?? null,
        labelRevisionId: label?.revisionId ?? null,
        review: reviews.get(row.id)?.state ?? 'unreviewed',
        reviewInfo: reviews.get(row.id) ?? { state: 'unreviewed', by: null, at: null, note: null },
        probabilities: predictions.get(row.id) ?? null,
      };
    });
    const first = parseMeta(head.meta);
    return {
      datasetId: dataset.id,
      datasetName: dataset.name,
      patientId: head.patientId ?? '',
      studyUid: head.studyUid ?? '',
      seriesUid,
      studyDescription: first.studyDescription ?? '',
      seriesDescription: first.seriesDescription ?? '',
      modality: first.modality ?? '',
      modelSource,
      modelThresholds: this.thresholdsOf(modelSource),
      total,
      offset,
      slices,
      index,
      overview: (ref.overview ?? ref.offset === undefined) ? this.overview(dataset.id, seriesUid, modelSource) : null,
    };
  }

  /** Every slice of a series at a glance: one pass over its items, labels and reviews. */
  private overview(datasetId: number, seriesUid: string, modelSource: string | null): CtSeriesOverview {
    const ids = this.db.prepare('SELECT id FROM items WHERE dataset_id = ? AND series_uid = ? ORDER BY sort_index, id').pluck().all(datasetId, seriesUid) as number[];
    const inSeries = 'JOIN items i ON i.id = l.item_id WHERE i.dataset_id = ? AND i.series_uid = ?';
    const { current, predictions } = this.labelsOf(
      this.db
        .prepare(`SELECT l.item_id AS itemId, l.source, l.payload, '' AS author, '' AS createdAt, NULL AS origin FROM label_revisions l ${inSeries}
                  AND l.class_id = 0 AND l.source IN ('truth', 'human', ?) ORDER BY l.id`)
        .all(datasetId, seriesUid, modelSource ?? 'truth') as RevisionRow[],
      modelSource,
    );
    const reviews = this.reviewsOf(this.db.prepare(`SELECT l.item_id AS itemId, l.state FROM reviews l ${inSeries} ORDER BY l.id`).all(datasetId, seriesUid) as ReviewRow[]);
    return encodeSeriesOverview(
      ids.map((itemId) => ({ itemId, bits: current.get(itemId)?.bits ?? null, review: reviews.get(itemId)?.state ?? 'unreviewed', probabilities: predictions.get(itemId) ?? null })),
    );
  }

  /** The current label (newest human, else truth) and the model's probabilities per item, from revisions in id order. */
  private labelsOf(revisions: readonly RevisionRow[], modelSource: string | null) {
    const current = new Map<number, { bits: number; source: 'truth' | 'human'; author: string; createdAt: string; origin: string | null; revisionId: number | null }>();
    const predictions = new Map<number, number[]>();
    for (const r of revisions) {
      if (r.source === 'truth' || r.source === 'human') {
        const held = current.get(r.itemId);
        if (held?.source === 'human' && r.source === 'truth') continue;
        current.set(r.itemId, { bits: Number(r.payload) & 0x1f, source: r.source, author: r.author, createdAt: r.createdAt, origin: r.origin, revisionId: r.id ?? null });
      } else if (r.source === modelSource) {
        const probabilities = parseModelProbabilities(r.payload);
        if (probabilities) predictions.set(r.itemId, probabilities);
      }
    }
    return { current, predictions };
  }

  /** The newest review per item (state, who, when, why), from review rows in id order. */
  private reviewsOf(rows: readonly ReviewRow[]): Map<number, ReviewInfo> {
    return new Map(rows.map((r) => [r.itemId, { state: r.state, by: r.by ?? null, at: r.at ?? null, note: r.note ?? null }]));
  }

  private seriesOf(ref: SeriesRef): { dataset: Dataset; seriesUid: string; item: { id: number; sortIndex: number } | null } {
    if ('itemId' in ref) {
      const item = this.datasets.item(ref.itemId);
      const dataset = this.ctDataset(item.datasetId);
      if (item.seriesUid === null) throw badInput(`slice ${item.key} has no series`);
      const sortIndex = this.db.prepare('SELECT sort_index FROM items WHERE id = ?').pluck().get(item.id) as number;
      return { dataset, seriesUid: item.seriesUid, item: { id: item.id, sortIndex } };
    }
    return { dataset: this.ctDataset(ref.datasetId), seriesUid: ref.seriesUid, item: null };
  }

  /**
   * Saves slices' labels as human revisions in one transaction (the last change of a slice wins), each with the
   * model draft it came from, if any; each slice's review follows the label service's rule (an edit after
   * approval moves the slice back to "in progress").
   */
  saveLabels(changes: readonly CtSavedLabel[], author: string): CtSaveResult & { datasetId: number } {
    const latest = new Map<number, CtSavedLabel>();
    for (const c of changes) {
      requireSubtypeBits(c.bits, `slice ${c.itemId}`);
      latest.set(c.itemId, c);
    }
    let datasetId: number | null = null;
    for (const itemId of latest.keys()) {
      const item = this.datasets.item(itemId);
      if (datasetId === null) datasetId = this.ctDataset(item.datasetId).id;
      else if (item.datasetId !== datasetId) throw badInput('one save holds the slices of one dataset');
    }
    // IMMEDIATE: the base check and the write hold the write lock together, so no save from another
    // process can land between them.
    return this.db.transaction(() => {
      requireCurrentBases(
        this.labels,
        [...latest.values()].map((c) => ({ itemId: c.itemId, classId: 0, base: c.base, same: (theirs) => Number(theirs) === c.bits })),
        'the labels of this slice were saved by someone else since you opened them',
      );
      const revisionIds = this.labels.append(
        [...latest.values()].map((c) => ({ itemId: c.itemId, classId: 0, payload: String(c.bits), origin: c.origin })),
        'human',
        author,
      );
      const approvalsReset = [...latest.keys()].filter((itemId) => this.labels.afterHumanEdit(itemId, author).approvalReset);
      return { revisionIds, approvalsReset, author, savedAt: this.clock.now(), datasetId: datasetId! };
    }).immediate();
  }

  /**
   * Sets the review state of every slice of a series, in one transaction. Approving never passes an unlabelled
   * slice: with `unlabelled: 'refuse'` (the default) such a series is refused with their count; with
   * 'mark-none' they are labelled "none" (a human revision) first.
   */
  reviewSeries(
    datasetId: number,
    seriesUid: string,
    state: ReviewState,
    author: string,
    options: { note?: string | null; unlabelled?: 'refuse' | 'mark-none' } = {},
  ): CtSeriesReview {
    const dataset = this.ctDataset(datasetId);
    const ids = this.db.prepare('SELECT id FROM items WHERE dataset_id = ? AND series_uid = ? ORDER BY sort_index').pluck().all(dataset.id, seriesUid) as number[];
    if (ids.length === 0) throw notFound(`dataset "${dataset.name}" has no series ${seriesUid}`);
    const unlabelled = state === 'approved' ? ids.filter((id) => !this.labels.hasLabel(id)) : [];
    if (unlabelled.length && (options.unlabelled ?? 'refuse') === 'refuse') {
      throw new LoupeError(
        'conflict',
        `${unlabelled.length} of the ${ids.length} slices of this series have no label: label them, or approve with the unlabelled slices marked "none"`,
      );
    }
    const note = options.note?.trim() ? options.note.trim() : null;
    this.db.transaction(() => {
      if (unlabelled.length) this.labels.append(unlabelled.map((itemId) => ({ itemId, classId: 0, payload: '0' })), 'human', author);
      ids.forEach((id) => this.labels.setReview(id, state, author, note));
    })();
    return { seriesUid, state, slices: ids.length, markedNone: unlabelled.length };
  }

  private ctDataset(datasetId: number): Dataset {
    const dataset = this.datasets.get(datasetId);
    if (dataset.kind !== 'rsna') throw badInput(`dataset "${dataset.name}" holds steel strips, not CT series`);
    return dataset;
  }

  /** The active CT model's source when it has predicted this series, else the newest model source present. */
  private modelSourceOf(datasetId: number, seriesUid: string): string | null {
    const present = this.db
      .prepare(`SELECT l.source FROM label_revisions l JOIN items i ON i.id = l.item_id
                WHERE i.dataset_id = ? AND i.series_uid = ? AND l.class_id = 0 AND l.source LIKE 'model:%'
                GROUP BY l.source ORDER BY MAX(l.id)`)
      .pluck()
      .all(datasetId, seriesUid) as string[];
    const active = this.db.prepare("SELECT version FROM models WHERE task = 'ct' AND active = 1").pluck().get() as string | undefined;
    if (active !== undefined && present.includes(`model:${active}`)) return `model:${active}`;
    return present.length > 0 ? present[present.length - 1] : null;
  }

  /**
   * The thresholds of the model behind a `model:<version>` source: its card's, the defaults when the card has
   * none or the version is not in the registry (predictions written by another tool); an average of several
   * versions ('model:a+b') takes its first version's.
   */
  private thresholdsOf(source: string | null): number[] | null {
    if (source === null) return null;
    const version = source.slice('model:'.length).split('+')[0];
    const text = this.db.prepare('SELECT card FROM models WHERE version = ?').pluck().get(version) as string | undefined;
    if (text === undefined) return ctThresholdsOf({});
    try {
      const card = parseModelCard(JSON.parse(text), `card of model ${version}`);
      return card.task === 'ct' ? ctThresholdsOf(card) : ctThresholdsOf({});
    } catch {
      return ctThresholdsOf({}); // the registry checked the card when it came in; a damaged one still gets a draft
    }
  }

  /** Current class-0 bits of every labelled item of a dataset (newest human, else truth). */
  private currentBits(datasetId: number): Map<number, number> {
    const rows = this.db
      .prepare(`SELECT l.item_id, l.source, l.payload FROM label_revisions l JOIN items i ON i.id = l.item_id
                WHERE i.dataset_id = ? AND l.class_id = 0 AND l.source IN ('truth', 'human') ORDER BY l.id`)
      .raw()
      .iterate(datasetId) as IterableIterator<[number, string, string]>;
    const bits = new Map<number, number>();
    const human = new Set<number>();
    for (const [itemId, source, payload] of rows) {
      if (source === 'truth' && human.has(itemId)) continue;
      if (source === 'human') human.add(itemId);
      bits.set(itemId, Number(payload) & 0x1f);
    }
    return bits;
  }

  /** Changes whenever items, label revisions or reviews are added: cheap rowid maxima. */
  private stamp(): string {
    const row = this.db
      .prepare('SELECT (SELECT MAX(id) FROM label_revisions) AS l, (SELECT MAX(id) FROM reviews) AS r, (SELECT MAX(id) FROM items) AS i')
      .get() as { l: number | null; r: number | null; i: number | null };
    return `${row.l ?? 0}:${row.r ?? 0}:${row.i ?? 0}`;
  }
}
