// The suite's second engine: a throwaway PostgreSQL cluster for the *-postgres projects (see vitest.config.ts).
// LOUPE_TEST_POSTGRES_URL uses a server that is already running instead.
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../helpers/postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.LOUPE_TEST_POSTGRES_URL;
  const cluster = given ? null : await startPostgres();
  project.provide('postgresUrl', given ?? cluster!.url);
  return () => cluster?.stop();
}
