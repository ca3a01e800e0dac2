// A PostgreSQL that accepts the connection and never answers (issue: still hung after 9 min 32 s,
// and SIGTERM changed nothing). The connect timeout ends it with exit 3 naming host:port; a
// signal while it waits ends it at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { openTargetPool } from '../../src/postgres/pool.js';
import { cliPiped, workDir } from '../helpers/cli-process.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startSilentServer } from '../helpers/tcp-proxy.js';
import type { WorkerSourceArgs } from '../helpers/worker-memory-source.js';

const TABLES: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'A', rows: 10 }] };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let silent: Awaited<ReturnType<typeof startSilentServer>>;
beforeEach(async () => {
  silent = await startSilentServer();
});
afterEach(async () => {
  await silent.close();
});

const silentUrl = () => `postgres://migrator:NotUsed-1@127.0.0.1:${silent.port}/shop`;

describe('a PostgreSQL that never answers', () => {
  it('ends the command with exit 3 after the connect timeout, naming host:port, the password masked', async () => {
    const started = Date.now();
    const run = cliPiped(TABLES, ['replicate', 'schema', '--pg-connect-timeout-ms', '1500'], workDir(), { pgUrl: silentUrl() });
    const { code, stderr } = await run.exited;
    const elapsed = Date.now() - started;
    expect(code).toBe(3);
    expect(stderr).toContain(`Cannot connect to PostgreSQL at 127.0.0.1:${silent.port} (postgres://migrator:***@127.0.0.1:${silent.port}/shop): no answer within 1.5 s`);
    expect(stderr).toContain('--pg-connect-timeout-ms');
    expect(stderr).not.toContain('NotUsed-1');
    expect(silent.accepted()).toBeGreaterThan(0);
    // The timeout, not the test's own: well under the 30 s default.
    expect(elapsed).toBeLessThan(20_000);
  }, 30_000);

  it('the timeout comes from the environment too (PG_CONNECT_TIMEOUT_MS)', async () => {
    const run = cliPiped(TABLES, ['sync', 'data'], workDir(), { pgUrl: silentUrl(), extra: { PG_CONNECT_TIMEOUT_MS: '1000' } });
    const { code, stderr } = await run.exited;
    expect(code).toBe(3);
    expect(stderr).toContain('no answer within 1.0 s');
  }, 30_000);

  it('SIGTERM while it waits ends the command at once: exit 130, nothing touched', async () => {
    const run = cliPiped(TABLES, ['replicate', 'schema'], workDir(), { pgUrl: silentUrl() });
    while (silent.accepted() === 0) await sleep(20);
    const signalledAt = Date.now();
    run.kill('SIGTERM');
    const { code, stderr } = await run.exited;
    expect(code).toBe(130);
    expect(stderr).toContain('SIGTERM: stopping.');
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
  }, 30_000);
});

describe('connections to a PostgreSQL that answers', () => {
  let db: TestDatabase;
  let pool: pg.Pool | undefined;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await pool?.end();
    pool = undefined;
    await db.drop();
  });

  it('have TCP keepalive on with the configured idle time, and the connect timeout on the client only (not on waiting for a pooled one)', async () => {
    pool = await openTargetPool({ url: db.url, connectTimeoutMs: 4_000, keepAliveMs: 7_000 }, 1);
    const options = (pool as unknown as { options: Record<string, unknown> }).options;
    expect(options).toMatchObject({ keepAlive: true, keepAliveInitialDelayMillis: 7_000 });
    expect(options.connectionTimeoutMillis).toBeUndefined();
    // A unit waiting for the pool's only connection waits past the connect timeout.
    const held = await pool.connect();
    const waiting = pool.query('SELECT 1 AS one');
    await sleep(200);
    held.release();
    expect((await waiting).rows).toEqual([{ one: 1 }]);
  });
});
