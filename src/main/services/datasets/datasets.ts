// Datasets and their items: lookup by name or id, display order, summary counts; renaming and deleting a
// dataset (only its own rows go: items, revisions, reviews, prediction maps; its jobs lose their link; model
// versions stay; files on disk are never touched); the folder the workstation watches for it.
import type { Db, Statement } from '../../db/database';
import type { DatasetKind, ReviewState } from '../../../shared/domain';
import { notFound } from '../../../shared/errors';
import type { DatasetWarning } from '../../../shared/api/types';
import { checkDatasetName } from './dataset-names';

export interface Dataset {
  id: number;
  name: string;
  kind: DatasetKind;
  root: string;
  labelsFile: string | null;
  createdAt: string;
}

export interface DatasetSummary extends Dataset {
  items: number;
  reviewed: number;
  /** Items with imported truth or a person's label / with neither. */
  labelled: number;
  unlabelled: number;
  labels: { truth: number; human: number; model: number };
  warnings: DatasetWarning[];
  watchFolder: string | null;
}

/** What a dataset keeps beside its columns (datasets.meta, JSON). */
interface DatasetMeta {
  /** What its imports and batches warned about, files per reason. */
  warnings?: DatasetWarning[];
  /** The folder the workstation watches for new files ("Watch folder"): resumed when the workstation starts. */
  watch?: { folder: string };
}

/** A deleted dataset: what it held. */
export interface DeletedDataset {
  id: number;
  name: string;
  items: number;
}

export interface Item {
  id: number;
  datasetId: number;
  key: string;
  path: string;
  width: number;
  height: number;
  frames: number;
  patientId: string | null;
  studyUid: string | null;
  seriesUid: string | null;
  position: number | null;
  sortIndex: number;
}

interface DatasetRow {
  id: number;
  name: string;
  kind: DatasetKind;
  root: string;
  labels_file: string | null;
  created_at: string;
  meta: string;
}

const toDataset = (r: DatasetRow): Dataset => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  root: r.root,
  labelsFile: r.labels_file,
  createdAt: r.created_at,
});

const ITEM_COLUMNS = `id, dataset_id AS datasetId, key, path, width, height, frames, patient_id AS patientId,
  study_uid AS studyUid, series_uid AS seriesUid, position, sort_index AS sortIndex`;

export class DatasetService {
  constructor(private readonly db: Db) {}

  list(): Dataset[] {
    return (this.db.prepare('SELECT * FROM datasets ORDER BY id').all() as DatasetRow[]).map(toDataset);
  }

  /** A dataset by its id or its name (`<dataset>` on the command line). */
  get(ref: string | number): Dataset {
    const row = (
      typeof ref === 'number' || /^\d+$/.test(ref)
        ? (this.db.prepare('SELECT * FROM datasets WHERE id = ? OR name = ?').get(Number(ref), String(ref)) as DatasetRow)
        : (this.db.prepare('SELECT * FROM datasets WHERE name = ?').get(ref) as DatasetRow)
    ) as DatasetRow | undefined;
    if (!row) throw notFound(`no dataset named or numbered "${ref}"`);
    return toDataset(row);
  }

  summaries(): DatasetSummary[] {
    // An item's review state is its newest review row.
    const reviewed = this.db.prepare(`
      SELECT COUNT(*) AS n FROM reviews r JOIN items i ON i.id = r.item_id
      WHERE i.dataset_id = ? AND r.state IN ('approved', 'flagged') AND r.id = (SELECT MAX(n.id) FROM reviews n WHERE n.item_id = r.item_id)`);
    const items = this.db.prepare('SELECT COUNT(*) AS n FROM items WHERE dataset_id = ?');
    const labels = this.db.prepare(`
      SELECT COALESCE(SUM(CASE WHEN l.source = 'truth' THEN 1 ELSE 0 END), 0) AS truth,
             COALESCE(SUM(CASE WHEN l.source = 'human' THEN 1 ELSE 0 END), 0) AS human,
             COALESCE(SUM(CASE WHEN l.source LIKE 'model:%' THEN 1 ELSE 0 END), 0) AS model,
             COUNT(DISTINCT CASE WHEN l.source IN ('truth', 'human') THEN l.item_id END) AS labelledItems
      FROM label_revisions l JOIN items i ON i.id = l.item_id WHERE i.dataset_id = ?`);
    const count = (statement: Statement, id: number) => (statement.get(id) as { n: number }).n;
    return this.list().map((d) => {
      const { labelledItems, ...revisions } = labels.get(d.id) as DatasetSummary['labels'] & { labelledItems: number };
      const total = count(items, d.id);
      const meta = this.meta(d.id);
      return {
        ...d,
        items: total,
        reviewed: count(reviewed, d.id),
        labelled: labelledItems,
        unlabelled: total - labelledItems,
        labels: revisions,
        warnings: meta.warnings ?? [],
        watchFolder: meta.watch?.folder ?? null,
      };
    });
  }

  /** Gives a dataset another name (the same rule as an import's name); returns it renamed. */
  rename(ref: string | number, wanted: string): Dataset {
    const dataset = this.get(ref);
    const name = checkDatasetName(this.db, wanted, dataset.id);
    this.db.prepare('UPDATE datasets SET name = ? WHERE id = ?').run(name, dataset.id);
    return { ...dataset, name };
  }

  /**
   * Deletes a dataset and only its rows, in one transaction: its items and, with them (the schema's cascades),
   * their label revisions, reviews and prediction maps; its jobs stay in the job list without their dataset.
   * Model versions stay, whatever they were trained on. No file on disk is touched.
   */
  delete(ref: string | number): DeletedDataset {
    const dataset = this.get(ref);
    return this.db.transaction(() => {
      const items = (this.db.prepare('SELECT COUNT(*) AS n FROM items WHERE dataset_id = ?').get(dataset.id) as { n: number }).n;
      this.db.prepare('DELETE FROM datasets WHERE id = ?').run(dataset.id);
      return { id: dataset.id, name: dataset.name, items };
    })();
  }

  /** The folder watched for a dataset, or null. */
  watchFolder(ref: string | number): string | null {
    return this.meta(this.get(ref).id).watch?.folder ?? null;
  }

  /** Remembers (or forgets, with null) the folder the workstation watches for a dataset. */
  setWatchFolder(ref: string | number, folder: string | null): void {
    const dataset = this.get(ref);
    const meta = this.meta(dataset.id);
    if (folder === null) delete meta.watch;
    else meta.watch = { folder };
    this.db.prepare('UPDATE datasets SET meta = ? WHERE id = ?').run(JSON.stringify(meta), dataset.id);
  }

  /** Every dataset with a watched folder: what the workstation resumes when it starts. */
  watchedFolders(): { datasetId: number; folder: string }[] {
    return this.list().flatMap((d) => {
      const folder = this.meta(d.id).watch?.folder;
      return folder ? [{ datasetId: d.id, folder }] : [];
    });
  }

  private meta(datasetId: number): DatasetMeta {
    const row = this.db.prepare('SELECT meta FROM datasets WHERE id = ?').get(datasetId) as { meta: string } | undefined;
    try {
      return (JSON.parse(row?.meta || '{}') as DatasetMeta) ?? {};
    } catch {
      return {};
    }
  }

  /** Items in display order: by key for steel, patient → study → series → position for CT. */
  items(datasetId: number): Item[] {
    return this.db.prepare(`SELECT ${ITEM_COLUMNS} FROM items WHERE dataset_id = ? ORDER BY sort_index`).all(datasetId) as Item[];
  }

  item(itemId: number): Item {
    const row = this.db.prepare(`SELECT ${ITEM_COLUMNS} FROM items WHERE id = ?`).get(itemId) as Item | undefined;
    if (!row) throw notFound(`no item ${itemId}`);
    return row;
  }

  /** The newest review state of every item of a dataset (items never reviewed are absent). */
  reviewStates(datasetId: number): Map<number, ReviewState> {
    const rows = this.db
      .prepare(`SELECT r.item_id AS itemId, r.state FROM reviews r JOIN items i ON i.id = r.item_id
                WHERE i.dataset_id = ? ORDER BY r.id`)
      .all(datasetId) as { itemId: number; state: ReviewState }[];
    return new Map(rows.map((r) => [r.itemId, r.state]));
  }
}
