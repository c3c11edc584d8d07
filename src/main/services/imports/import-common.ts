// Pieces every importer shares: progress reports, folder checks, dataset naming and the dataset row.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Db } from '../../db/database';
import type { DatasetKind } from '../../../shared/domain';
import type { DatasetWarning, ImportWarning, LeftOutFile } from '../../../shared/api/types';
import { LoupeError, badInput } from '../../../shared/errors';
import { checkDatasetName } from '../datasets/dataset-names';

/** What an import brought in; one type for the CLI, the import job's result and the import dialog. */
export type { ImportReport } from '../../../shared/api/types';

export interface ImportProgress {
  phase: 'scanning' | 'reading labels' | 'verifying' | 'writing';
  done: number;
  total: number | null;
}
export type ProgressListener = (progress: ImportProgress) => void;

/** Below this many slices a CT import decodes every slice in full unless asked not to; at or above, only when asked. */
export const VERIFY_BY_DEFAULT_BELOW = 10_000;

/**
 * The error for files that cannot be imported, collected over the whole folder so that one run names them all:
 * each failure is `<file>: <what is wrong>`; the first few are listed, then how many more.
 */
export function refuseFiles(failures: readonly string[], checked: number, what: string): LoupeError {
  if (failures.length === 1) return badInput(failures[0]);
  const listed = failures.slice(0, LISTED_FAILURES).join('; ');
  const more = failures.length > LISTED_FAILURES ? `; and ${failures.length - LISTED_FAILURES} more` : '';
  return badInput(`${failures.length} of ${checked} ${what} cannot be imported, nothing was written: ${listed}${more}`);
}
const LISTED_FAILURES = 5;

/** The error for a folder with nothing to import, naming what was left out. */
export function nothingToImport(root: string, what: string, leftOut: readonly LeftOutFile[]): LoupeError {
  const shown = leftOut.slice(0, LISTED_FAILURES).map((f) => `${f.file} (${f.reason})`).join(', ');
  const tail = leftOut.length === 0 ? 'the folder is empty' : `left out ${leftOut.length}: ${shown}${leftOut.length > LISTED_FAILURES ? ', …' : ''}`;
  return badInput(`${root}: no ${what} in this folder (${tail})`);
}

export function requireFolder(dir: string): string {
  const abs = resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    throw badInput(`${dir}: no such folder`);
  }
  if (!isDir) throw badInput(`${dir}: is not a folder`);
  return abs;
}

export function requireFile(file: string): string {
  const abs = resolve(file);
  let isFile = false;
  try {
    isFile = statSync(abs).isFile();
  } catch {
    throw badInput(`${file}: no such file`);
  }
  if (!isFile) throw badInput(`${file}: is not a file`);
  return abs;
}

/** The dataset's name: the one asked for, else the folder's name; it must not be taken already. */
export function chooseDatasetName(db: Db, folder: string, wanted?: string): string {
  return checkDatasetName(db, wanted ?? basename(folder));
}

export function insertDataset(
  db: Db,
  kind: DatasetKind,
  name: string,
  root: string,
  labelsFile: string | null,
  now: string,
  warnings: readonly ImportWarning[] = [],
): number {
  const meta = warnings.length ? { warnings: warningSummary(warnings) } : {};
  return Number(
    db
      .prepare('INSERT INTO datasets (name, kind, root, labels_file, created_at, meta) VALUES (?, ?, ?, ?, ?, ?)')
      .run(name, kind, root, labelsFile, now, JSON.stringify(meta)).lastInsertRowid,
  );
}

/** How the import's warnings are kept with the dataset: files per reason, so the dataset list can say it. */
export function warningSummary(warnings: readonly ImportWarning[], into: DatasetWarning[] = []): DatasetWarning[] {
  const byMessage = new Map(into.map((w) => [w.message, { ...w }]));
  const seen = new Map<string, Set<string>>();
  for (const w of warnings) {
    let files = seen.get(w.message);
    if (!files) seen.set(w.message, (files = new Set()));
    files.add(w.file);
  }
  for (const [message, files] of seen) {
    const held = byMessage.get(message);
    byMessage.set(message, { message, files: (held?.files ?? 0) + files.size });
  }
  return [...byMessage.values()];
}

/** The SHA-256 of a file's bytes, hex: how a batch tells a strip or slice it has already from one that changed. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new LoupeError('cancelled', 'import cancelled; nothing was written');
}

/** The first `bytes` bytes of a file (fewer when the file is shorter). */
export function readHead(file: string, bytes: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const head = new Uint8Array(bytes);
    const read = readSync(fd, head, 0, bytes, 0);
    return head.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
