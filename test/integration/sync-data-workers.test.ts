// Stage 2 on worker threads: each unit (whole table or key range) is read, encoded
// and COPYed on a worker with its own connections, the main thread planning and writing the
// progress file. Sources are built inside each worker from test/helpers/worker-memory-source.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StageEvent } from '../../src/run/events.js';
import type { WorkerMemory } from '../../src/workers/messages.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { createTargets, dataProgress, digestOf, rowsOf } from '../helpers/sync-harness.js';
import { proxyPostgresUrl, startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { testConfig } from '../helpers/test-config.js';
import {
  indexedDigest,
  indexedTable,
  openWorkerMemorySource,
  workerSourceSpec,
  type WorkerSourceArgs,
} from '../helpers/worker-memory-source.js';
import { syncData } from '../../src/stages/sync-data.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { syncOptions, type FlatSyncOptions } from '../helpers/stage-options.js';
import { SYNC_DEFAULTS } from '../helpers/sync-child.js';
import type { ResolvedConfig } from '../../src/config/types.js';

let db: TestDatabase;
let proxy: TcpProxy | undefined;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await expectNoOpenConnections(db.name, 5_000);
  await db.drop();
});

interface Run {
  readonly events?: StageEvent[];
  readonly onEvent?: (e: StageEvent) => void;
  readonly signal?: AbortSignal;
  readonly targetUrl?: string;
  readonly memory?: (m: readonly WorkerMemory[]) => void;
}

/** Stage 2 with workers: the main thread's source is the same memory source (catalog, MIN/MAX). */
function syncOnWorkers(config: ResolvedConfig, args: WorkerSourceArgs, o: Partial<FlatSyncOptions>, run: Run = {}) {
  const url = run.targetUrl ?? config.target.url;
  return syncData(
    {
      config,
      source: openWorkerMemorySource({ tables: args.tables }),
      openTarget: (max) => openTargetPool(url, max),
      signal: run.signal,
      listener: (e) => {
        run.events?.push(e);
        run.onEvent?.(e);
      },
      workers: { source: workerSourceSpec(args), targetUrl: url, onMemory: run.memory },
    },
    syncOptions({ ...SYNC_DEFAULTS, ...o }),
  );
}

describe('sync data on worker threads', () => {
  it('copies a 2M-row table in 8 ranges across 3 workers, and a small table, exactly', async () => {
    const config = testConfig(db.url);
    const args: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Huge', rows: 2_000_000 }, { schema: 'dbo', name: 'Small', rows: 10 }] };
    await createTargets(config, args.tables.map(indexedTable));
    let memory: readonly WorkerMemory[] = [];
    const summary = await syncOnWorkers(config, args, { parallel: 3, chunkRows: 250_000 }, { memory: (m) => (memory = m) });

    expect(summary).toMatchObject({ succeeded: 2, failed: [], rows: 2_000_010 });
    expect(await digestOf(db.url, 'public.huge')).toEqual(indexedDigest(2_000_000));
    expect(await digestOf(db.url, 'public.small')).toEqual(indexedDigest(10));
    expect(dataProgress(config)['dbo.Huge']).toMatchObject({ status: 'completed', rows_synced: 2_000_000, chunks_total: 8, chunks_done: 8 });
    expect(await rowsOf(db.url, "SELECT count(*)::int FROM mssql2pg.loaded_ranges WHERE target_table = '\"public\".\"huge\"'")).toEqual([[8]]);
    expect(memory).toHaveLength(3);
    for (const m of memory) expect(m.peakHeapBytes).toBeGreaterThan(0);
  }, 120_000);

  it('reports a value error from a worker with the same message as in one thread', async () => {
    const config = testConfig(db.url);
    const args: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Bad', rows: 100, nulAt: [42] }] };
    await createTargets(config, args.tables.map(indexedTable));
    const onWorkers = await syncOnWorkers(config, args, { parallel: 1 });
    const inThread = await syncData(
      { config, source: openWorkerMemorySource(args), openTarget: (max) => openTargetPool(db.url, max) },
      syncOptions({ ...SYNC_DEFAULTS, parallel: 1 }),
    );
    expect(onWorkers.failed).toHaveLength(1);
    expect(onWorkers.failed[0]!.error).toContain('Table dbo.Bad (data) failed: row with Id=42');
    expect(onWorkers.failed).toEqual(inThread.failed);
  });

  it('a Postgres connection cut mid-range retries that range only', async () => {
    const config = testConfig(db.url);
    const args: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Cut', rows: 40_000 }], slowEveryRows: 1_000, slowMs: 10 };
    await createTargets(config, args.tables.map(indexedTable));
    const viaProxy = await proxyPostgresUrl(db.url);
    proxy = viaProxy.proxy;
    const activeProxy = proxy;
    let cut = 0;
    const events: StageEvent[] = [];
    const onEvent = (e: StageEvent) => {
      // Two ranges committed, the third in flight.
      if (e.type === 'table:progress' && e.rows >= 25_000 && cut === 0) cut = activeProxy.cutAll();
    };
    const summary = await syncOnWorkers(config, args, { parallel: 1, chunkRows: 10_000 }, { events, onEvent, targetUrl: viaProxy.url });

    expect(cut).toBeGreaterThan(0);
    expect(summary.failed).toEqual([]);
    const retries = events.flatMap((e) => (e.type === 'table:retry' ? [e] : []));
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error).toMatch(/^key range \[20001,30001\) of Id: .*(ECONNRESET|EPIPE|Connection terminated)/);
    expect(await digestOf(db.url, 'public.cut')).toEqual(indexedDigest(40_000));
    expect(await rowsOf(db.url, 'SELECT count(*)::int FROM mssql2pg.loaded_ranges')).toEqual([[4]]);
  }, 60_000);

  it('an interrupt aborts the units on the workers (rolled back), and --resume finishes exactly', async () => {
    const config = testConfig(db.url);
    const args: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Big', rows: 60_000 }], slowEveryRows: 500, slowMs: 5 };
    await createTargets(config, args.tables.map(indexedTable));
    const stop = new AbortController();
    const onEvent = (e: StageEvent) => {
      if (e.type === 'table:progress' && e.rows >= 25_000) stop.abort(new Error('SIGINT'));
    };
    const first = await syncOnWorkers(config, args, { parallel: 2, chunkRows: 10_000 }, { signal: stop.signal, onEvent });
    expect(first.interrupted).toBe(true);
    expect(first.failed[0]!.error).toMatch(/^interrupted \(.*SIGINT/);
    const atStop = dataProgress(config)['dbo.Big']!;
    expect(atStop.chunks_done).toBeGreaterThan(0);
    expect(atStop.chunks_done).toBeLessThan(6);
    const [[rows, recorded]] = (await rowsOf(
      db.url,
      'SELECT (SELECT count(*)::int FROM public.big), (SELECT coalesce(sum(rows), 0)::int FROM mssql2pg.loaded_ranges)',
    )) as [[number, number]];
    // Only committed ranges are in the table: the aborted ones were rolled back.
    expect(rows).toBe(recorded);

    const resumed = await syncOnWorkers(config, args, { parallel: 2, chunkRows: 10_000, resume: true });
    expect(resumed.failed).toEqual([]);
    expect(await digestOf(db.url, 'public.big')).toEqual(indexedDigest(60_000));
  }, 60_000);

  it('a worker thread that dies fails its unit with the reason, and the next table runs on a fresh worker', async () => {
    const config = testConfig(db.url);
    const args: WorkerSourceArgs = {
      tables: [{ schema: 'dbo', name: 'Dies', rows: 1_000 }, { schema: 'dbo', name: 'Fine', rows: 100 }],
      exitAt: { table: 'dbo.Dies', rowIndex: 10, code: 7 },
    };
    await createTargets(config, args.tables.map(indexedTable));
    const summary = await syncOnWorkers(config, args, { parallel: 1 });
    expect(summary.failed).toEqual([{ table: 'dbo.Dies', error: expect.stringContaining('stage-2 worker thread failed: worker thread exited with code 7') }]);
    expect(summary.succeeded).toBe(1);
    expect(await rowsOf(db.url, 'SELECT (SELECT count(*)::int FROM public.dies), (SELECT count(*)::int FROM public.fine)')).toEqual([[0, 100]]);
  });

  it('a worker that cannot connect stops the run with the reason and without the password', async () => {
    const config = testConfig(db.url);
    const args: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'T', rows: 10 }] };
    await createTargets(config, args.tables.map(indexedTable));
    const closedPort = await startTcpProxy('127.0.0.1', 1);
    const unreachable = `postgres://u:secret-pw@127.0.0.1:${closedPort.port}/nowhere`;
    await closedPort.close();
    const run = syncData(
      {
        config,
        source: openWorkerMemorySource(args),
        openTarget: (max) => openTargetPool(db.url, max),
        workers: { source: workerSourceSpec(args), targetUrl: unreachable },
      },
      syncOptions({ ...SYNC_DEFAULTS, parallel: 2 }),
    );
    await expect(run).rejects.toThrow(/^A stage-2 worker thread could not open its connections: Cannot connect to PostgreSQL at/);
    await expect(run).rejects.not.toThrow(/secret-pw/);
  });
});
