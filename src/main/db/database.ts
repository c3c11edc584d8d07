// Opens the store and brings its schema to the newest version: an embedded SQLite file (WAL, foreign keys),
// or a team database on PostgreSQL (`postgres://…`), with the same migrations and the same services above.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { migrations } from './migrations';
import { toPostgresDdl } from './postgres/dialect';
import { PostgresDb } from './postgres/postgres-db';
import { isPostgresUrl, type Db, type Engine } from './store';

export type { Db, Engine, Statement } from './store';
export { isPostgresUrl, isUniqueViolation } from './store';

/**
 * The suite's second engine: with LOUPE_STORE_POSTGRES set to a server, every store a path names is kept
 * in that server instead, in a schema of its own per path (and a new one for each `:memory:`), so that the
 * same tests run on both engines. Not for people: a team database is named with `--db postgres://…`.
 */
const SHARED_SERVER = 'LOUPE_STORE_POSTGRES';
let memoryStores = 0;

/** Each open store's schema version before its migrations ran (what `loupe db migrate` reports). */
const versionsAtOpen = new WeakMap<Db, number>();

export function schemaVersionAtOpen(db: Db): number | undefined {
  return versionsAtOpen.get(db);
}

function schemaFor(file: string): string {
  if (file === ':memory:') return `mem_${process.pid}_${threadId}_${++memoryStores}_${Math.random().toString(36).slice(2, 8)}`;
  return `f_${createHash('sha1').update(resolve(file)).digest('hex').slice(0, 24)}`;
}

export function openDatabase(target: string): Db {
  if (isPostgresUrl(target)) return openPostgres(target, null);
  const server = process.env[SHARED_SERVER];
  if (server) return openPostgres(server, schemaFor(target));
  return openSqlite(target);
}

export function engineOf(db: Db): Engine {
  return db instanceof PostgresDb ? 'postgres' : 'sqlite';
}

/** The engine a `--db` target opens (with the suite's second engine in force, a path opens PostgreSQL). */
export function engineFor(target: string): Engine {
  return isPostgresUrl(target) || process.env[SHARED_SERVER] ? 'postgres' : 'sqlite';
}

function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw new Error(`${file}: cannot open the database (${(error as Error).message})`);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  versionsAtOpen.set(db, migrateSqlite(db, file));
  return db;
}

function openPostgres(url: string, schema: string | null): Db {
  let db: PostgresDb;
  try {
    db = PostgresDb.open(url, schema);
  } catch (error) {
    throw new Error(`cannot open the team database: ${(error as Error).message}`);
  }
  try {
    versionsAtOpen.set(db, migratePostgres(db));
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function tooNew(name: string, current: number): Error {
  return new Error(`${name}: schema version ${current} is newer than this Loupe (${migrations.length}); update Loupe`);
}

/** Applies every migration newer than `PRAGMA user_version`, each in its own transaction; returns the version before. */
function migrateSqlite(db: Database.Database, file: string): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) throw tooNew(file, current);
  for (let version = current + 1; version <= migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version - 1]);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return current;
}

/** The same migrations in PostgreSQL's dialect, under the store's lock (two processes may start at once). */
function migratePostgres(db: PostgresDb): number {
  const before = db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS loupe_schema (version BIGINT NOT NULL)');
    let current = db.prepare('SELECT version FROM loupe_schema').pluck().get() as number | undefined;
    if (current === undefined) {
      db.exec('INSERT INTO loupe_schema (version) VALUES (0)');
      current = 0;
    }
    if (current > migrations.length) throw tooNew(db.name, current);
    for (let version = current + 1; version <= migrations.length; version++) db.exec(toPostgresDdl(migrations[version - 1]));
    db.exec(`UPDATE loupe_schema SET version = ${migrations.length}`);
    return current;
  })();
  db.learnTables();
  return before;
}

/** The store's tables, by name (not the engine's own, nor the schema version's). */
export function tableNames(db: Db): string[] {
  const sql =
    db instanceof PostgresDb
      ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'loupe_schema' ORDER BY table_name"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
  return db.prepare(sql).pluck().all() as string[];
}

export function schemaVersion(db: Db): number {
  if (db instanceof PostgresDb) return db.prepare('SELECT version FROM loupe_schema').pluck().get() as number;
  return (db as Database.Database).pragma('user_version', { simple: true }) as number;
}
