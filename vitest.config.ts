import { defineConfig } from 'vitest/config';

/** The same tests again with every store on PostgreSQL (a cluster the project's global setup starts). */
const onPostgres = { globalSetup: ['tests/postgres/global-setup.ts'], setupFiles: ['tests/postgres/use-postgres.ts'] };

const e2e = {
  environment: 'node' as const,
  globalSetup: ['tests/e2e/global-setup.ts'],
  testTimeout: 120_000,
  hookTimeout: 240_000,
  fileParallelism: false,
  maxWorkers: 1,
  // expect.poll waits for what the page and the host do in their own time (a save, a refetch); its
  // default second is too short on a loaded two-core CI machine. A wait bound, not a speed assertion.
  expect: { poll: { timeout: 20_000 } },
};

export default defineConfig({
  test: {
    projects: [
      // Unit tests sit beside the code they test, in every layer.
      { test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'integration', include: ['tests/integration/**/*.test.ts', 'tests/realdata/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      // The main process's tests (the services on the store) and the integration tests, on PostgreSQL.
      { test: { name: 'unit-postgres', include: ['src/main/**/*.test.ts'], environment: 'node', ...onPostgres } },
      {
        test: { name: 'integration-postgres', include: ['tests/integration/**/*.test.ts', 'tests/realdata/**/*.test.ts'], environment: 'node', testTimeout: 60_000, ...onPostgres },
      },
      // The real renderer in Debian's Chromium against a real `loupe serve`; one file at a time.
      { test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], ...e2e } },
      // The team's e2e tests (people on one team database) again on PostgreSQL.
      { test: { name: 'e2e-postgres', include: ['tests/e2e/team-*.test.ts'], ...e2e, globalSetup: [...e2e.globalSetup, ...onPostgres.globalSetup], setupFiles: onPostgres.setupFiles } },
    ],
  },
});
