// Benchmark: import of a 4.5-million-row RSNA label CSV (752k slices × 6 labels) into the store.
// The slices themselves are inserted directly (writing 752k DICOM files would measure the disk, not
// Loupe); the timed part is exactly what `loupe import rsna --labels` does with the CSV: stream,
// validate every row, and write one truth revision per slice in one transaction.
// Run on its own (`tsx bench/rsna-import.bench.ts`) so that its peak memory is its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/main/db/database';
import { readRsnaLabels } from '../src/main/services/imports/rsna-labels';
import { writeRsnaTruth } from '../src/main/services/imports/import-rsna';
import { CT_LABELS } from '../src/shared/domain';
import { syntheticRsnaKey, writeSyntheticRsnaCsv } from './rsna-csv.bench';

const SLICES = 752_000;

export async function benchRsnaImport(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-'));
  try {
    const keys = Array.from({ length: SLICES }, (_, i) => syntheticRsnaKey(i));
    const csv = join(dir, 'stage_2_train.csv');
    await writeSyntheticRsnaCsv(csv, SLICES);
    const db = openDatabase(join(dir, 'bench.db'));
    const datasetId = Number(db.prepare("INSERT INTO datasets (name, kind, root, created_at) VALUES ('bench', 'rsna', ?, 'now')").run(dir).lastInsertRowid);
    const insert = db.prepare('INSERT INTO items (dataset_id, key, path, width, height, sort_index) VALUES (?, ?, ?, 512, 512, ?)');
    const itemIds = db.transaction(() => keys.map((k, i) => Number(insert.run(datasetId, k, `${k}.dcm`, i).lastInsertRowid)))();
    const rssBefore = process.memoryUsage().rss;

    const start = process.hrtime.bigint();
    const labels = await readRsnaLabels(csv, keys);
    const parsed = process.hrtime.bigint();
    writeRsnaTruth(db, itemIds, labels, 'bench', new Date().toISOString());
    const end = process.hrtime.bigint();
    const written = (db.prepare('SELECT COUNT(*) AS n FROM label_revisions').get() as { n: number }).n;
    db.close();
    if (written !== SLICES) throw new Error(`expected ${SLICES} revisions, wrote ${written}`);
    return {
      rows: SLICES * CT_LABELS.length,
      parseAndCheckSeconds: Number(parsed - start) / 1e9,
      writeSeconds: Number(end - parsed) / 1e9,
      totalSeconds: Number(end - start) / 1e9,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      rssBeforeMb: rssBefore / 2 ** 20,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchRsnaImport()));
}
