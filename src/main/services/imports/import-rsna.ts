// Import of a head-CT folder: DICOM slices found recursively (by content), grouped by
// patient → study → series and ordered along the slice normal, plus an optional RSNA label CSV.
// Everything is read and checked first, then written in one transaction.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Db } from '../../db/database';
import type { Clock } from '../clock';
import { badInput } from '../../../shared/errors';
import { orderSlices } from '../../../shared/series-order';
import { readDicomMeta } from '../../imaging/dicom';
import type { DicomMeta } from '../../imaging/dicom/types';
import { readRsnaLabels, type RsnaLabels } from './rsna-labels';
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

export interface RsnaImportOptions {
  dicomDir: string;
  labelsCsv?: string;
  name?: string;
  /** Recompute `any` from the five subtypes instead of failing when they disagree. */
  fixAny?: boolean;
  author: string;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface SliceFile {
  key: string;
  path: string;
  meta: DicomMeta;
}

const HEADER_BYTES = 64 * 1024;

export async function importRsna(db: Db, clock: Clock, options: RsnaImportOptions): Promise<ImportReport> {
  const root = requireFolder(options.dicomDir);
  const csv = options.labelsCsv === undefined ? null : requireFile(options.labelsCsv);
  const name = chooseDatasetName(db, root, options.name);
  const { slices, skippedFiles } = scanSlices(root, options);
  const ordered = displayOrder(slices);

  const labels = csv
    ? await readRsnaLabels(csv, ordered.map((s) => s.key), options)
    : { bits: new Uint8Array(0), labelled: new Uint8Array(0), labelledCount: 0, fixedAny: 0 };
  throwIfCancelled(options.signal);

  options.onProgress?.({ phase: 'writing', done: 0, total: ordered.length });
  const now = clock.now();
  const datasetId = db.transaction(() => {
    const id = insertDataset(db, 'rsna', name, root, csv, now);
    const insertItem = db.prepare(`INSERT INTO items (dataset_id, key, path, width, height, frames, patient_id, study_uid,
      series_uid, position, sort_index, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const itemIds = ordered.map((s, index) => {
      const m = s.meta;
      return Number(
        insertItem.run(id, s.key, s.path, m.columns, m.rows, m.frames, m.patientId, m.studyInstanceUid, m.seriesInstanceUid,
          s.position, index, JSON.stringify(itemMeta(m))).lastInsertRowid,
      );
    });
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
    skippedMissing: 0,
    skippedFiles,
    fixedAny: labels.fixedAny,
  };
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

/** Every DICOM file under the folder (by its `DICM` marker, whatever its name), keyed by its stem. */
function scanSlices(root: string, options: RsnaImportOptions) {
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const slices: SliceFile[] = [];
  const skippedFiles: string[] = [];
  const byKey = new Map<string, string>();
  for (const [index, file] of files.entries()) {
    throwIfCancelled(options.signal);
    const rel = relative(root, file);
    const head = readHead(file, HEADER_BYTES);
    if (!isDicom(head)) {
      skippedFiles.push(rel);
      continue;
    }
    const key = sliceKey(file);
    const other = byKey.get(key);
    if (other !== undefined) throw badInput(`${file}: slice id "${key}" is also the id of ${join(root, other)}`);
    byKey.set(key, rel);
    slices.push({ key, path: rel, meta: readMeta(file, head) });
    if (index % 512 === 0) options.onProgress?.({ phase: 'scanning', done: index, total: files.length });
  }
  return { slices, skippedFiles };
}

/** The header is usually in the first 64 KiB; a file whose header runs longer is read whole. */
function readMeta(file: string, head: Uint8Array): DicomMeta {
  try {
    return readDicomMeta(head, file);
  } catch (error) {
    if (head.length < HEADER_BYTES) throw error;
    return readDicomMeta(new Uint8Array(readFileSync(file)), file);
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
    const id = `${s.meta.patientId}\u0000${s.meta.studyInstanceUid}\u0000${s.meta.seriesInstanceUid}`;
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

function itemMeta(m: DicomMeta) {
  return {
    sopInstanceUid: m.sopInstanceUid,
    instanceNumber: m.instanceNumber,
    seriesDescription: m.seriesDescription,
    studyDescription: m.studyDescription,
    modality: m.modality,
    transferSyntax: m.transferSyntaxName,
    windowCenters: m.windowCenters,
    windowWidths: m.windowWidths,
  };
}
