// Label revisions (append-only) and review states. The current label of an item/class is its newest
// human revision, else its truth; model revisions are kept apart and never become "current". What a
// person saves is checked against the label rules of the item's dataset kind (shared/label-rules.ts).
import type { Db } from '../../db/database';
import type { LabelSource, ReviewState } from '../../../shared/domain';
import type { Clock } from '../clock';
import type { DatasetService } from '../datasets/datasets';
import type { ReviewInfo } from '../../../shared/api/types';
import { LoupeError, badInput } from '../../../shared/errors';
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
  /** Where a person's revision started: `model:<version>` when edited from (or accepted as) that model's draft. */
  origin: string | null;
}

export interface NewRevision {
  itemId: number;
  classId: number;
  payload: string;
  /** For a person's revision: the model draft it was edited from, `model:<version>`. */
  origin?: string | null;
}

/** What a person's save did to the item's review. */
export interface ReviewAfterEdit {
  review: ReviewInfo;
  /** True when the item was approved and the edit moved it back to "in progress". */
  approvalReset: boolean;
}

/** The note an approved item's review gets when a person edits its labels afterwards. */
export const EDITED_AFTER_APPROVAL = 'edited after approval';

const REVISION_COLUMNS = 'id, item_id AS itemId, class_id AS classId, source, payload, author, created_at AS createdAt, origin';
const NEVER_REVIEWED: ReviewInfo = { state: 'unreviewed', by: null, at: null, note: null };

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
  saveHuman(
    itemId: number,
    classes: readonly { classId: number; payload: string; origin?: string | null }[],
    author: string,
  ): { datasetId: number; revisionIds: number[] } & ReviewAfterEdit {
    const item = this.datasets.item(itemId);
    const kind = this.datasets.get(item.datasetId).kind;
    for (const c of classes) requireLabelFits(kind, c.classId, c.payload);
    return this.db.transaction(() => {
      const revisionIds = this.append(classes.map((c) => ({ itemId, classId: c.classId, payload: c.payload, origin: c.origin })), 'human', author);
      return { datasetId: item.datasetId, revisionIds, ...this.afterHumanEdit(itemId, author) };
    })();
  }

  /**
   * What a person's new label does to the item's review (call it in the save's transaction): a first label moves
   * an unreviewed item to "in progress"; an edit after approval moves it back to "in progress" and says so;
   * a flagged item stays flagged (its flag is a question someone still has to answer).
   */
  afterHumanEdit(itemId: number, author: string): ReviewAfterEdit {
    const review = this.reviewInfoOf(itemId);
    if (review.state === 'unreviewed') return { review: this.setReview(itemId, 'in_progress', author), approvalReset: false };
    if (review.state === 'approved') return { review: this.setReview(itemId, 'in_progress', author, EDITED_AFTER_APPROVAL), approvalReset: true };
    return { review, approvalReset: false };
  }

  /**
   * Sets an item's review state as a person asked. Approving needs a label: an item with neither truth nor a
   * person's revision cannot be approved (that would pass a slice or strip nobody labelled).
   */
  review(itemId: number, state: ReviewState, author: string, note: string | null = null): ReviewInfo {
    if (state === 'approved' && !this.hasLabel(itemId)) {
      const item = this.datasets.item(itemId);
      throw new LoupeError('conflict', `${item.key} has no label yet: label it (or mark it as having none) before approving it`);
    }
    return this.setReview(itemId, state, author, note?.trim() ? note.trim() : null);
  }

  /** True when the item has imported truth or a person's revision (of any class). */
  hasLabel(itemId: number): boolean {
    return this.db.prepare("SELECT 1 FROM label_revisions WHERE item_id = ? AND source IN ('truth', 'human') LIMIT 1").get(itemId) !== undefined;
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

  /** The model sources (`model:<version>`) that hold a prediction of one item, in the order they first predicted it. */
  modelSourcesOf(itemId: number): string[] {
    return this.db
      .prepare("SELECT source FROM label_revisions WHERE item_id = ? AND source LIKE 'model:%' GROUP BY source ORDER BY MIN(id)")
      .pluck()
      .all(itemId) as string[];
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

  /** The revision behind each class's current label (newest human, else newest truth): classId → revision. */
  currentRevisionsOf(itemId: number): Map<number, LabelRevision> {
    const rows = this.db
      .prepare(`SELECT ${REVISION_COLUMNS} FROM label_revisions WHERE item_id = ? AND source IN ('truth', 'human') ORDER BY id`)
      .all(itemId) as LabelRevision[];
    const current = new Map<number, LabelRevision>();
    for (const r of rows) {
      if (r.source !== 'human' && current.get(r.classId)?.source === 'human') continue;
      current.set(r.classId, r);
    }
    return current;
  }

  /** Appends revisions of one source and author in a single transaction; returns their ids. */
  append(revisions: NewRevision[], source: LabelSource, author: string): number[] {
    if (!author.trim()) throw badInput('a label revision needs an author');
    const insert = this.db.prepare(
      'INSERT INTO label_revisions (item_id, class_id, source, payload, author, created_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const now = this.clock.now();
    return this.db.transaction(() =>
      revisions.map((r) => {
        // Only a person's revision has an origin: a model's is its own source, truth comes from a file.
        const origin = source === 'human' ? (r.origin ?? null) : null;
        return Number(insert.run(r.itemId, r.classId, source, r.payload, author, now, origin).lastInsertRowid);
      }),
    )();
  }

  /** Every revision of an item, oldest first. */
  history(itemId: number): LabelRevision[] {
    return this.db.prepare(`SELECT ${REVISION_COLUMNS} FROM label_revisions WHERE item_id = ? ORDER BY id`).all(itemId) as LabelRevision[];
  }

  /** Records a review state (no checks: `review` is what a person's request goes through). */
  setReview(itemId: number, state: ReviewState, author: string, note: string | null = null): ReviewInfo {
    const at = this.clock.now();
    this.db.prepare('INSERT INTO reviews (item_id, state, author, created_at, note) VALUES (?, ?, ?, ?, ?)').run(itemId, state, author, at, note);
    return { state, by: author, at, note };
  }

  reviewOf(itemId: number): ReviewState {
    return this.reviewInfoOf(itemId).state;
  }

  /** The item's review as it stands: its newest review row (who, when, why), or "unreviewed" with nobody. */
  reviewInfoOf(itemId: number): ReviewInfo {
    const row = this.db
      .prepare('SELECT state, author AS "by", created_at AS "at", note FROM reviews WHERE item_id = ? ORDER BY id DESC LIMIT 1')
      .get(itemId) as ReviewInfo | undefined;
    return row ?? NEVER_REVIEWED;
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
