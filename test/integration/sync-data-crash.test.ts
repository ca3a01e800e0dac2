// Stage 2 when things break below it: the migrator process killed mid-COPY (SIGKILL, so no
// cleanup code runs at all), and the Postgres connection cut mid-COPY. Both must end, after a
// resume or a retry, with exactly the source rows: never a half table, never a duplicate.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressFile } from '../../src/progress/types.js';
import type { StageEvent } from '../../src/run/events.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { MemoryRowSource } from '../helpers/memory-row-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { CHILD_BIG_TABLE, childTables, digestRows, seededRows, seededTable, type SyncChildArgs } from '../helpers/sync-child.js';
import { createTargets, dataProgress, digestOf, rowsOf, sync } from '../helpers/sync-harness.js';
import { proxyPostgresUrl, type TcpProxy } from '../helpers/tcp-proxy.js';
import { testConfig } from '../helpers/test-config.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

let db: TestDatabase;
let child: ChildProcess | undefined;
let proxy: TcpProxy | undefined;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  await proxy?.close();
  proxy = undefined;
  await expectNoOpenConnections(db.name, 5_000);
  await db.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns true; the tracker persists rows at most every 2 s. */
async function waitFor(what: string, check: () => boolean, timeoutMs: number, alive: () => string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    const died = alive();
    if (died !== null) throw new Error(`child exited before ${what}: ${died}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function readProgressFile(file: string): ProgressFile | null {
  if (!existsSync(file)) return null;
  // The file is replaced by rename, so a read sees a whole version or the previous one.
  return JSON.parse(readFileSync(file, 'utf8')) as ProgressFile;
}

describe('sync data when the process or the connection dies', () => {
  it('after SIGKILL mid-table, the uncommitted COPY left nothing and --resume copies exactly the source rows', async () => {
    const config = testConfig(db.url);
    const args: SyncChildArgs = { targetUrl: db.url, progressDir: config.progressDir, rows: 200_000, seed: 5, slowEveryRows: 500, slowMs: 20 };
    await createTargets(config, childTables(args));

    let stderr = '';
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/sync-child.ts', JSON.stringify(args)], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = proc;
    proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const progressFile = path.join(config.progressDir, 'data_sync_progress.json');
    const alive = () => (proc.exitCode !== null || proc.signalCode !== null ? `exit ${String(proc.exitCode)}: ${stderr}` : null);
    await waitFor(
      `${CHILD_BIG_TABLE} in_progress with rows_synced > 0`,
      () => {
        const entry = readProgressFile(progressFile)?.tables[CHILD_BIG_TABLE]?.data;
        return entry?.status === 'in_progress' && entry.rows_synced > 0;
      },
      20_000,
      alive,
    );
    proc.kill('SIGKILL');
    await exited;

    const atKill = dataProgress(config)[CHILD_BIG_TABLE]!;
    expect(atKill.status).toBe('in_progress');
    expect(atKill.rows_synced).toBeGreaterThan(0);
    expect(atKill.rows_synced).toBeLessThan(args.rows);
    // The COPY's transaction never committed (Postgres rolls it back when the socket closes).
    expect(await rowsOf(db.url, 'SELECT count(*)::int FROM public.big')).toEqual([[0]]);

    const events: StageEvent[] = [];
    const resumed = await sync(config, new MemoryRowSource(childTables(args)), { resume: true }, { events });
    const notices = events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));
    expect(notices).toContainEqual(expect.stringContaining(`Took over a stale lock left by pid ${proc.pid}`));
    expect(resumed).toMatchObject({ succeeded: 2, skipped: 0, failed: [] });
    expect(await digestOf(db.url, 'public.big')).toEqual(digestRows(seededRows(args.rows, args.seed)));
    expect(await digestOf(db.url, 'public.small')).toEqual(digestRows(seededRows(50, args.seed + 1)));
    expect(dataProgress(config)[CHILD_BIG_TABLE]).toMatchObject({ status: 'completed', rows_synced: args.rows });
    expect(existsSync(path.join(config.progressDir, 'data_sync_progress.json.lock'))).toBe(false);
  }, 60_000);

  // Regression: the cut made node-postgres emit 'error' on the checked-out client, which had no
  // listener, so the process died of an uncaught exception (vitest fails the run on one).
  it('a Postgres connection cut mid-COPY is retried and the table ends with exactly the source rows, without an uncaught client error', async () => {
    const config = testConfig(db.url);
    const big = seededTable('dbo', 'Cut', 60_000, 9);
    await createTargets(config, [big]);
    const viaProxy = await proxyPostgresUrl(db.url);
    proxy = viaProxy.proxy;
    const activeProxy = proxy;
    let cut = 0;
    const source = new MemoryRowSource([big], ({ attempt, rowIndex }) => {
      if (attempt === 1 && rowIndex === 20_000) cut = activeProxy.cutAll();
    });
    const events: StageEvent[] = [];
    const summary = await sync(config, source, { truncate: false }, { events, targetUrl: viaProxy.url });

    expect(cut).toBeGreaterThan(0);
    expect(summary.failed).toEqual([]);
    expect(source.attempts.get('dbo.Cut')).toBe(2);
    const retries = events.flatMap((e) => (e.type === 'table:retry' ? [e] : []));
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ table: 'dbo.Cut', attempt: 1 });
    // node-postgres reports the cut as a socket error or an unexpected end, depending on timing.
    expect(retries[0]!.error).toMatch(/ECONNRESET|EPIPE|Connection terminated/);
    expect(await digestOf(db.url, 'public.cut')).toEqual(digestRows(seededRows(60_000, 9)));
    expect(dataProgress(config)['dbo.Cut']).toMatchObject({ status: 'completed', rows_synced: 60_000 });
  });
});
