// Pieces every importer shares: progress reports, folder checks, dataset naming and the dataset row.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Db } from '../../db/database';
import type { DatasetKind } from '../../../shared/domain';
import { LoupeError, badInput } from '../../../shared/errors';

/** What an import brought in; one type for the CLI, the import job's result and the import dialog. */
export type { ImportReport } from '../../../shared/api/types';

export interface ImportProgress {
  phase: 'scanning' | 'reading labels' | 'writing';
  done: number;
  total: number | null;
}
export type ProgressListener = (progress: ImportProgress) => void;

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
  const name = (wanted ?? basename(folder)).trim();
  if (!name) throw badInput('a dataset needs a name (--name)');
  if (/^\d+$/.test(name)) throw badInput(`dataset name "${name}" is only digits, which would read as an id; choose another --name`);
  if (db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name)) {
    throw new LoupeError('conflict', `a dataset named "${name}" exists already; choose another --name`);
  }
  return name;
}

export function insertDataset(db: Db, kind: DatasetKind, name: string, root: string, labelsFile: string | null, now: string): number {
  return Number(
    db
      .prepare('INSERT INTO datasets (name, kind, root, labels_file, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(name, kind, root, labelsFile, now).lastInsertRowid,
  );
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
