// Test layout (see STYLE.md §9), one vitest project per kind of dependency:
//   unit         test/unit/**    needs nothing; never starts a database
//   integration  every other test/**/*.test.ts except e2e; a real Postgres
//   e2e          test/e2e/**     Postgres and a real SQL Server (skipped visibly without one)
// Postgres is started by a globalSetup that only the integration and e2e projects have, and
// vitest runs a project's globalSetup only when one of its files is selected: so
// `vitest run test/unit` starts no server. Run with --config test/vitest.config.ts from the repo
// root (npm test does).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: repoRoot,
  test: {
    root: repoRoot,
    // No top-level `include`: projects with `extends: true` would concatenate it with their own.
    // Node streams and real sockets: keep each file in its own child process.
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**', 'test/e2e/**', '**/node_modules/**'],
          globalSetup: ['test/setup/global-postgres.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // SQL Server first: when a container must be pulled and started, that dominates.
          globalSetup: ['test/setup/global-sqlserver.ts', 'test/setup/global-postgres.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
