// The head-CT part of adding a batch (add-items.ts): DICOM slices found recursively and checked like an import,
// the same-key rule, the CSV's labels for the new slices only, and each new slice ordered into its series
// (display order patient → study → series → position, renumbered where it changed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/database';
import type { LeftOutFile } from '../../../shared/api/types';
import { CT_LABELS } from '../../../shared/domain';
import { badInput } from '../../../shared/errors';
import { compareKeys, mergeSeriesOrder, seriesOrderKey, type StoredSlice } from '../../../shared/batch-rules';
import { scanFolder } from './folder-scan';
import { readRsnaLabels } from './rsna-labels';
import { insertSlices, scanSlices, verifyAll, writeRsnaTruth, type SliceFile, type SliceRow } from './import-rsna';
import { VERIFY_BY_DEFAULT_BELOW, nothingToImport, sha256Of, throwIfCancelled } from './import-common';
import { keepWarnings, sortOutBatch, writeBatch, type AddResult, type Batch } from './batch-common';
import { sortedIds } from './add-severstal';

type HashedSlice = SliceFile & { file: string; sha256: string };

export async function addSlices(batch: Batch): Promise<AddResult> {
  const { db, dataset, dir, options } = batch;
  const scan = options.files ? { files: [...options.files].sort(compareKeys), leftOut: [] as LeftOutFile[] } : scanFolder(dir, { recursive: true, signal: options.signal });
  const { slices, warnings } = scanSlices(dir, scan.files, scan.leftOut, options);
  if (slices.length === 0 && !options.files) throw nothingToImport(dir, 'DICOM files (searched recursively)', scan.leftOut);
  const hashed: HashedSlice[] = slices.map((s) => ({ ...s, file: s.path, sha256: sha256Of(readFileSync(join(dir, s.path))) }));
  const { fresh, unchanged } = sortOutBatch(batch, hashed, 'slice');
  const freshFiles = new Set(fresh.map((s) => s.file));
  const freshWarnings = warnings.filter((w) => freshFiles.has(w.file));

  const verified = options.verify ?? fresh.length < VERIFY_BY_DEFAULT_BELOW;
  if (verified && fresh.length > 0) await verifyAll(dir, fresh, options);
  throwIfCancelled(options.signal);

  const labels = batch.csv ? await batchLabels(batch, batch.csv, fresh) : null;
  throwIfCancelled(options.signal);

  options.onProgress?.({ phase: 'writing', done: 0, total: fresh.length });
  const now = batch.clock.now();
  const itemIds = writeBatch(batch, () => {
    const rows = placeSlices(db, dataset.id, fresh.map((s) => ({ ...s, path: batch.prefix + s.file })));
    const ids = insertSlices(db, dataset.id, rows);
    if (labels) writeRsnaTruth(db, ids, labels, options.author, now);
    keepWarnings(db, dataset.id, freshWarnings);
    return ids;
  });
  options.onProgress?.({ phase: 'writing', done: fresh.length, total: fresh.length });

  return {
    report: {
      datasetId: dataset.id,
      name: dataset.name,
      kind: 'rsna',
      items: fresh.length,
      labelled: labels?.labelledCount ?? 0,
      skippedMissing: labels?.skippedMissing ?? 0,
      skippedFiles: scan.leftOut.map((f) => f.file),
      leftOut: scan.leftOut,
      warnings: freshWarnings,
      verified,
      fixedAny: labels?.fixedAny ?? 0,
      added: true,
      unchanged,
    },
    itemIds: sortedIds(db, itemIds),
  };
}

/**
 * The CSV's labels of the new slices (same order as `fresh`). Rows for a slice the dataset holds already must
 * equal its imported truth (Kaggle's full CSV repeats the earlier slices' rows); any other is refused, naming its
 * line: a batch's CSV labels its new slices only.
 */
async function batchLabels(batch: Batch, csv: string, fresh: readonly HashedSlice[]) {
  const held = batch.db.prepare('SELECT id, key FROM items WHERE dataset_id = ?').all(batch.dataset.id) as { id: number; key: string }[];
  const freshKeys = new Set(fresh.map((s) => s.key));
  const others = held.filter((h) => !freshKeys.has(h.key));
  const keys = [...fresh.map((s) => s.key), ...others.map((h) => h.key)];
  const labels = await readRsnaLabels(csv, keys, batch.options);
  for (let i = fresh.length; i < keys.length; i++) {
    if (!labels.labelled[i]) continue;
    const truth = batch.held.truthOf(others[i - fresh.length].id).get(0);
    if (truth !== undefined && Number(truth) === labels.bits[i]) continue;
    const what = truth === undefined ? 'without a label' : `labelled ${describeBits(Number(truth))}`;
    throw badInput(`${csv}:${labels.firstLine[i]}: slice "${keys[i]}" is in the dataset already ${what}; a batch's CSV labels its new slices only (change that slice in the workstation)`);
  }
  // The rows repeated for slices the dataset has are not new labels.
  const labelledCount = labels.labelled.subarray(0, fresh.length).reduce((n, v) => n + v, 0);
  return { ...labels, labelledCount };
}

const describeBits = (bits: number) => CT_LABELS.slice(0, 5).filter((_, i) => bits & (1 << i)).join(' + ') || 'none';

/**
 * The new slices' places in display order: every series they join is ordered again with its stored slices, and
 * the dataset renumbered; stored slices whose place changed are moved here (call inside the transaction).
 */
type StoredRow = { id: number; key: string; patientId: string | null; studyUid: string | null; seriesUid: string | null; position: number | null; sortIndex: number; instanceNumber: number | null };

function instanceNumberOf(meta: string): number | null {
  const value = (JSON.parse(meta) as { instanceNumber?: unknown }).instanceNumber;
  return typeof value === 'number' ? value : null;
}

function placeSlices(db: Db, datasetId: number, fresh: readonly (HashedSlice & { path: string })[]): SliceRow[] {
  const storedRows = db
    .prepare(
      `SELECT id, key, patient_id AS patientId, study_uid AS studyUid, series_uid AS seriesUid, position, sort_index AS sortIndex,
              meta FROM items WHERE dataset_id = ? ORDER BY sort_index, id`,
    )
    .all(datasetId) as (Omit<StoredRow, 'instanceNumber'> & { meta: string })[];
  const stored: StoredRow[] = storedRows.map(({ meta, ...row }) => ({ ...row, instanceNumber: instanceNumberOf(meta) }));
  type Ref = { stored: (typeof stored)[number] } | { fresh: (typeof fresh)[number] };
  const series = new Map<string, { stored: StoredSlice<Ref>[]; added: (typeof fresh)[number][] }>();
  const group = (key: string) => {
    let entry = series.get(key);
    if (!entry) series.set(key, (entry = { stored: [], added: [] }));
    return entry;
  };
  for (const s of stored) group(seriesOrderKey(s.patientId, s.studyUid, s.seriesUid)).stored.push({ ref: { stored: s }, key: s.key, position: s.position, instanceNumber: s.instanceNumber });
  for (const s of fresh) group(seriesOrderKey(s.meta.patientId, s.meta.studyInstanceUid, s.meta.seriesInstanceUid)).added.push(s);

  const rows: SliceRow[] = [];
  const move = db.prepare('UPDATE items SET sort_index = ? WHERE id = ?');
  let index = 0;
  for (const key of [...series.keys()].sort()) {
    const { stored: held, added } = series.get(key)!;
    const ordered =
      added.length === 0
        ? held.map((h) => ({ ref: h.ref, position: h.position }))
        : mergeSeriesOrder<Ref>(
            held,
            added.map((s) => ({ ref: { fresh: s }, key: s.key, imagePosition: s.meta.imagePosition, imageOrientation: s.meta.imageOrientation, instanceNumber: s.meta.instanceNumber })),
          );
    for (const { ref, position } of ordered) {
      if ('stored' in ref) {
        if (ref.stored.sortIndex !== index) move.run(index, ref.stored.id);
      } else {
        rows.push({ key: ref.fresh.key, path: ref.fresh.path, meta: ref.fresh.meta, position, sortIndex: index, sha256: ref.fresh.sha256 });
      }
      index++;
    }
  }
  return rows;
}
