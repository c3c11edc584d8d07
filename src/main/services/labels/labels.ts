// Label revisions (append-only) and review states. The current label of an item/class is its newest
// human revision, else its truth; model revisions are kept apart and never become "current". What a
// person saves is checked against the label rules of the item's dataset kind (shared/label-rules.ts).
import type { Db } from '../../db/database';
import type { LabelSource, ReviewState } from '../../../shared/domain';
import type { Clock } from '../clock';
import type { DatasetService } from '../datasets/datasets';
import { badInput } from '../../../shared/errors';
import { requireLabelFits } from '../../../shared/label-rules';

/** Which labels to read: the imported truth, the current (human else truth), or a model version's. */
export type LabelView = 'truth' | 'current' | `model:${string}`;

export interface LabelRevision {
  id: number;
  itemId: number;
  classId: number;
  source: LabelSource;
  payload: string;
  author: string;
  createdAt: string;
}

export interface NewRevision {
  itemId: number;
  classId: number;
  payload: string;
}

const REVISION_COLUMNS = 'id, item_id AS itemId, class_id AS classId, source, payload, author, created_at AS createdAt';

export class LabelService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly datasets: DatasetService,
  ) {}

  /**
   * A person's labels of one item as new human revisions (one transaction), after checking each class
   * against the rules of the item's dataset kind. Returns the item's dataset and the new revisions.
   */
  saveHuman(itemId: number, classes: readonly { classId: number; payload: string }[], author: string): { datasetId: number; revisionIds: number[] } {
    const item = this.datasets.item(itemId);
    const kind = this.datasets.get(item.datasetId).kind;
    for (const c of classes) requireLabelFits(kind, c.classId, c.payload);
    const revisionIds = this.append(classes.map((c) => ({ itemId, classId: c.classId, payload: c.payload })), 'human', author);
    return { datasetId: item.datasetId, revisionIds };
  }

  /**
   * The labels of every item of a dataset as seen from `view`: itemId → classId → payload.
   * Items or classes with no revision in that view are absent (an empty mask / no haemorrhage).
   */
  labelsOf(datasetId: number, view: LabelView): Map<number, Map<number, string>> {
    const sources = view === 'current' ? ['truth', 'human'] : [view];
    const rows = this.db
      .prepare(
        `SELECT l.item_id AS itemId, l.class_id AS classId, l.source, l.payload FROM label_revisions l
         JOIN items i ON i.id = l.item_id
         WHERE i.dataset_id = ? AND l.source IN (${sources.map(() => '?').join(',')})
         ORDER BY l.id`,
      )
      .raw()
      .iterate(datasetId, ...sources) as IterableIterator<[number, number, string, string]>;
    return foldLabels(rows);
  }

  /**
   * labelsOf for some items only (a page of an export), by the same rule. The rows come in the index's order
   * (item, class, source, id): every item's newest human revision follows its others, so the fold picks the
   * same label, and no sort over the revision table is needed.
   */
  labelsOfItems(itemIds: readonly number[], view: LabelView): Map<number, Map<number, string>> {
    if (itemIds.length === 0) return new Map();
    const sources = view === 'current' ? ['truth', 'human'] : [view];
    const rows = this.db
      .prepare(
        `SELECT item_id, class_id, source, payload FROM label_revisions
         WHERE item_id IN (SELECT value FROM json_each(?)) AND source IN (${sources.map(() => '?').join(',')})
         ORDER BY item_id, class_id, source, id`,
      )
      .raw()
      .all(JSON.stringify(itemIds), ...sources) as [number, number, string, string][];
    return foldLabels(rows);
  }

  /** The current label of one item: classId → payload. */
  currentOf(itemId: number): Map<number, string> {
    const rows = this.db
      .prepare(`SELECT class_id AS classId, source, payload FROM label_revisions
                WHERE item_id = ? AND source IN ('truth', 'human') ORDER BY id`)
      .all(itemId) as { classId: number; source: string; payload: string }[];
    const current = new Map<number, string>();
    const fromHuman = new Set<number>();
    for (const r of rows) {
      if (r.source !== 'human' && fromHuman.has(r.classId)) continue;
      if (r.source === 'human') fromHuman.add(r.classId);
      current.set(r.classId, r.payload);
    }
    return current;
  }

  /** Appends revisions of one source and author in a single transaction; returns their ids. */
  append(revisions: NewRevision[], source: LabelSource, author: string): number[] {
    if (!author.trim()) throw badInput('a label revision needs an author');
    const insert = this.db.prepare(
      'INSERT INTO label_revisions (item_id, class_id, source, payload, author, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const now = this.clock.now();
    return this.db.transaction(() =>
      revisions.map((r) => Number(insert.run(r.itemId, r.classId, source, r.payload, author, now).lastInsertRowid)),
    )();
  }

  /** Every revision of an item, oldest first. */
  history(itemId: number): LabelRevision[] {
    return this.db.prepare(`SELECT ${REVISION_COLUMNS} FROM label_revisions WHERE item_id = ? ORDER BY id`).all(itemId) as LabelRevision[];
  }

  setReview(itemId: number, state: ReviewState, author: string): void {
    this.db
      .prepare('INSERT INTO reviews (item_id, state, author, created_at) VALUES (?, ?, ?, ?)')
      .run(itemId, state, author, this.clock.now());
  }

  reviewOf(itemId: number): ReviewState {
    const row = this.db.prepare('SELECT state FROM reviews WHERE item_id = ? ORDER BY id DESC LIMIT 1').get(itemId) as
      | { state: ReviewState }
      | undefined;
    return row?.state ?? 'unreviewed';
  }
}

/** itemId → classId → payload from revisions in id order per slot; a human revision outranks any truth. */
function foldLabels(rows: Iterable<[number, number, string, string]>): Map<number, Map<number, string>> {
  const labels = new Map<number, Map<number, string>>();
  const fromHuman = new Set<string>();
  for (const [itemId, classId, source, payload] of rows) {
    const slot = `${itemId}:${classId}`;
    if (source !== 'human' && fromHuman.has(slot)) continue; // a human revision outranks any truth
    if (source === 'human') fromHuman.add(slot);
    let classes = labels.get(itemId);
    if (!classes) labels.set(itemId, (classes = new Map()));
    classes.set(classId, payload);
  }
  return labels;
}
