// `loupe db copy`: a whole workspace from one store to another (SQLite ↔ PostgreSQL, or SQLite → SQLite),
// every table of the schema in foreign-key order, every row and column by id, in one transaction on the
// target; a target that holds data is refused, and a failure leaves the target as it was.
import { engineOf, schemaVersion, type Db } from './database';
import { PostgresDb } from './postgres/postgres-db';
import { tablesInCreationOrder } from './schema-tables';

export interface TableCopied {
  table: string;
  rows: number;
}

/** A table's columns in their declared order. */
export function columnsOf(db: Db, table: string): string[] {
  if (db instanceof PostgresDb) {
    const rows = db.query('SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position', [table], 'array').rows;
    return rows.map((row) => String((row as unknown[])[0]));
  }
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name);
}

/** The first table of the schema that holds a row, or null when the store is empty. */
export function firstTableWithRows(db: Db, tables = tablesInCreationOrder()): string | null {
  for (const table of tables) if (db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined) return table;
  return null;
}

/** Every row of a table as arrays of values, by id where it has one (parents before their children). */
export function rowsOf(db: Db, table: string, columns: string[]): unknown[][] {
  const order = columns.includes('id') ? 'id' : columns.map((_, i) => i + 1).join(', ');
  return db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${order}`).raw().all() as unknown[][];
}

/** After ids were written explicitly, PostgreSQL's identity sequences continue after the largest. */
function resetIdentities(db: PostgresDb, tables: string[]): void {
  for (const table of tables) {
    if (!columnsOf(db, table).includes('id')) continue;
    db.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), MAX(id)) FROM ${table}`);
  }
}

/**
 * Copies every table from `source` into the empty `target` (both already at the newest schema).
 * Throws, without writing, when the target holds data or the schemas differ.
 */
export function copyStore(source: Db, target: Db, names: { from: string; to: string }): TableCopied[] {
  const [fromVersion, toVersion] = [schemaVersion(source), schemaVersion(target)];
  if (fromVersion !== toVersion) throw new Error(`${names.from} has schema version ${fromVersion}, ${names.to} ${toVersion}: open both with this Loupe first`);
  const tables = tablesInCreationOrder();
  const copied: TableCopied[] = [];
  // The source is read in one transaction too: one consistent state of it, even while others work on it.
  const copy = target.transaction(() => {
    const busy = firstTableWithRows(target, tables);
    if (busy) throw new Error(`${names.to} already holds data (table ${busy}): copy into a new, empty store`);
    for (const table of tables) {
      const columns = columnsOf(source, table);
      const missing = columns.filter((column) => !columnsOf(target, table).includes(column));
      if (missing.length) throw new Error(`${names.to}: table ${table} has no column ${missing.join(', ')}`);
      const insert = target.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      const rows = rowsOf(source, table, columns);
      const idAt = columns.indexOf('id');
      rows.forEach((row, index) => {
        try {
          insert.run(...row);
        } catch (error) {
          const which = idAt >= 0 ? `row id ${String(row[idAt])}` : `row ${index + 1}`;
          throw new Error(`${names.to} refused table ${table}, ${which} of ${names.from} (nothing was copied): ${(error as Error).message}`);
        }
      });
      copied.push({ table, rows: rows.length });
    }
    if (target instanceof PostgresDb) resetIdentities(target, tables);
  });
  source.transaction(() => copy())();
  return copied;
}

export const engineName = (db: Db): string => (engineOf(db) === 'postgres' ? 'PostgreSQL' : 'SQLite');
