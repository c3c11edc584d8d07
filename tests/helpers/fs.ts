// Test helpers: temporary folders, the shared real-data folder, and a fingerprint of a database.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tableNames, type Db } from '../../src/main/db/database';

export const repoRoot = resolve(import.meta.dirname, '../..');

/** ../shared/data beside the checkout, or LOUPE_SHARED_DATA. */
export const sharedData = resolve(process.env.LOUPE_SHARED_DATA ?? join(repoRoot, '../shared/data'));
export const hasSharedData = existsSync(join(sharedData, 'INVENTORY.md'));
if (!hasSharedData) {
  console.warn(`[real-data] ${sharedData} is absent: the real-data suites are SKIPPED (set LOUPE_SHARED_DATA to run them)`);
}

export function tempDir(prefix = 'loupe-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every row of every table, so a test can prove that a failed import changed nothing. */
export function fingerprint(db: Db): string {
  const tables = tableNames(db);
  return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).all().map((row) => JSON.stringify(row)).sort()]));
}
