// What every batch added to an existing dataset shares (see add-items.ts): the batch's folder inside the
// dataset's, the items it meets by key, the same-key rule and the one transaction it is written in.
//
// Adding a batch of files to an existing dataset (`loupe add`, "Add images…", a watched folder). The batch is
// checked like an import — every strip decoded, every slice's structure checked and (by default) decoded — and a
// file whose key the dataset has already is skipped when its bytes are the same and refused when they differ,
// naming both files. Labels from a CSV apply to the new items only. Everything is checked first and then written
// in one transaction, so a bad file leaves the dataset as it was.
//
// Files are only ever read inside a dataset's folder, so a batch must lie in the dataset's folder or a folder
// inside it; a folder elsewhere is refused (copy or move the files into the dataset's folder first).
import { readFileSync, realpathSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Db } from '../../db/database';
import { isUniqueViolation } from '../../db/store';
import type { Clock } from '../clock';
import type { Dataset } from '../datasets/datasets';
import type { ImportReport, ImportWarning, UnchangedFile } from '../../../shared/api/types';
import { LoupeError, badInput } from '../../../shared/errors';
import { decideBatchFile } from '../../../shared/batch-rules';
import { isInside, realPathInside } from '../../security/paths';
import { type ProgressListener, sha256Of, warningSummary } from './import-common';

export interface AddOptions {
  /** The dataset's name or id. */
  dataset: string | number;
  /** The batch's folder: the dataset's folder or a folder inside it. */
  dir: string;
  /** Only these files of the folder (relative to it): a watched folder's complete arrivals. Default: every file. */
  files?: readonly string[];
  /** Labels of the new items (Severstal train.csv or RSNA ID,Label); without it the new items are unlabelled. */
  labelsCsv?: string;
  /** Skip label rows whose image is in neither the batch nor the dataset, instead of failing. */
  allowMissing?: boolean;
  /** CT: recompute `any` from the five subtypes instead of failing when they disagree. */
  fixAny?: boolean;
  /** CT: decode every slice in full (default below VERIFY_BY_DEFAULT_BELOW slices). */
  verify?: boolean;
  author: string;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface AddResult {
  report: ImportReport;
  /** The new items, in display order. */
  itemIds: number[];
}

/** What the kind-specific part of an add is given. */
export interface Batch {
  db: Db;
  clock: Clock;
  dataset: Dataset;
  /** The batch's folder, absolute. */
  dir: string;
  /** Where the folder lies inside the dataset's folder: '' for the folder itself, else 'sub/dir/'. */
  prefix: string;
  csv: string | null;
  held: HeldItems;
  options: AddOptions;
}

/** Where `dir` lies inside the dataset's folder ('' or 'a/b/'), compared as real paths; refused when it lies outside. */
export function folderInside(dataset: Dataset, dir: string): string {
  let realRoot: string;
  try {
    realRoot = realpathSync(dataset.root);
  } catch {
    throw new LoupeError('not_found', `the folder of dataset "${dataset.name}" (${dataset.root}) is missing`);
  }
  const realDir = realpathSync(resolve(dir));
  if (realDir === realRoot) return '';
  if (!isInside(realRoot, realDir)) {
    throw badInput(
      `${dir} is not inside the folder of dataset "${dataset.name}" (${dataset.root}): Loupe reads a dataset's files only inside its folder, so put the new files in that folder or in a folder inside it`,
    );
  }
  return `${relative(realRoot, realDir).split(sep).join('/')}/`;
}

/** An item of the dataset that a batch's file shares its key with. */
export interface HeldItem {
  id: number;
  path: string;
  sha256: string | null;
}

/** The dataset's items as a batch meets them: by key, with their file's hash (stored, or computed once when met). */
export class HeldItems {
  /** Hashes computed from old items' files while checking the batch, stored with it. */
  readonly computed = new Map<number, string>();
  private readonly byKey;
  private readonly truth;

  constructor(
    private readonly db: Db,
    private readonly dataset: Dataset,
  ) {
    this.byKey = db.prepare('SELECT id, path, sha256 FROM items WHERE dataset_id = ? AND key = ?');
    this.truth = db.prepare("SELECT class_id AS classId, payload FROM label_revisions WHERE item_id = ? AND source = 'truth' ORDER BY id");
  }

  get(key: string): HeldItem | undefined {
    return this.byKey.get(this.dataset.id, key) as HeldItem | undefined;
  }

  /** The item's imported truth, classId → payload (empty when it has none). */
  truthOf(itemId: number): Map<number, string> {
    return new Map((this.truth.all(itemId) as { classId: number; payload: string }[]).map((r) => [r.classId, r.payload]));
  }

  /** The item's file, absolute. */
  fileOf(item: HeldItem): string {
    return join(this.dataset.root, item.path);
  }

  /** The SHA-256 of the item's file: stored, else read from its file now (null when the file cannot be read). */
  hashOf(item: HeldItem): string | null {
    if (item.sha256 !== null) return item.sha256;
    const known = this.computed.get(item.id);
    if (known !== undefined) return known;
    const found = realPathInside(this.dataset.root, item.path);
    if (!found.ok) return null;
    try {
      const hash = sha256Of(readFileSync(found.path));
      this.computed.set(item.id, hash);
      return hash;
    } catch {
      return null;
    }
  }

  /** Stores the hashes computed for old items (call inside the batch's transaction). */
  storeComputed(): void {
    const update = this.db.prepare('UPDATE items SET sha256 = ? WHERE id = ? AND sha256 IS NULL');
    for (const [id, hash] of this.computed) update.run(hash, id);
  }
}

/**
 * The batch's files split by the same-key rule: the new ones, and those the dataset has with the same bytes.
 * Files whose key the dataset has with other bytes are refused all together, each naming both files.
 */
export function sortOutBatch<T extends { key: string; file: string; sha256: string }>(batch: Batch, files: readonly T[], what: 'image' | 'slice'): { fresh: T[]; unchanged: UnchangedFile[] } {
  const fresh: T[] = [];
  const unchanged: UnchangedFile[] = [];
  const conflicts: string[] = [];
  for (const f of files) {
    const held = batch.held.get(f.key);
    if (held === undefined) {
      fresh.push(f);
      continue;
    }
    const heldFile = batch.held.fileOf(held);
    const heldHash = batch.held.hashOf(held);
    const newFile = join(batch.dir, f.file);
    if (heldHash === null) {
      conflicts.push(`${newFile}: ${what} "${f.key}" is in the dataset already as ${heldFile}, which cannot be read to compare them`);
      continue;
    }
    const decision = decideBatchFile(heldHash, f.sha256);
    if (decision === 'unchanged') unchanged.push({ file: f.file, key: f.key });
    else if (resolve(heldFile) === resolve(newFile)) conflicts.push(`${newFile}: its bytes changed since the dataset took ${what} "${f.key}" from it`);
    else conflicts.push(`${newFile}: ${what} "${f.key}" is in the dataset already as ${heldFile}, with other bytes (one id cannot name two ${what}s)`);
  }
  if (conflicts.length === 1) throw new LoupeError('conflict', `${conflicts[0]}; nothing was added`);
  if (conflicts.length > 1) {
    const listed = conflicts.slice(0, 5).join('; ');
    const more = conflicts.length > 5 ? `; and ${conflicts.length - 5} more` : '';
    throw new LoupeError('conflict', `${conflicts.length} files of the batch have the id of another file of the dataset, nothing was added: ${listed}${more}`);
  }
  return { fresh, unchanged };
}

/** The batch's write, translating the store's refusal of a key another batch added meanwhile. */
export function writeBatch<T>(batch: Batch, write: () => T): T {
  try {
    return batch.db.transaction(() => {
      const result = write();
      batch.held.storeComputed();
      return result;
    })();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new LoupeError('conflict', `another batch added some of these files to dataset "${batch.dataset.name}" meanwhile; nothing was added: add the folder again`);
    }
    throw error;
  }
}

/** Adds a batch's warnings to those the dataset keeps (call inside the batch's transaction). */
export function keepWarnings(db: Db, datasetId: number, warnings: readonly ImportWarning[]): void {
  if (warnings.length === 0) return;
  const row = db.prepare('SELECT meta FROM datasets WHERE id = ?').get(datasetId) as { meta: string };
  const meta = JSON.parse(row.meta || '{}') as { warnings?: { message: string; files: number }[] };
  meta.warnings = warningSummary(warnings, meta.warnings ?? []);
  db.prepare('UPDATE datasets SET meta = ? WHERE id = ?').run(JSON.stringify(meta), datasetId);
}
