// Continuing a pre-annotation that stopped at its time budget: the newest finished whole-dataset run of a
// source says how many items it left and from which revision on its chain of runs has been writing; the
// items with no revision of that source since then are the ones still to predict.
import type { Db } from '../../db/database';
import type { Item } from '../datasets/datasets';

export interface UnfinishedPrediction {
  jobId: number;
  left: number;
  /** Revisions of the source with a larger id were written by this chain of runs. */
  since: number;
}

interface PredictArgs {
  source?: string;
  scope?: 'all' | 'some';
  since?: number;
}

/** The newest done whole-dataset prediction of `source` on the dataset, when it left items for a later run. */
export function unfinishedPrediction(db: Db, datasetId: number, source: string): UnfinishedPrediction | null {
  const rows = db
    .prepare(`SELECT id, args, result FROM jobs WHERE kind = 'predict' AND state = 'done' AND dataset_id = ? ORDER BY id DESC`)
    .iterate(datasetId) as Iterable<{ id: number; args: string; result: string | null }>;
  for (const row of rows) {
    const args = JSON.parse(row.args) as PredictArgs;
    if (args.source !== source || args.scope !== 'all') continue;
    const left = (JSON.parse(row.result ?? '{}') as { left?: number }).left ?? 0;
    return left > 0 && typeof args.since === 'number' ? { jobId: row.id, left, since: args.since } : null;
  }
  return null;
}

/** The items with no revision of `source` written after revision `since`. */
export function unpredictedItems(db: Db, items: readonly Item[], source: string, since: number): Item[] {
  const predicted = new Set(
    db.prepare('SELECT DISTINCT item_id FROM label_revisions WHERE source = ? AND id > ?').pluck().all(source, since) as number[],
  );
  return items.filter((i) => !predicted.has(i.id));
}
