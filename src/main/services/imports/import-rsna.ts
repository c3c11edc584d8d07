// Import of a head-CT folder: DICOM slices found recursively (by content), grouped by
// patient → study → series and ordered along the slice normal, plus an optional RSNA label CSV.
// Everything is read and checked first — the structure of every slice, then (verify) a full decode of
// every slice on worker threads — and only then written, in one transaction.
import { basename, join } from 'node:path';
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import type { ImportWarning, LeftOutFile } from '../../../shared/api/types';
import { badInput } from '../../../shared/errors';
import { headCtWarnings } from '../../../shared/head-ct-warnings';
import { orderSlices } from '../../../shared/series-order';
import { seriesOrderKey } from '../../../shared/batch-rules';
import { openFileSource } from '../../imaging/dicom/byte-source';
import { checkSliceStructure } from '../../imaging/dicom/structure';
import { verifySlices } from '../../imaging/dicom/verify';
import type { DicomMeta } from '../../imaging/dicom/types';
import { readRsnaLabels, type RsnaLabels } from './rsna-labels';
import { scanFolder } from './folder-scan';
import {
  type ImportReport,
  type ProgressListener,
  chooseDatasetName,
  insertDataset,
  nothingToImport,
  refuseFiles,
  requireFile,
  requireFolder,
  throwIfCancelled,
  VERIFY_BY_DEFAULT_BELOW,
} from './import-common';

export interface RsnaImportOptions {
  dicomDir: string;
  labelsCsv?: string;
  name?: string;
  /** Recompute `any` from the five subtypes instead of failing when they disagree. */
  fixAny?: boolean;
  /** Skip label rows whose slice is not in the folder (and report how many) instead of failing. */
  allowMissing?: boolean;
  /**
   * Decode every slice in full before writing (true), or check only their structure (false); by default the
   * decode runs below VERIFY_BY_DEFAULT_BELOW slices. The workstation's import dialog always verifies.
   */
  verify?: boolean;
  author: string;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface SliceFile {
  key: string;
  /** The file, relative to the folder it was found in. */
  path: string;
  meta: DicomMeta;
}

/** The labels of a CT import without a label CSV: none. */
const NO_LABELS: RsnaLabels = {
  bits: new Uint8Array(0),
  labelled: new Uint8Array(0),
  labelledCount: 0,
  fixedAny: 0,
  skippedMissing: 0,
  firstLine: new Uint32Array(0),
};

export async function importRsna(db: Db, clock: Clock, options: RsnaImportOptions): Promise<ImportReport> {
  const root = requireFolder(options.dicomDir);
  const csv = options.labelsCsv === undefined ? null : requireFile(options.labelsCsv);
  const name = chooseDatasetName(db, root, options.name);
  const { files, leftOut } = scanFolder(root, { recursive: true, signal: options.signal });
  const { slices, warnings } = scanSlices(root, files, leftOut, options);
  if (slices.length === 0) throw nothingToImport(root, 'DICOM files (searched recursively)', leftOut);
  const ordered = displayOrder(slices);

  const labels = csv ? await readRsnaLabels(csv, ordered.map((s) => s.key), options) : NO_LABELS;
  throwIfCancelled(options.signal);

  const verified = options.verify ?? slices.length < VERIFY_BY_DEFAULT_BELOW;
  if (verified) await verifyAll(root, slices, options);
  throwIfCancelled(options.signal);

  options.onProgress?.({ phase: 'writing', done: 0, total: ordered.length });
  const now = clock.now();
  const datasetId = db.transaction(() => {
    const id = insertDataset(db, 'rsna', name, root, csv, now, warnings);
    const itemIds = insertSlices(db, id, ordered.map((s, index) => ({ ...s, sortIndex: index, sha256: null })));
    if (csv) writeRsnaTruth(db, itemIds, labels, options.author, now);
    return id;
  })();
  options.onProgress?.({ phase: 'writing', done: ordered.length, total: ordered.length });

  return {
    datasetId,
    name,
    kind: 'rsna',
    items: ordered.length,
    labelled: labels.labelledCount,
    skippedMissing: labels.skippedMissing,
    skippedFiles: leftOut.map((f) => f.file),
    leftOut,
    warnings,
    verified,
    fixedAny: labels.fixedAny,
    added: false,
    unchanged: [],
  };
}

/** A slice to write: where it lies (relative to the dataset's folder), its place in display order, its bytes' hash. */
export interface SliceRow {
  key: string;
  path: string;
  meta: DicomMeta;
  position: number | null;
  sortIndex: number;
  sha256: string | null;
}

/** Inserts slices (call inside a transaction); returns their new item ids, in the same order. */
export function insertSlices(db: Db, datasetId: number, slices: readonly SliceRow[]): number[] {
  const insertItem = db.prepare(`INSERT INTO items (dataset_id, key, path, width, height, frames, patient_id, study_uid,
    series_uid, position, sort_index, meta, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return slices.map((s) => {
    const m = s.meta;
    return Number(
      insertItem.run(datasetId, s.key, s.path, m.columns, m.rows, m.frames, m.patientId, m.studyInstanceUid, m.seriesInstanceUid,
        s.position, s.sortIndex, JSON.stringify(itemMeta(m)), s.sha256).lastInsertRowid,
    );
  });
}

/** Decodes every slice in full on worker threads; the slices that fail are refused all together. */
export async function verifyAll(root: string, slices: readonly SliceFile[], options: { signal?: AbortSignal; onProgress?: ProgressListener }): Promise<void> {
  options.onProgress?.({ phase: 'verifying', done: 0, total: slices.length });
  const failures = await verifySlices(slices.map((s) => join(root, s.path)), {
    signal: options.signal,
    onProgress: (done, total) => options.onProgress?.({ phase: 'verifying', done, total }),
  });
  if (failures.length > 0) throw refuseFiles(failures.map((f) => f.message), slices.length, 'DICOM slices');
}

/** One truth revision (class 0, payload = subtype bits) per labelled slice; call inside a transaction. */
export function writeRsnaTruth(db: Db, itemIds: readonly number[], labels: RsnaLabels, author: string, now: string): void {
  const insert = db.prepare(
    "INSERT INTO label_revisions (item_id, class_id, source, payload, author, created_at) VALUES (?, 0, 'truth', ?, ?, ?)",
  );
  db.transaction(() => {
    for (let i = 0; i < itemIds.length; i++) {
      if (labels.labelled[i]) insert.run(itemIds[i], String(labels.bits[i]), author, now);
    }
  })();
}

/**
 * The DICOM files among `files` (relative to `root`; by their `DICM` marker, whatever their name), keyed by their
 * stem, each one's structure checked; every other file is added to `leftOut` with its reason. The files that fail
 * the check are refused all together, so one run names them all.
 */
export function scanSlices(root: string, files: readonly string[], leftOut: LeftOutFile[], options: { signal?: AbortSignal; onProgress?: ProgressListener }) {
  const slices: SliceFile[] = [];
  const warnings: ImportWarning[] = [];
  const failures: string[] = [];
  const byKey = new Map<string, string>();
  for (const [index, rel] of files.entries()) {
    throwIfCancelled(options.signal);
    if (index % 512 === 0) options.onProgress?.({ phase: 'scanning', done: index, total: files.length });
    const file = join(root, rel);
    let meta: DicomMeta | null;
    try {
      meta = readSlice(file, leftOut, rel);
    } catch (error) {
      failures.push((error as Error).message);
      continue;
    }
    if (meta === null) continue;
    const key = sliceKey(file);
    const other = byKey.get(key);
    if (other !== undefined) throw badInput(`${file}: slice id "${key}" is also the id of ${join(root, other)}`);
    byKey.set(key, rel);
    slices.push({ key, path: rel, meta });
    for (const message of headCtWarnings(meta)) warnings.push({ file: rel, message });
  }
  if (failures.length > 0) throw refuseFiles(failures, failures.length + slices.length, 'DICOM files');
  leftOut.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { slices, warnings };
}

/** The checked header of a DICOM file, or null (and the file left out) when it is not DICOM. */
export function readSlice(file: string, leftOut: LeftOutFile[], rel: string): DicomMeta | null {
  let source;
  try {
    source = openFileSource(file);
  } catch (error) {
    throw new Error(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    if (!isDicom(source.read(0, 132))) {
      leftOut.push({ file: rel, reason: "not DICOM (no 'DICM' marker at byte 128)" });
      return null;
    }
    return checkSliceStructure(source, file);
  } finally {
    source.close();
  }
}

export function isDicom(head: Uint8Array): boolean {
  return head.length >= 132 && head[128] === 0x44 && head[129] === 0x49 && head[130] === 0x43 && head[131] === 0x4d;
}

/** RSNA names each file after its slice id (`ID_xxxxxxxxx.dcm`): the id is the file's stem. */
export function sliceKey(file: string): string {
  return basename(file).replace(/\.dcm$/i, '');
}

/** Patient → study → series, then position along the slice normal within each series. */
export function displayOrder(slices: SliceFile[]) {
  const series = new Map<string, SliceFile[]>();
  for (const s of slices) {
    const id = seriesOrderKey(s.meta.patientId, s.meta.studyInstanceUid, s.meta.seriesInstanceUid);
    let list = series.get(id);
    if (!list) series.set(id, (list = []));
    list.push(s);
  }
  return [...series.keys()]
    .sort()
    .flatMap((id) =>
      orderSlices(
        series.get(id)!.map((s) => ({
          ...s,
          imagePosition: s.meta.imagePosition,
          imageOrientation: s.meta.imageOrientation,
          instanceNumber: s.meta.instanceNumber,
        })),
      ),
    );
}

export function itemMeta(m: DicomMeta) {
  return {
    sopInstanceUid: m.sopInstanceUid,
    instanceNumber: m.instanceNumber,
    seriesDescription: m.seriesDescription,
    studyDescription: m.studyDescription,
    modality: m.modality,
    transferSyntax: m.transferSyntaxName,
    windowCenters: m.windowCenters,
    windowWidths: m.windowWidths,
    // Where the pixels lie: the item details show them; the viewer reads them from the slice itself.
    pixelSpacing: m.pixelSpacing ?? null,
    imagePosition: m.imagePosition,
    imageOrientation: m.imageOrientation,
    sliceThickness: m.sliceThickness,
  };
}
