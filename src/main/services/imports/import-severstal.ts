// Import of a Severstal folder: strip images (identified by their bytes, each decoded in full) + an optional
// train.csv in either form. Everything is read and checked first; the dataset is then written in one transaction,
// so a bad input leaves the database exactly as it was. Without a CSV every strip is imported unlabelled: it has
// no truth revision, which is not the same as "no defect".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import { STEEL_HEIGHT, STEEL_WIDTH } from '../../../shared/domain';
import type { LeftOutFile } from '../../../shared/api/types';
import { decodeImageFully, sniffImageFormat } from '../../imaging/image';
import { scanFolder } from './folder-scan';
import { readSeverstalLabels, type SteelTruthRow } from './severstal-labels';
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
  sha256Of,
  throwIfCancelled,
} from './import-common';

export interface SeverstalImportOptions {
  imagesDir: string;
  /** train.csv in either form; without it every strip is imported unlabelled. */
  labelsCsv?: string;
  name?: string;
  /** Skip label rows whose image is not in the folder (and report how many) instead of failing. */
  allowMissing?: boolean;
  author: string;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/** A strip image that decoded in full at the strip size. */
export interface StripFile {
  /** The image id: the file's name. */
  key: string;
  /** The file, relative to the folder it was found in. */
  file: string;
  width: number;
  height: number;
  sha256: string;
}

export async function importSeverstal(db: Db, clock: Clock, options: SeverstalImportOptions): Promise<ImportReport> {
  const root = requireFolder(options.imagesDir);
  const csv = options.labelsCsv === undefined ? null : requireFile(options.labelsCsv);
  const name = chooseDatasetName(db, root, options.name);
  const { images, leftOut } = listStripImages(root, options.signal);
  const strips = await checkStrips(root, images, options);

  const labels = csv
    ? await readSeverstalLabels(csv, strips.map((s) => s.key), { root, allowMissing: options.allowMissing, signal: options.signal, onProgress: options.onProgress })
    : { truth: [], labelled: 0, skippedMissing: 0 };
  throwIfCancelled(options.signal);

  options.onProgress?.({ phase: 'writing', done: 0, total: strips.length });
  const now = clock.now();
  const datasetId = db.transaction(() => {
    const id = insertDataset(db, 'severstal', name, root, csv, now);
    const itemIds = insertStrips(db, id, strips.map((s, index) => ({ ...s, path: s.file, sortIndex: index })));
    writeSteelTruth(db, itemIds, labels.truth, options.author, now);
    return id;
  })();
  options.onProgress?.({ phase: 'writing', done: strips.length, total: strips.length });

  return {
    datasetId,
    name,
    kind: 'severstal',
    items: strips.length,
    labelled: labels.labelled,
    skippedMissing: labels.skippedMissing,
    skippedFiles: leftOut.map((f) => f.file),
    leftOut,
    warnings: [],
    verified: true,
    fixedAny: 0,
    added: false,
    unchanged: [],
  };
}

/** Inserts strips (call inside a transaction); returns key → new item id. */
export function insertStrips(db: Db, datasetId: number, strips: readonly (StripFile & { path: string; sortIndex: number })[]): Map<string, number> {
  const insertItem = db.prepare('INSERT INTO items (dataset_id, key, path, width, height, sort_index, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const itemIds = new Map<string, number>();
  for (const s of strips) itemIds.set(s.key, Number(insertItem.run(datasetId, s.key, s.path, s.width, s.height, s.sortIndex, s.sha256).lastInsertRowid));
  return itemIds;
}

/** One truth revision per class of every covered strip (call inside a transaction). */
export function writeSteelTruth(db: Db, itemIds: ReadonlyMap<string, number>, truth: readonly SteelTruthRow[], author: string, now: string): void {
  const insertLabel = db.prepare(
    "INSERT INTO label_revisions (item_id, class_id, source, payload, author, created_at) VALUES (?, ?, 'truth', ?, ?, ?)",
  );
  for (const t of truth) insertLabel.run(itemIds.get(t.key), t.classId, t.rle, author, now);
}

/**
 * The PNG or JPEG files of a folder (by content, not extension), sorted by file name; every other entry is left
 * out with its reason. A folder without any is refused.
 */
export function listStripImages(root: string, signal?: AbortSignal): { images: string[]; leftOut: LeftOutFile[] } {
  const { files, leftOut } = scanFolder(root, { recursive: false, signal });
  const images: string[] = [];
  for (const file of files) {
    const format = sniffImageFormat(readHead(join(root, file), 132));
    if (format === 'png' || format === 'jpeg') images.push(file);
    else leftOut.push({ file, reason: format === 'dicom' ? 'a DICOM file, not a PNG or JPEG image' : 'not a PNG or JPEG image' });
  }
  leftOut.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (images.length === 0) throw nothingToImport(root, 'PNG or JPEG strip images', leftOut);
  return { images, leftOut };
}

/** Strip images decoded at once: sharp decodes on libuv's thread pool (four threads by default). */
const DECODING_AT_ONCE = 4;

/** Why one strip image cannot be imported, or null when it decodes in full at the strip size. */
export async function stripProblem(path: string, bytes: Uint8Array): Promise<{ problem: string } | { width: number; height: number }> {
  try {
    const { width, height } = await decodeImageFully(path, bytes);
    if (width !== STEEL_WIDTH || height !== STEEL_HEIGHT) {
      return { problem: `${path}: image is ${width}×${height}; Severstal strips are ${STEEL_WIDTH}×${STEEL_HEIGHT}` };
    }
    return { width, height };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/**
 * Every image decoded in full and of the strip size, with its SHA-256 (the same bytes are read once for both).
 * Images that fail are refused all together, so one run names them all.
 */
export async function checkStrips(
  root: string,
  images: readonly string[],
  options: { signal?: AbortSignal; onProgress?: ProgressListener },
): Promise<StripFile[]> {
  const failures: (string | null)[] = new Array(images.length).fill(null);
  const strips: StripFile[] = new Array(images.length);
  let next = 0;
  let done = 0;
  const decodeNext = async (): Promise<void> => {
    while (next < images.length) {
      throwIfCancelled(options.signal);
      const index = next++;
      const file = images[index];
      const path = join(root, file);
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(path);
      } catch (error) {
        failures[index] = `${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
        continue;
      }
      const checked = await stripProblem(path, bytes);
      if ('problem' in checked) failures[index] = checked.problem;
      else strips[index] = { key: keyOfStrip(file), file, width: checked.width, height: checked.height, sha256: sha256Of(bytes) };
      if (++done % 64 === 0) options.onProgress?.({ phase: 'scanning', done, total: images.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(DECODING_AT_ONCE, images.length) }, decodeNext));
  const failed = failures.filter((f): f is string => f !== null);
  if (failed.length > 0) throw refuseFiles(failed, images.length, 'strip images');
  return strips;
}

/** A strip's image id is its file's name (Kaggle's ImageId), wherever in the dataset's folder it lies. */
export function keyOfStrip(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}
