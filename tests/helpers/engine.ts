// Which engine the suite runs on: SQLite, or PostgreSQL in the *-postgres projects (see vitest.config.ts).
import { describe, it } from 'vitest';

export const onPostgres = (): boolean => Boolean(process.env.LOUPE_STORE_POSTGRES);

/** For what only SQLite's file has (WAL, PRAGMAs, the file on disk): skipped on PostgreSQL. */
export const describeSqliteFile = describe.skipIf(onPostgres());
export const itSqliteFile = it.skipIf(onPostgres());
