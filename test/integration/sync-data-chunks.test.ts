// Stage 2 key-range chunks against a real Postgres, with the in-memory source:
// a big table in ranges ends exact, an interrupted table resumes without reloading committed
// ranges, a cut connection retries only its range, and a truncating unit uses COPY FREEZE.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { StageEvent } from '../../src/run/events.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { MemoryRowSource } from '../helpers/memory-row-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { digestRows, seededRows, seededTable } from '../helpers/sync-child.js';
import { createTargets, dataProgress, digestOf, rowsOf, sync } from '../helpers/sync-harness.js';
import { proxyPostgresUrl, type TcpProxy } from '../helpers/tcp-proxy.js';
import { testConfig } from '../helpers/test-config.js';

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

const uniqueKeys = async (target: string) =>
  rowsOf(db.url, `SELECT count(*)::int - count(DISTINCT id)::int FROM ${target}`);

describe('sync data in key ranges', () => {
  it('copies a 2M-row table in 8 ranges across 3 units in flight, exactly, and records every range', async () => {
    const config = testConfig(db.url);
    const huge = seededTable('dbo', 'Huge', 2_000_000, 21);
    await createTargets(config, [huge]);
    const source = new MemoryRowSource([huge]);
    const summary = await sync(config, source, { parallel: 3, chunkRows: 250_000 });

    expect(summary).toMatchObject({ succeeded: 1, failed: [], rows: 2_000_000 });
    expect(source.rangeReads).toHaveLength(8);
    expect(await digestOf(db.url, 'public.huge')).toEqual(digestRows(seededRows(2_000_000, 21)));
    expect(dataProgress(config)['dbo.Huge']).toMatchObject({
      status: 'completed',
      rows_synced: 2_000_000,
      chunks_total: 8,
      chunks_done: 8,
      ranges_pending: [],
    });
    expect(await rowsOf(db.url, 'SELECT count(*)::int, sum(rows)::int FROM mssql2pg.loaded_ranges')).toEqual([[8, 2_000_000]]);
    // The identity sequence is moved past the copied keys once, after the last range.
    expect(await rowsOf(db.url, "SELECT nextval(pg_get_serial_sequence('public.huge', 'id'))::int")).toEqual([[2_000_001]]);
  }, 120_000);

  it('after an interrupt mid-table, --resume loads only the ranges that had not committed', async () => {
    const config = testConfig(db.url);
    const big = seededTable('dbo', 'Big', 60_000, 3);
    await createTargets(config, [big]);
    const stop = new AbortController();
    let committed = 0;
    const source = new MemoryRowSource([big], async ({ rowIndex }) => {
      if (committed >= 3 && rowIndex === 2_000) stop.abort(new Error('SIGINT'));
    });
    const onEvent = (e: StageEvent) => {
      if (e.type === 'table:progress' && e.rows >= 30_000) committed = 3;
    };
    const first = await sync(config, source, { parallel: 2, chunkRows: 10_000 }, { signal: stop.signal, onEvent });
    expect(first.interrupted).toBe(true);
    const atStop = dataProgress(config)['dbo.Big']!;
    expect(atStop.status).toBe('failed');
    expect(atStop.chunks_total).toBe(6);
    expect(atStop.chunks_done).toBeGreaterThanOrEqual(1);
    expect(atStop.chunks_done).toBeLessThan(6);
    expect(await uniqueKeys('public.big')).toEqual([[0]]);

    const again = new MemoryRowSource([big]);
    const resumed = await sync(config, again, { parallel: 2, chunkRows: 10_000, resume: true });
    expect(resumed).toMatchObject({ succeeded: 1, failed: [] });
    expect(again.rangeReads).toHaveLength(6 - atStop.chunks_done!);
    expect(await digestOf(db.url, 'public.big')).toEqual(digestRows(seededRows(60_000, 3)));
    expect(dataProgress(config)['dbo.Big']).toMatchObject({ status: 'completed', rows_synced: 60_000, chunks_done: 6 });
  }, 60_000);

  it('--resume starts the table over, with a warning, when the completion records were dropped between runs', async () => {
    const config = testConfig(db.url);
    const big = seededTable('dbo', 'Big', 40_000, 6);
    await createTargets(config, [big]);
    const stop = new AbortController();
    const source = new MemoryRowSource([big]);
    const onEvent = (e: StageEvent) => {
      if (e.type === 'table:progress' && e.rows >= 25_000) stop.abort(new Error('SIGINT'));
    };
    await sync(config, source, { parallel: 1, chunkRows: 10_000 }, { signal: stop.signal, onEvent });
    expect(dataProgress(config)['dbo.Big']!.chunks_done).toBeGreaterThan(0);
    await rowsOf(db.url, 'DROP SCHEMA mssql2pg CASCADE');

    const again = new MemoryRowSource([big]);
    const resumed = await sync(config, again, { parallel: 1, chunkRows: 10_000, resume: true });
    expect(resumed.failed).toEqual([]);
    expect(resumed.warnings).toEqual([{ table: 'dbo.Big', message: expect.stringMatching(/in mssql2pg\.loaded_ranges; the table was copied again from the start/) }]);
    expect(again.rangeReads).toHaveLength(4);
    expect(await digestOf(db.url, 'public.big')).toEqual(digestRows(seededRows(40_000, 6)));
  });

  it('a run without --resume starts a chunked table over', async () => {
    const config = testConfig(db.url);
    const big = seededTable('dbo', 'Big', 30_000, 4);
    await createTargets(config, [big]);
    await sync(config, new MemoryRowSource([big]), { chunkRows: 10_000 });
    const second = new MemoryRowSource([big]);
    await sync(config, second, { chunkRows: 10_000 });
    expect(second.rangeReads).toHaveLength(3);
    expect(await digestOf(db.url, 'public.big')).toEqual(digestRows(seededRows(30_000, 4)));
    // Rows of the first run's plan are gone: only the current plan is kept.
    expect(await rowsOf(db.url, 'SELECT count(DISTINCT chunk_plan)::int FROM mssql2pg.loaded_ranges')).toEqual([[1]]);
  });

  it('a Postgres connection cut mid-range retries that range only', async () => {
    const config = testConfig(db.url);
    const big = seededTable('dbo', 'Cut', 40_000, 9);
    await createTargets(config, [big]);
    const viaProxy = await proxyPostgresUrl(db.url);
    proxy = viaProxy.proxy;
    const activeProxy = proxy;
    let cut = 0;
    const source = new MemoryRowSource([big], ({ attempt, rowIndex }) => {
      if (attempt === 3 && rowIndex === 5_000 && cut === 0) cut = activeProxy.cutAll();
    });
    const events: StageEvent[] = [];
    const summary = await sync(config, source, { parallel: 1, chunkRows: 10_000 }, { events, targetUrl: viaProxy.url });

    expect(cut).toBeGreaterThan(0);
    expect(summary.failed).toEqual([]);
    // Four ranges, the third read twice; the others once.
    expect(source.rangeReads).toEqual([
      'dbo.Cut [-inf,10001)',
      'dbo.Cut [10001,20001)',
      'dbo.Cut [20001,30001)',
      'dbo.Cut [20001,30001)',
      'dbo.Cut [30001,+inf)',
    ]);
    const retries = events.flatMap((e) => (e.type === 'table:retry' ? [e] : []));
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error).toMatch(/^key range \[20001,30001\) of Id: .*(ECONNRESET|EPIPE|Connection terminated)/);
    expect(await digestOf(db.url, 'public.cut')).toEqual(digestRows(seededRows(40_000, 9)));
  });
});

describe('COPY FREEZE', () => {
  /** A pool that records every statement its clients send (COPY arrives as a submittable with .text). */
  async function recordingPool(url: string, max: number, seen: string[]): Promise<pg.Pool> {
    const pool = await openTargetPool(url, max);
    const wrapped = new WeakSet<object>();
    const record = (client: pg.PoolClient | undefined): void => {
      if (client === undefined || wrapped.has(client)) return;
      wrapped.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const first = args[0] as string | { text?: string };
        seen.push(typeof first === 'string' ? first : (first.text ?? ''));
        return query(...args);
      };
    };
    type Callback = (err: Error | undefined, client: pg.PoolClient | undefined, done: unknown) => void;
    const connect = pool.connect.bind(pool) as unknown as (cb?: Callback) => Promise<pg.PoolClient> | undefined;
    // pool.query() calls connect with a callback, copyIntoTable awaits the promise: wrap both.
    (pool as unknown as { connect: (cb?: Callback) => unknown }).connect = (cb?: Callback) => {
      if (cb) return connect((err, client, done) => (record(client), cb(err, client, done)));
      return connect()!.then((client) => (record(client), client));
    };
    return pool;
  }

  it('is used by a truncating unit (whole table, first range) and never without the truncate', async () => {
    const config = testConfig(db.url);
    const whole = seededTable('dbo', 'Whole', 500, 1);
    const ranged = seededTable('dbo', 'Ranged', 3_000, 2);
    await createTargets(config, [whole, ranged]);
    const seen: string[] = [];
    const { syncData } = await import('../../src/stages/sync-data.js');
    const { SYNC_DEFAULTS } = await import('../helpers/sync-child.js');
    const { syncOptions } = await import('../helpers/stage-options.js');
    const summary = await syncData(
      { config, source: new MemoryRowSource([whole, ranged]), openTarget: (max) => recordingPool(db.url, max, seen) },
      syncOptions({ ...SYNC_DEFAULTS, chunkRows: 1_000 }),
    );
    expect(summary.failed).toEqual([]);
    const copies = seen.filter((s) => s.startsWith('COPY'));
    expect(copies.filter((s) => s.includes('"whole"'))).toEqual([expect.stringMatching(/FROM STDIN WITH \(FREEZE\)$/)]);
    const rangedCopies = copies.filter((s) => s.includes('"ranged"'));
    expect(rangedCopies).toHaveLength(3);
    expect(rangedCopies.filter((s) => s.endsWith('WITH (FREEZE)'))).toHaveLength(1);
    expect(await digestOf(db.url, 'public.whole')).toEqual(digestRows(seededRows(500, 1)));
    expect(await digestOf(db.url, 'public.ranged')).toEqual(digestRows(seededRows(3_000, 2)));

    seen.length = 0;
    await rowsOf(db.url, 'TRUNCATE public.whole');
    const kept = await syncData(
      { config, source: new MemoryRowSource([whole]), openTarget: (max) => recordingPool(db.url, max, seen) },
      syncOptions({ ...SYNC_DEFAULTS, truncate: false }),
    );
    expect(kept.failed).toEqual([]);
    expect(seen.filter((s) => s.startsWith('COPY'))).toEqual([expect.not.stringContaining('FREEZE')]);
  });
});
