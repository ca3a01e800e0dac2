// Stage 2 across runs: batch windows then --resume, parallel tables largest first, and an
// interrupt that rolls the running table back and starts nothing new. Real Postgres; the source
// is the in-memory double behind RowSource (there is no SQL Server here).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StageEvent } from '../../src/run/events.js';
import type { ReadTableOptions, RowSource, TableRead } from '../../src/sqlserver/contract.js';
import type { TableModel } from '../../src/catalog/model.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { MemoryRowSource } from '../helpers/memory-row-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { digestRows, seededRows, seededTable } from '../helpers/sync-child.js';
import { createTargets, dataProgress, digestOf, rowsOf, startedTables, sync } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await expectNoOpenConnections(db.name);
  await db.drop();
});

/** Counts reads in flight (from the first row pulled until the reader finishes or is cancelled). */
class ConcurrencyProbe implements RowSource {
  active = 0;
  maxActive = 0;
  constructor(private readonly inner: RowSource) {}
  loadCatalog() {
    return this.inner.loadCatalog();
  }
  close() {
    return this.inner.close();
  }
  readTable(table: TableModel, options: ReadTableOptions): TableRead {
    const read = this.inner.readTable(table, options);
    const probe = this;
    async function* rows(): AsyncGenerator<readonly unknown[]> {
      probe.active += 1;
      probe.maxActive = Math.max(probe.maxActive, probe.active);
      try {
        yield* read.rows;
      } finally {
        probe.active -= 1;
      }
    }
    return { columns: read.columns, rows: rows() };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sync data runs', () => {
  it('runs only the --start-from/--until/--max-tables window, then --resume runs the rest and skips completed tables', async () => {
    const config = testConfig(db.url);
    const names = ['TA', 'TB', 'TC', 'TD', 'TE'];
    const tables = names.map((n, i) => seededTable('dbo', n, 30 + i, 10 + i));
    await createTargets(config, tables);
    const source = new MemoryRowSource(tables);
    const count = async (t: string) => (await rowsOf(db.url, `SELECT count(*)::int FROM public.${t}`))[0]![0];

    const events1: StageEvent[] = [];
    const first = await sync(config, source, { startFrom: 'TB', until: 'dbo.TD' }, { events: events1 });
    expect(first).toMatchObject({ window: 3, succeeded: 3, skipped: 0, failed: [] });
    expect(startedTables(events1).sort()).toEqual(['dbo.TB', 'dbo.TC', 'dbo.TD']);
    expect(await count('ta')).toBe(0);
    expect(await count('te')).toBe(0);
    expect(Object.keys(dataProgress(config)).sort()).toEqual(['dbo.TB', 'dbo.TC', 'dbo.TD']);

    const events2: StageEvent[] = [];
    const second = await sync(config, source, { startFrom: 'dbo.TD', maxTables: 2, resume: true }, { events: events2 });
    expect(second).toMatchObject({ window: 2, succeeded: 1, skipped: 1, failed: [] });
    expect(startedTables(events2)).toEqual(['dbo.TE']);
    expect(await count('ta')).toBe(0);

    const events3: StageEvent[] = [];
    const third = await sync(config, source, { resume: true }, { events: events3 });
    expect(third).toMatchObject({ window: 5, succeeded: 1, skipped: 4, failed: [] });
    expect(startedTables(events3)).toEqual(['dbo.TA']);
    // Completed tables were never read again.
    for (const n of names) expect(source.attempts.get(`dbo.${n}`)).toBe(1);
    const progress = dataProgress(config);
    for (const [i, n] of names.entries()) {
      expect(await rowsOf(db.url, `SELECT id, name FROM public.${n.toLowerCase()} ORDER BY id`)).toEqual([...seededRows(30 + i, 10 + i)]);
      expect(progress[`dbo.${n}`]).toMatchObject({ status: 'completed', rows_synced: 30 + i });
    }
  });

  it('--parallel 4 over 8 tables: at most 4 reads at once, largest estimate first, all complete', async () => {
    const config = testConfig(db.url);
    const estimates = [5, 80, 20, 60, 10, 70, 30, 40];
    const tables = estimates.map((estimate, i) => {
      const t = seededTable('dbo', `P${i}`, 3000, 200 + i);
      return { ...t, model: { ...t.model, rowCountEstimate: estimate * 1000 } };
    });
    await createTargets(config, tables);
    // Slow reads (2 ms every 100 rows) so the four running tables overlap for certain.
    const probe = new ConcurrencyProbe(new MemoryRowSource(tables, async ({ rowIndex }) => {
      if (rowIndex % 100 === 0) await sleep(2);
    }));
    const events: StageEvent[] = [];
    const summary = await sync(config, probe, { parallel: 4 }, { events });

    expect(summary.failed).toEqual([]);
    expect(summary.succeeded).toBe(8);
    expect(probe.maxActive).toBe(4);
    expect(probe.active).toBe(0);
    expect(startedTables(events)).toEqual(['dbo.P1', 'dbo.P5', 'dbo.P3', 'dbo.P7', 'dbo.P6', 'dbo.P2', 'dbo.P4', 'dbo.P0']);
    for (let i = 0; i < 8; i++) {
      expect(await digestOf(db.url, `public.p${i}`)).toEqual(digestRows(seededRows(3000, 200 + i)));
    }
  });

  it('an interrupt rolls the running table back, starts no other table, and --resume then finishes exactly', async () => {
    const config = testConfig(db.url);
    const tables = [seededTable('dbo', 'Slow', 100_000, 1), seededTable('dbo', 'Next1', 10, 2), seededTable('dbo', 'Next2', 10, 3)];
    await createTargets(config, tables);
    // Rows from before the run: TRUNCATE is part of the rolled-back transaction, so they stay.
    await rowsOf(db.url, `INSERT INTO public.slow (id, name) VALUES (-1, 'old a'), (-2, 'old b')`);
    const source = new MemoryRowSource(tables, async ({ table, rowIndex }) => {
      if (table === 'dbo.Slow' && rowIndex % 1000 === 0) await sleep(1);
    });
    const interrupt = new AbortController();
    const events: StageEvent[] = [];
    const onEvent = (e: StageEvent): void => {
      // Like SIGINT arriving while several chunks of the table already went into the COPY.
      if (e.type === 'table:progress' && e.table === 'dbo.Slow' && e.rows >= 10_000) interrupt.abort(new Error('SIGINT'));
    };
    const first = await sync(config, source, {}, { events, onEvent, signal: interrupt.signal });

    expect(first.interrupted).toBe(true);
    expect(first.succeeded).toBe(0);
    expect(first.failed).toEqual([{ table: 'dbo.Slow', error: expect.stringContaining('interrupted') }]);
    expect([...first.notRun].sort()).toEqual(['dbo.Next1', 'dbo.Next2']);
    expect(startedTables(events)).toEqual(['dbo.Slow']);
    expect(source.cancelled).toEqual(['dbo.Slow']);
    expect(events.some((e) => e.type === 'table:retry')).toBe(false);
    expect(await rowsOf(db.url, 'SELECT id, name FROM public.slow ORDER BY id')).toEqual([[-2, 'old b'], [-1, 'old a']]);
    const progress = dataProgress(config);
    expect(progress['dbo.Slow']).toMatchObject({ status: 'failed', error: expect.stringContaining('interrupted') });
    expect(progress['dbo.Next1']).toMatchObject({ status: 'pending', started_at: null }); // never started

    const second = await sync(config, source, { resume: true });
    expect(second).toMatchObject({ interrupted: false, succeeded: 3, skipped: 0, failed: [] });
    expect(await digestOf(db.url, 'public.slow')).toEqual(digestRows(seededRows(100_000, 1)));
    expect(await rowsOf(db.url, 'SELECT id, name FROM public.next2 ORDER BY id')).toEqual([...seededRows(10, 3)]);
    expect(dataProgress(config)['dbo.Slow']).toMatchObject({ status: 'completed', rows_synced: 100_000, error: null });
  });
});
