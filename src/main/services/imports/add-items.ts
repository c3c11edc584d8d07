// Adding a batch of files to an existing dataset: `loupe add`, "Add images…" and a watched folder all come here.
// The shared rules are in batch-common.ts, the kinds' parts in add-severstal.ts and add-rsna.ts.
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import { DatasetService } from '../datasets/datasets';
import { requireFile, requireFolder } from './import-common';
import { HeldItems, folderInside, type AddOptions, type AddResult, type Batch } from './batch-common';

export type { AddOptions, AddResult } from './batch-common';

export async function addItems(db: Db, clock: Clock, options: AddOptions): Promise<AddResult> {
  const dataset = new DatasetService(db).get(options.dataset);
  const dir = requireFolder(options.dir);
  const prefix = folderInside(dataset, dir);
  const csv = options.labelsCsv === undefined ? null : requireFile(options.labelsCsv);
  const batch: Batch = { db, clock, dataset, dir, prefix, csv, held: new HeldItems(db, dataset), options };
  // The kinds' parts load with the first add, like the importers.
  if (dataset.kind === 'severstal') return (await import('./add-severstal')).addStrips(batch);
  return (await import('./add-rsna')).addSlices(batch);
}

