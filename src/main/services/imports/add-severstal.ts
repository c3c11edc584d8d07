// The steel part of adding a batch (add-items.ts): strip images decoded like an import, the same-key rule, the
// CSV's labels for the new strips only, and display order (by image id) recomputed for the dataset.
import { join } from 'node:path';
import type { Db } from '../../db/database';
import type { LeftOutFile } from '../../../shared/api/types';
import { compareKeys } from '../../../shared/batch-rules';
import { sniffImageFormat } from '../../imaging/image';
import { readSeverstalLabels } from './severstal-labels';
import { checkStrips, insertStrips, listStripImages, writeSteelTruth } from './import-severstal';
import { readHead, throwIfCancelled } from './import-common';
import { sortOutBatch, writeBatch, type AddResult, type Batch } from './batch-common';

export async function addStrips(batch: Batch): Promise<AddResult> {
  const { db, dataset, dir, options } = batch;
  const { images, leftOut } = options.files ? pickStripImages(dir, options.files) : listStripImages(dir, options.signal);
  const checked = await checkStrips(dir, images, options);
  const { fresh, unchanged } = sortOutBatch(batch, checked, 'image');

  const labels = batch.csv
    ? await readSeverstalLabels(batch.csv, fresh.map((s) => s.key), {
        root: dir,
        allowMissing: options.allowMissing,
        existing: (key) => {
          const held = batch.held.get(key);
          return held === undefined ? undefined : batch.held.truthOf(held.id);
        },
        signal: options.signal,
        onProgress: options.onProgress,
      })
    : { truth: [], labelled: 0, skippedMissing: 0 };
  throwIfCancelled(options.signal);

  options.onProgress?.({ phase: 'writing', done: 0, total: fresh.length });
  const now = batch.clock.now();
  const itemIds = writeBatch(batch, () => {
    const ids = insertStrips(db, dataset.id, fresh.map((s) => ({ ...s, path: batch.prefix + s.file, sortIndex: -1 })));
    writeSteelTruth(db, ids, labels.truth, options.author, now);
    reorderStrips(db, dataset.id);
    return [...ids.values()];
  });
  options.onProgress?.({ phase: 'writing', done: fresh.length, total: fresh.length });

  return {
    report: {
      datasetId: dataset.id,
      name: dataset.name,
      kind: 'severstal',
      items: fresh.length,
      labelled: labels.labelled,
      skippedMissing: labels.skippedMissing,
      skippedFiles: leftOut.map((f) => f.file),
      leftOut,
      warnings: [],
      verified: true,
      fixedAny: 0,
      added: true,
      unchanged,
    },
    itemIds: sortedIds(db, itemIds),
  };
}

/** Only the given files of a folder: those that are PNG or JPEG by their bytes; the others left out. */
function pickStripImages(dir: string, files: readonly string[]): { images: string[]; leftOut: LeftOutFile[] } {
  const images: string[] = [];
  const leftOut: LeftOutFile[] = [];
  for (const file of [...files].sort(compareKeys)) {
    const format = sniffImageFormat(readHead(join(dir, file), 132));
    if (format === 'png' || format === 'jpeg') images.push(file);
    else leftOut.push({ file, reason: 'not a PNG or JPEG image' });
  }
  return { images, leftOut };
}

/** Display order by image id for the whole dataset; only the items whose place changed are written. */
function reorderStrips(db: Db, datasetId: number): void {
  const rows = db.prepare('SELECT id, key, sort_index AS sortIndex FROM items WHERE dataset_id = ?').all(datasetId) as { id: number; key: string; sortIndex: number }[];
  rows.sort((a, b) => compareKeys(a.key, b.key));
  const update = db.prepare('UPDATE items SET sort_index = ? WHERE id = ?');
  rows.forEach((row, index) => {
    if (row.sortIndex !== index) update.run(index, row.id);
  });
}

/** Item ids in display order. */
export function sortedIds(db: Db, ids: readonly number[]): number[] {
  if (ids.length === 0) return [];
  return db.prepare('SELECT id FROM items WHERE id IN (SELECT value FROM json_each(?)) ORDER BY sort_index').pluck().all(JSON.stringify(ids)) as number[];
}
