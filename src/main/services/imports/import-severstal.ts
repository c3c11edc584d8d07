// Import of a Severstal folder: strip images (identified by their bytes) + train.csv in either form.
// Everything is read and checked first; the dataset is then written in one transaction, so a bad
// input leaves the database exactly as it was.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import { STEEL_HEIGHT, STEEL_WIDTH } from '../../../shared/domain';
import { badInput } from '../../../shared/errors';
import { readSeverstalCsv } from '../../formats/severstal-csv';
import { readImageSize, sniffImageFormat } from '../../imaging/image';
import {
  type ImportReport,
  type ProgressListener,
  chooseDatasetName,
  insertDataset,
  readHead,
  requireFile,
  requireFolder,
  throwIfCancelled,
} from './import-common';

export interface SeverstalImportOptions {
  imagesDir: string;
  labelsCsv: string;
  name?: string;
  /** Skip label rows whose image is not in the folder (and report how many) instead of failing. */
  allowMissing?: boolean;
  author: string;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

interface StripFile {
  key: string;
  width: number;
  height: number;
}

export async function importSeverstal(db: Db, clock: Clock, options: SeverstalImportOptions): Promise<ImportReport> {
  const root = requireFolder(options.imagesDir);
  const csv = requireFile(options.labelsCsv);
  const name = chooseDatasetName(db, root, options.name);
  const { strips, skippedFiles } = await scanStrips(root, options);

  const known = new Set(strips.map((s) => s.key));
  const truth: { key: string; classId: number; rle: string }[] = [];
  let skippedMissing = 0;
  options.onProgress?.({ phase: 'reading labels', done: 0, total: null });
  for await (const row of readSeverstalCsv(csv)) {
    if (!known.has(row.imageId)) {
      if (options.allowMissing) {
        skippedMissing++;
        continue;
      }
      throw badInput(`${csv}:${row.line}: image "${row.imageId}" is not in ${root} (use --allow-missing to skip such rows)`);
    }
    if (row.rle !== '') truth.push({ key: row.imageId, classId: row.classId, rle: row.rle });
  }
  throwIfCancelled(options.signal);

  options.onProgress?.({ phase: 'writing', done: 0, total: strips.length });
  const now = clock.now();
  const datasetId = db.transaction(() => {
    const id = insertDataset(db, 'severstal', name, root, csv, now);
    const insertItem = db.prepare(
      'INSERT INTO items (dataset_id, key, path, width, height, sort_index) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const itemIds = new Map<string, number>();
    strips.forEach((s, index) => {
      itemIds.set(s.key, Number(insertItem.run(id, s.key, s.key, s.width, s.height, index).lastInsertRowid));
    });
    const insertLabel = db.prepare(
      "INSERT INTO label_revisions (item_id, class_id, source, payload, author, created_at) VALUES (?, ?, 'truth', ?, ?, ?)",
    );
    for (const t of truth) insertLabel.run(itemIds.get(t.key), t.classId, t.rle, options.author, now);
    return id;
  })();
  options.onProgress?.({ phase: 'writing', done: strips.length, total: strips.length });

  return {
    datasetId,
    name,
    kind: 'severstal',
    items: strips.length,
    labelled: new Set(truth.map((t) => t.key)).size,
    skippedMissing,
    skippedFiles,
    fixedAny: 0,
  };
}

/** Every PNG or JPEG in the folder (by content, not extension), sorted by file name. */
async function scanStrips(root: string, options: SeverstalImportOptions) {
  const names = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
  const strips: StripFile[] = [];
  const skippedFiles: string[] = [];
  for (const [index, key] of names.entries()) {
    throwIfCancelled(options.signal);
    const file = join(root, key);
    const format = sniffImageFormat(readHead(file, 16));
    if (format !== 'png' && format !== 'jpeg') {
      skippedFiles.push(key);
      continue;
    }
    const { width, height } = await readImageSize(file);
    if (width !== STEEL_WIDTH || height !== STEEL_HEIGHT) {
      throw badInput(`${file}: image is ${width}×${height}; Severstal strips are ${STEEL_WIDTH}×${STEEL_HEIGHT}`);
    }
    strips.push({ key, width, height });
    if (index % 256 === 0) options.onProgress?.({ phase: 'scanning', done: index, total: names.length });
  }
  return { strips, skippedFiles };
}
