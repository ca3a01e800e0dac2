// Per-test Postgres databases on the server started by test/setup/global-postgres.ts.
// Each test (file) gets its own fresh database so tests can run in parallel without seeing
// each other's tables.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import pg from 'pg';
import '../setup/provided-context.js';

export interface TestDatabase {
  /** Connection URL of the new database (same server, user and password as adminUrl()). */
  readonly url: string;
  /** The database name, `t_<random hex>`. */
  readonly name: string;
  /** Drops the database, terminating any connections still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

/** Superuser URL of the test server's `postgres` database. */
export function adminUrl(): string {
  const url = inject('pgAdminUrl');
  if (!url) {
    throw new Error(
      'No test Postgres server: only test files under test/integration or test/e2e get one ' +
        '(see the projects in test/vitest.config.ts). Move this test there.',
    );
  }
  return url;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withPgClient(adminUrl(), (client) => client.query(`CREATE DATABASE ${name}`));
  let dropped = false;
  return {
    name,
    url: databaseUrl(adminUrl(), name),
    async drop() {
      if (dropped) return;
      // FORCE (Postgres 13+) terminates leftover sessions instead of failing with 55006;
      // leaks are reported separately by test/helpers/leak-check.ts.
      await withPgClient(adminUrl(), (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      dropped = true;
    },
  };
}

/** Same server and credentials as `url`, another database. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Connects, runs `work`, and always disconnects. */
export async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
