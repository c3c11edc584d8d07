// Double reading: a reviewer assigns items to two or more readers, blind to each other, with honeypots (items
// with known truth) mixed in; each reader sees and saves only their own reading. Readings are kept apart from the
// label revisions: an item's label changes only when a reviewer adjudicates (adjudication.ts).
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import type { DatasetService } from '../datasets/datasets';
import type { MyReading, ReadClass, ReaderLabels, ReadingAssignment, ReadingTaskView } from '../../../shared/api/reading-types';
import { LoupeError, badInput, notFound } from '../../../shared/errors';
import { requireLabelFits } from '../../../shared/label-rules';

export interface AssignOptions {
  datasetId: number;
  readers: readonly string[];
  /** The items to read; absent: the dataset's items nobody has been assigned yet, up to `count`. */
  itemIds?: readonly number[];
  count?: number;
  /** How many honeypots (items with truth or approved, not among the items) to mix into every reader's queue. */
  honeypots?: number;
  assignedBy: string;
}

const TASK_COLUMNS = `t.item_id AS itemId, i.dataset_id AS datasetId, d.name AS datasetName, d.kind AS kind, i.key AS key,
  i.series_uid AS seriesUid, t.assigned_by AS assignedBy, t.assigned_at AS assignedAt, t.done_at AS doneAt`;

export class ReadingService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly datasets: DatasetService,
    /** The names of the team's active accounts (empty outside team mode: any name reads). */
    private readonly accounts: () => string[] = () => [],
  ) {}

  assign(options: AssignOptions): ReadingAssignment {
    const dataset = this.datasets.get(options.datasetId);
    const readers = [...new Set(options.readers.map((r) => r.trim()).filter(Boolean))];
    if (readers.length < 2) throw badInput('double reading needs at least two different readers');
    const known = this.accounts();
    const unknown = known.length > 0 ? readers.filter((r) => !known.includes(r)) : [];
    if (unknown.length > 0) throw badInput(`no active account named ${unknown.join(', ')}`);
    const now = this.clock.now();
    return this.db
      .transaction(() => {
        const items = options.itemIds ? this.checkItems(dataset.id, options.itemIds) : this.unassignedItems(dataset.id, options.count ?? 20);
        const honeypots = this.honeypotCandidates(dataset.id, items, options.honeypots ?? 0);
        const insert = this.db.prepare(
          `INSERT INTO reading_tasks (item_id, reader, honeypot, assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (item_id, reader) DO NOTHING`,
        );
        let tasks = 0;
        for (const reader of readers) {
          for (const itemId of items) tasks += insert.run(itemId, reader, 0, options.assignedBy, now).changes;
          for (const itemId of honeypots) tasks += insert.run(itemId, reader, 1, options.assignedBy, now).changes;
        }
        return { tasks, items: items.length, honeypots: honeypots.length, readers };
      })
      .immediate();
  }

  /** A reader's queue, in the dataset's order (honeypots among the others, indistinguishable). */
  queueOf(reader: string, includeDone = true): ReadingTaskView[] {
    return this.db
      .prepare(
        `SELECT ${TASK_COLUMNS} FROM reading_tasks t JOIN items i ON i.id = t.item_id JOIN datasets d ON d.id = i.dataset_id
         WHERE t.reader = ? ${includeDone ? '' : 'AND t.done_at IS NULL'} ORDER BY d.id, i.sort_index`,
      )
      .all(reader) as ReadingTaskView[];
  }

  /** The reader's own reading of an item (not found when the item is not in their queue). */
  open(reader: string, itemId: number): MyReading {
    const task = this.taskOf(reader, itemId);
    const item = this.datasets.item(itemId);
    const view = this.db
      .prepare(`SELECT ${TASK_COLUMNS} FROM reading_tasks t JOIN items i ON i.id = t.item_id JOIN datasets d ON d.id = i.dataset_id WHERE t.id = ?`)
      .get(task) as ReadingTaskView;
    return { ...view, classes: this.classesOf(task), width: item.width, height: item.height };
  }

  /** Saves the reader's labels of an item (classes not sent keep what they held) and marks the task read. */
  save(reader: string, itemId: number, classes: readonly ReadClass[]): MyReading {
    const task = this.taskOf(reader, itemId);
    const item = this.datasets.item(itemId);
    const kind = this.datasets.get(item.datasetId).kind;
    const decided = this.db.prepare('SELECT adjudicated_by FROM adjudications WHERE item_id = ?').pluck().get(itemId) as string | undefined;
    if (decided !== undefined) throw new LoupeError('conflict', `${item.key} has been decided by ${decided}: its readings are closed`);
    for (const c of classes) requireLabelFits(kind, c.classId, c.payload);
    const now = this.clock.now();
    this.db
      .transaction(() => {
        const upsert = this.db.prepare(
          `INSERT INTO readings (task_id, class_id, payload, saved_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (task_id, class_id) DO UPDATE SET payload = excluded.payload, saved_at = excluded.saved_at`,
        );
        for (const c of classes) upsert.run(task, c.classId, c.payload, now);
        this.db.prepare('UPDATE reading_tasks SET done_at = ? WHERE id = ?').run(now, task);
      })
      .immediate();
    return this.open(reader, itemId);
  }

  /**
   * True while the item's label must stay hidden from the reader: they have a reading of it and no reviewer has
   * decided it yet (a honeypot is never adjudicated, so its truth stays hidden from its readers).
   */
  isReading(reader: string, itemId: number): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM reading_tasks t WHERE t.reader = ? AND t.item_id = ? AND NOT EXISTS (SELECT 1 FROM adjudications a WHERE a.item_id = t.item_id)')
        .get(reader, itemId) !== undefined
    );
  }

  /** Of these items, those whose label is hidden from the reader (isReading for each, in one query). */
  hiddenOf(reader: string, itemIds: readonly number[]): Set<number> {
    if (itemIds.length === 0) return new Set();
    const rows = this.db
      .prepare(
        `SELECT t.item_id FROM reading_tasks t WHERE t.reader = ? AND t.item_id IN (SELECT value FROM json_each(?))
           AND NOT EXISTS (SELECT 1 FROM adjudications a WHERE a.item_id = t.item_id)`,
      )
      .pluck()
      .all(reader, JSON.stringify(itemIds)) as number[];
    return new Set(rows);
  }

  /** Every reader's labels of one item, by reader name (for the adjudication view and the agreement). */
  readersOf(itemId: number): ReaderLabels[] {
    const tasks = this.db.prepare('SELECT id, reader, done_at AS doneAt FROM reading_tasks WHERE item_id = ? ORDER BY reader').all(itemId) as {
      id: number;
      reader: string;
      doneAt: string | null;
    }[];
    return tasks.map((t) => ({ reader: t.reader, doneAt: t.doneAt, classes: this.classesOf(t.id) }));
  }

  private classesOf(taskId: number): ReadClass[] {
    return this.db.prepare('SELECT class_id AS classId, payload FROM readings WHERE task_id = ? ORDER BY class_id').all(taskId) as ReadClass[];
  }

  private taskOf(reader: string, itemId: number): number {
    const row = this.db.prepare('SELECT id FROM reading_tasks WHERE reader = ? AND item_id = ?').get(reader, itemId) as { id: number } | undefined;
    if (!row) throw notFound(`item ${itemId} is not in ${reader}'s readings`);
    return row.id;
  }

  private checkItems(datasetId: number, itemIds: readonly number[]): number[] {
    const ids = [...new Set(itemIds)];
    const found = this.db
      .prepare('SELECT id FROM items WHERE dataset_id = ? AND id IN (SELECT value FROM json_each(?)) ORDER BY sort_index')
      .pluck()
      .all(datasetId, JSON.stringify(ids)) as number[];
    if (found.length !== ids.length) throw badInput(`${ids.length - found.length} of the items are not in this dataset`);
    return found;
  }

  private unassignedItems(datasetId: number, count: number): number[] {
    return this.db
      .prepare(
        `SELECT i.id FROM items i WHERE i.dataset_id = ? AND NOT EXISTS (SELECT 1 FROM reading_tasks t WHERE t.item_id = i.id)
         ORDER BY i.sort_index LIMIT ?`,
      )
      .pluck()
      .all(datasetId, count) as number[];
  }

  /** Items with known truth (imported truth, or approved by a reviewer) that are not being read already. */
  private honeypotCandidates(datasetId: number, items: readonly number[], count: number): number[] {
    if (count <= 0) return [];
    return this.db
      .prepare(
        `SELECT i.id FROM items i
         WHERE i.dataset_id = ? AND i.id NOT IN (SELECT value FROM json_each(?))
           AND NOT EXISTS (SELECT 1 FROM reading_tasks t WHERE t.item_id = i.id AND t.honeypot = 0)
           AND (EXISTS (SELECT 1 FROM label_revisions l WHERE l.item_id = i.id AND l.source = 'truth')
                OR (SELECT r.state FROM reviews r WHERE r.item_id = i.id ORDER BY r.id DESC LIMIT 1) = 'approved')
         ORDER BY i.sort_index LIMIT ?`,
      )
      .pluck()
      .all(datasetId, JSON.stringify(items), count) as number[];
  }
}
