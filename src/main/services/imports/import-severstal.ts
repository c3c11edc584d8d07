// Import of a Severstal folder: strip images (identified by their bytes, each decoded in full) + train.csv in
// either form. Everything is read and checked first; the dataset is then written in one transaction, so a bad
// input leaves the database exactly as it was.
import { join } from 'node:path';
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import { STEEL_CLASSES, STEEL_HEIGHT, STEEL_WIDTH } from '../../../shared/domain';
import { badInput } from '../../../shared/errors';
import { readSeverstalCsv } from '../../formats/severstal-csv';
import { decodeImageFully, sniffImageFormat } from '../../imaging/image';
import { scanFolder } from './folder-scan';
import {
  type ImportReport,
  type ProgressListener,
  chooseDatasetName,
  insertDataset,
  nothingToImport,
  readHead,
  refuseFiles,
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
  const { strips, leftOut } = await scanStrips(root, options);

  const known = new Set(strips.map((s) => s.key));
  const defects = new Map<string, string>(); // `${image}\u0000${class}` → RLE
  // The strips the CSV speaks for. The old form has four rows per image, so it covers exactly the images it
  // names; the new form lists defect rows only (Kaggle's train.csv), so it covers every strip of its folder —
  // a strip without a row is defect-free. Covered strips get a truth revision for each class ('' = no defect).
  const covered = new Set<string>();
  let newForm = false;
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
    if (row.form === 'new') newForm = true;
    covered.add(row.imageId);
    if (row.rle !== '') defects.set(`${row.imageId}\u0000${row.classId}`, row.rle);
  }
  if (newForm) for (const key of known) covered.add(key);
  const truth = strips
    .filter((s) => covered.has(s.key))
    .flatMap((s) => STEEL_CLASSES.map((classId) => ({ key: s.key, classId, rle: defects.get(`${s.key}\u0000${classId}`) ?? '' })));
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
    labelled: covered.size,
    skippedMissing,
    skippedFiles: leftOut.map((f) => f.file),
    leftOut,
    warnings: [],
    verified: true,
    fixedAny: 0,
  };
}

/** Strip images decoded at once: sharp decodes on libuv's thread pool (four threads by default). */
const DECODING_AT_ONCE = 4;

/**
 * Every PNG or JPEG in the folder (by content, not extension), sorted by file name, each decoded in full and
 * of the strip size; every other entry is left out with its reason. Images that fail are refused all
 * together, so one run names them all.
 */
async function scanStrips(root: string, options: SeverstalImportOptions) {
  const { files, leftOut } = scanFolder(root, { recursive: false, signal: options.signal });
  const images: string[] = [];
  for (const key of files) {
    const format = sniffImageFormat(readHead(join(root, key), 132));
    if (format === 'png' || format === 'jpeg') images.push(key);
    else leftOut.push({ file: key, reason: format === 'dicom' ? 'a DICOM file, not a PNG or JPEG image' : 'not a PNG or JPEG image' });
  }
  leftOut.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (images.length === 0) throw nothingToImport(root, 'PNG or JPEG strip images', leftOut);

  const failures: (string | null)[] = new Array(images.length).fill(null);
  const strips: StripFile[] = new Array(images.length);
  let next = 0;
  let done = 0;
  const decodeNext = async (): Promise<void> => {
    while (next < images.length) {
      throwIfCancelled(options.signal);
      const index = next++;
      const key = images[index];
      const file = join(root, key);
      try {
        const { width, height } = await decodeImageFully(file);
        if (width !== STEEL_WIDTH || height !== STEEL_HEIGHT) {
          failures[index] = `${file}: image is ${width}×${height}; Severstal strips are ${STEEL_WIDTH}×${STEEL_HEIGHT}`;
        }
        strips[index] = { key, width, height };
      } catch (error) {
        failures[index] = (error as Error).message;
      }
      if (++done % 64 === 0) options.onProgress?.({ phase: 'scanning', done, total: images.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(DECODING_AT_ONCE, images.length) }, decodeNext));
  const failed = failures.filter((f): f is string => f !== null);
  if (failed.length > 0) throw refuseFiles(failed, images.length, 'strip images');
  return { strips, leftOut };
}
