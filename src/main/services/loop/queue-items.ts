// The items a queue or the QA page reads, a page at a time in display order (a dataset can hold 752k
// slices: never all at once), and the few facts a scorer needs of each.
import type { Db } from '../../db/database';

/** An item as the scorers see it. */
export interface QueueItem {
  id: number;
  key: string;
  width: number;
  height: number;
  seriesUid: string | null;
  /** Display order in the dataset. */
  sortIndex: number;
}

const COLUMNS = 'id, key, width, height, series_uid AS seriesUid, sort_index AS sortIndex';

/** Pages of a dataset's items in display order. */
export function* itemPages(db: Db, datasetId: number, pageSize: number): Generator<QueueItem[]> {
  const page = db.prepare(`SELECT ${COLUMNS} FROM items WHERE dataset_id = ? AND sort_index > ? ORDER BY sort_index LIMIT ?`);
  let after = -1;
  for (;;) {
    const rows = page.all(datasetId, after, pageSize) as QueueItem[];
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1].sortIndex;
  }
}

/** Some items by id, in display order. */
export function itemsById(db: Db, ids: Iterable<number>): QueueItem[] {
  const list = [...ids];
  if (list.length === 0) return [];
  return db
    .prepare(`SELECT ${COLUMNS} FROM items WHERE id IN (SELECT value FROM json_each(?)) ORDER BY dataset_id, sort_index`)
    .all(JSON.stringify(list)) as QueueItem[];
}

/** Every item of the series the given items belong to (in display order), items without a series as themselves. */
export function wholeSeriesOf(db: Db, datasetId: number, items: readonly QueueItem[]): QueueItem[] {
  const series = [...new Set(items.map((i) => i.seriesUid).filter((s): s is string => s !== null))];
  const loose = items.filter((i) => i.seriesUid === null);
  const members = series.length
    ? (db
        .prepare(`SELECT ${COLUMNS} FROM items WHERE dataset_id = ? AND series_uid IN (SELECT value FROM json_each(?)) ORDER BY sort_index`)
        .all(datasetId, JSON.stringify(series)) as QueueItem[])
    : [];
  return [...members, ...loose].sort((a, b) => a.sortIndex - b.sortIndex);
}

/** Consecutive runs of items of one series (display order keeps a series together). */
export function seriesRuns(items: readonly QueueItem[]): QueueItem[][] {
  const runs: QueueItem[][] = [];
  for (const item of items) {
    const last = runs[runs.length - 1];
    if (last && item.seriesUid !== null && last[0].seriesUid === item.seriesUid) last.push(item);
    else runs.push([item]);
  }
  return runs;
}
