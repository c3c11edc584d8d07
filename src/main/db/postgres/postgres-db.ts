// The store on PostgreSQL, with better-sqlite3's synchronous interface (see ../store.ts): statements are
// translated once (dialect.ts) and run through the bridge thread. Transactions nest as savepoints, and each
// takes the store's write lock (an advisory lock per schema), as SQLite's single writer does, so that a check
// and the write it guards (a save's base revision, a job taken from the queue) are never split by another process.
import { bridge, type BridgeAnswer, type BridgeRequest } from './bridge';
import { toPostgresQuery, type PostgresQuery } from './dialect';
import type { Db, RunResult, Statement, Transaction } from '../store';

export class PostgresStoreError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'PostgresStoreError';
  }
}

/** Bytes come back from the thread as Uint8Array; the services expect Buffers, as from SQLite. */
function asBuffers(value: unknown): unknown {
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

function rowValues(row: unknown): unknown {
  if (Array.isArray(row)) return row.map(asBuffers);
  if (row && typeof row === 'object') {
    for (const [key, value] of Object.entries(row)) if (value instanceof Uint8Array) (row as Record<string, unknown>)[key] = asBuffers(value);
  }
  return row;
}

interface Answer {
  rows: unknown[];
  rowCount: number;
}

export class PostgresDb implements Db {
  readonly engine = 'postgres' as const;
  private depth = 0;
  private tablesWithId = new Set<string>();
  private readonly queries = new Map<string, PostgresQuery>();
  private closed = false;

  private constructor(
    private readonly handle: number,
    /** Where it is, without a password: for messages. */
    readonly name: string,
  ) {}

  static open(url: string, schema: string | null): PostgresDb {
    const handle = PostgresDb.send({ op: 'connect', url, schema }, safeName(url)) as number;
    return new PostgresDb(handle, safeName(url) + (schema ? ` (schema ${schema})` : ''));
  }

  private static send(request: BridgeRequest, name: string): unknown {
    const answer: BridgeAnswer = bridge()(request);
    if ('error' in answer) {
      const { message, code, detail } = answer.error;
      throw new PostgresStoreError(`${name}: ${message}${detail ? ` (${detail})` : ''}`, code);
    }
    return answer.result;
  }

  private send(request: BridgeRequest): unknown {
    if (this.closed) throw new PostgresStoreError(`${this.name}: the database connection is closed`, 'closed');
    return PostgresDb.send(request, this.name);
  }

  /** Runs a query as it is (PostgreSQL's own SQL, `$n` placeholders). */
  query(text: string, values: unknown[] = [], rowMode?: 'array'): Answer {
    const answer = this.send({ op: 'query', handle: this.handle, text, values, rowMode }) as Answer;
    answer.rows = answer.rows.map(rowValues);
    return answer;
  }

  /** Re-reads which tables have an `id` (after migrations), for `lastInsertRowid`. */
  learnTables(): void {
    const rows = this.query("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id'", [], 'array').rows;
    this.tablesWithId = new Set(rows.map((row) => String((row as unknown[])[0])));
  }

  translate(sql: string): PostgresQuery {
    let query = this.queries.get(sql);
    if (!query) {
      query = toPostgresQuery(sql);
      this.queries.set(sql, query);
    }
    return query;
  }

  returnsId(query: PostgresQuery): boolean {
    return query.insertInto !== null && this.tablesWithId.has(query.insertInto);
  }

  prepare(sql: string): Statement {
    return new PostgresStatement(this, sql);
  }

  exec(sql: string): this {
    this.send({ op: 'exec', handle: this.handle, text: sql });
    return this;
  }

  transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F> {
    const run = (...args: Parameters<F>): ReturnType<F> => {
      const depth = this.depth;
      if (depth === 0) this.exec('BEGIN; SELECT pg_advisory_xact_lock(hashtext(current_schema()))');
      else this.exec(`SAVEPOINT loupe_${depth}`);
      this.depth++;
      try {
        const result = fn(...args) as ReturnType<F>;
        this.depth = depth;
        this.exec(depth === 0 ? 'COMMIT' : `RELEASE SAVEPOINT loupe_${depth}`);
        return result;
      } catch (error) {
        this.depth = depth;
        if (!this.closed) this.exec(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT loupe_${depth}; RELEASE SAVEPOINT loupe_${depth}`);
        throw error;
      }
    };
    return Object.assign(run, { immediate: run, deferred: run, exclusive: run }) as unknown as Transaction<F>;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  get open(): boolean {
    return !this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.send({ op: 'close', handle: this.handle });
    this.closed = true;
  }
}

class PostgresStatement implements Statement {
  private mode: 'rows' | 'pluck' | 'raw' = 'rows';

  constructor(
    private readonly db: PostgresDb,
    private readonly sql: string,
  ) {}

  pluck(toggle = true): this {
    this.mode = toggle ? 'pluck' : 'rows';
    return this;
  }

  raw(toggle = true): this {
    this.mode = toggle ? 'raw' : 'rows';
    return this;
  }

  private values(query: PostgresQuery, params: unknown[]): unknown[] {
    const values = params.length === 1 && Array.isArray(params[0]) ? [...(params[0] as unknown[])] : [...params];
    for (const index of query.arrayParams) {
      const value = values[index];
      values[index] = typeof value === 'string' ? JSON.parse(value) : value;
    }
    return values;
  }

  private fetch(params: unknown[]): unknown[] {
    const query = this.db.translate(this.sql);
    const rows = this.db.query(query.text, this.values(query, params), this.mode === 'rows' ? undefined : 'array').rows;
    return this.mode === 'pluck' ? rows.map((row) => (row as unknown[])[0]) : rows;
  }

  run(...params: unknown[]): RunResult {
    const query = this.db.translate(this.sql);
    const withId = this.db.returnsId(query);
    const answer = this.db.query(withId ? `${query.text} RETURNING id` : query.text, this.values(query, params), 'array');
    const last = answer.rows.at(-1) as unknown[] | undefined;
    return { changes: answer.rowCount, lastInsertRowid: withId && last ? Number(last[0]) : 0 };
  }

  get(...params: unknown[]): unknown {
    return this.fetch(params)[0];
  }

  all(...params: unknown[]): unknown[] {
    return this.fetch(params);
  }

  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.fetch(params)[Symbol.iterator]();
  }
}

/** A connection string without its password, for messages. */
export function safeName(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}
