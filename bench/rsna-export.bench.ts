// Benchmark: the RSNA export of 752k slices (4.5 million rows) keeps memory flat, to a file (`loupe export`) and
// as the UI's streamed download (the binary route a browser saves as it arrives). The dataset is built here as
// the import benchmark builds it (the synthetic 752k CSV through the import's own reader and writer); each export
// then runs in a child process of its own, which reports its resident memory before the export and at its peak
// (process.resourceUsage().maxRSS), and the time it took. A tenth of the dataset is exported the same way: flat
// memory means the same growth for 75k and 752k slices (what grows is the runtime's young heap and SQLite's page
// cache, both bounded), where a whole-file string would grow tenfold.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/main/db/database';
import { readRsnaLabels } from '../src/main/services/imports/rsna-labels';
import { writeRsnaTruth } from '../src/main/services/imports/import-rsna';
import { syntheticRsnaKey, writeSyntheticRsnaCsv } from './rsna-csv.bench';

const SLICES = 752_000;
const root = fileURLToPath(new URL('..', import.meta.url));

/** The child's work: open the services, then export to a file or read the download stream to its end. */
const CHILD = `
const [db, out, how, name] = process.argv.slice(1);
const { createServices } = await import(${JSON.stringify(join(root, 'src/main/composition.ts'))});
const { createBinaryHandler } = await import(${JSON.stringify(join(root, 'src/main/api/binary.ts'))});
const { binaryPaths } = await import(${JSON.stringify(join(root, 'src/shared/api/binary.ts'))});
const { createWriteStream } = await import('node:fs');
const { Readable } = await import('node:stream');
const { pipeline } = await import('node:stream/promises');
const services = createServices(db);
const dataset = services.datasets.get(name);
globalThis.gc?.();
const before = process.memoryUsage().rss;
const start = performance.now();
let rows = 0;
if (how === 'file') {
  rows = services.exports.export(dataset.id, { format: 'rsna', source: 'current', out }).rows;
} else {
  const binary = createBinaryHandler(services.images, services.exports);
  const response = await binary(new Request('http://127.0.0.1' + binaryPaths.labelsCsv(dataset.id)));
  await pipeline(Readable.fromWeb(response.body), createWriteStream(out));
}
const seconds = (performance.now() - start) / 1000;
services.close();
console.log(JSON.stringify({ before, peak: process.resourceUsage().maxRSS * 1024, seconds, rows }));
`;

function exportInChild(db: string, out: string, how: 'file' | 'download', dataset = 'bench'): { before: number; peak: number; seconds: number; rows: number } {
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', CHILD, db, out, how, dataset], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the ${how} export failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

export async function benchRsnaExport(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-export-'));
  try {
    const keys = Array.from({ length: SLICES }, (_, i) => syntheticRsnaKey(i));
    const csv = join(dir, 'stage_2_train.csv');
    await writeSyntheticRsnaCsv(csv, SLICES);
    const dbFile = join(dir, 'bench.db');
    const db = openDatabase(dbFile);
    const datasetId = Number(db.prepare("INSERT INTO datasets (name, kind, root, created_at) VALUES ('bench', 'rsna', ?, 'now')").run(dir).lastInsertRowid);
    const insert = db.prepare('INSERT INTO items (dataset_id, key, path, width, height, sort_index) VALUES (?, ?, ?, 512, 512, ?)');
    const itemIds = db.transaction(() => keys.map((k, i) => Number(insert.run(datasetId, k, `${k}.dcm`, i).lastInsertRowid)))();
    writeRsnaTruth(db, itemIds, await readRsnaLabels(csv, keys), 'bench', new Date().toISOString());
    // A tenth of it as a second dataset: the same keys and labels for the first 75,200 slices.
    const tenth = SLICES / 10;
    const smallId = Number(db.prepare("INSERT INTO datasets (name, kind, root, created_at) VALUES ('bench-tenth', 'rsna', ?, 'now')").run(dir).lastInsertRowid);
    db.transaction(() => {
      db.prepare('INSERT INTO items (dataset_id, key, path, width, height, sort_index) SELECT ?, key, path, width, height, sort_index FROM items WHERE dataset_id = ? AND sort_index < ?').run(smallId, datasetId, tenth);
      db.prepare(
        `INSERT INTO label_revisions (item_id, class_id, source, payload, author, created_at)
         SELECT s.id, l.class_id, l.source, l.payload, l.author, l.created_at FROM label_revisions l
         JOIN items b ON b.id = l.item_id JOIN items s ON s.dataset_id = ? AND s.key = b.key
         WHERE b.dataset_id = ? AND b.sort_index < ?`,
      ).run(smallId, datasetId, tenth);
    })();
    db.close();

    const mb = (bytes: number) => bytes / 2 ** 20;
    const file = exportInChild(dbFile, join(dir, 'export.csv'), 'file');
    const fileBytes = statSync(join(dir, 'export.csv')).size;
    const download = exportInChild(dbFile, join(dir, 'download.csv'), 'download');
    const downloadBytes = statSync(join(dir, 'download.csv')).size;
    if (downloadBytes !== fileBytes) throw new Error(`the download (${downloadBytes} bytes) differs from the file (${fileBytes} bytes)`);
    const tenthFile = exportInChild(dbFile, join(dir, 'tenth.csv'), 'file', 'bench-tenth');
    const tenthDownload = exportInChild(dbFile, join(dir, 'tenth-download.csv'), 'download', 'bench-tenth');
    return {
      slices: SLICES,
      rows: file.rows,
      csvMb: mb(fileBytes),
      toFileSeconds: file.seconds,
      toFileRssBeforeMb: mb(file.before),
      toFilePeakRssMb: mb(file.peak),
      toFileGrowthMb: mb(file.peak - file.before),
      downloadSeconds: download.seconds,
      downloadRssBeforeMb: mb(download.before),
      downloadPeakRssMb: mb(download.peak),
      downloadGrowthMb: mb(download.peak - download.before),
      tenth_toFileGrowthMb: mb(tenthFile.peak - tenthFile.before),
      tenth_downloadGrowthMb: mb(tenthDownload.peak - tenthDownload.before),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
