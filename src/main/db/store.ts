// The store's interface, as the services use it: better-sqlite3's synchronous statements. SQLite's own
// Database is one; PostgresDb (postgres/postgres-db.ts) is the other, over PostgreSQL. Services write one
// portable SQL text per query (see postgres/dialect.ts for what is translated and what must be avoided).
export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** Each row is its first column's value. */
  pluck(toggle?: boolean): this;
  /** Each row is an array of its values. */
  raw(toggle?: boolean): this;
}

import type Database from 'better-sqlite3';

/** `immediate` — SQLite: BEGIN IMMEDIATE (the write lock first); on PostgreSQL every transaction takes the store's lock. */
export type Transaction<F extends (...params: never[]) => unknown> = Database.Transaction<F>;

export interface Db {
  prepare(sql: string): Statement;
  exec(sql: string): unknown;
  transaction<F extends (...params: never[]) => unknown>(fn: F): Transaction<F>;
  close(): unknown;
}

export type Engine = 'sqlite' | 'postgres';

/** True when a store error is a UNIQUE constraint refusing a row (SQLite's code or PostgreSQL's SQLSTATE). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

export const isPostgresUrl = (target: string): boolean => /^postgres(ql)?:\/\//i.test(target);
