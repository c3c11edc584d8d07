import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      // Unit tests sit beside the code they test, in every layer.
      { test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'integration', include: ['tests/integration/**/*.test.ts', 'tests/realdata/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      {
        // The real renderer in Debian's Chromium against a real `loupe serve`; one file at a time.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          maxWorkers: 1,
          // expect.poll waits for what the page and the host do in their own time (a save, a refetch); its
          // default second is too short on a loaded two-core CI machine. A wait bound, not a speed assertion.
          expect: { poll: { timeout: 20_000 } },
        },
      },
    ],
  },
});
