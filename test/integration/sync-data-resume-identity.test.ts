// `sync data --resume` against a real Postgres when the target changed between two runs: every
// committed range and every progress entry records which table it went into (oid and
// relfilenode) and which key the plan was on, so a table dropped and recreated, truncated by
// hand, or split on another key is loaded again, never counted as holding rows that are gone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { StageEvent } from '../../src/run/events.js';
import { column, table } from '../helpers/catalog-builder.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { MemoryRowSource, type MemoryTable } from '../helpers/memory-row-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { digestRows, seededRows, seededTable } from '../helpers/sync-child.js';
import { createTargets, dataProgress, digestOf, rowsOf, sync } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await expectNoOpenConnections(db.name, 5_000);
  await db.drop();
});

const exec = (sql: string) => rowsOf(db.url, sql);
const count = async (target: string) => (await exec(`SELECT count(*)::int FROM ${target}`))[0]![0] as number;

/** Runs sync data over `tables` and interrupts it once `stopAt` rows of dbo.Big are committed. */
async function interruptedRun(config: ResolvedConfig, tables: MemoryTable[], stopAt: number, o: { truncate?: boolean } = {}) {
  const stop = new AbortController();
  const onEvent = (e: StageEvent) => {
    if (e.type === 'table:progress' && e.table === 'dbo.Big' && e.rows >= stopAt) stop.abort(new Error('SIGINT'));
  };
  const summary = await sync(config, new MemoryRowSource(tables), { parallel: 1, chunkRows: 10_000, ...o }, { signal: stop.signal, onEvent });
  expect(summary.interrupted).toBe(true);
  expect(dataProgress(config)['dbo.Big']!.chunks_done).toBeGreaterThan(0);
}

describe('resume after the target table changed between runs', () => {
  it('a chunked table dropped and recreated between two runs is loaded again from the start: exact count, warning says why', async () => {
    const config = testConfig(db.url);
    const big = seededTable('dbo', 'Big', 40_000, 31);
    await createTargets(config, [big]);
    await interruptedRun(config, [big], 25_000);
    const committed = await count('public.big');
    expect(committed).toBeGreaterThan(0);

    // As `replicate schema --drop-existing --include dbo.Big` does: the ranges' rows are gone,
    // their records in mssql2pg.loaded_ranges are not.
    await exec('DROP TABLE public.big');
    await createTargets(config, [big]);
    const again = new MemoryRowSource([big]);
    const resumed = await sync(config, again, { parallel: 1, chunkRows: 10_000, resume: true });

    expect(resumed).toMatchObject({ succeeded: 1, failed: [], rows: 40_000 });
    expect(await count('public.big')).toBe(40_000);
    expect(await digestOf(db.url, 'public.big')).toEqual(digestRows(seededRows(40_000, 31)));
    expect(again.rangeReads).toHaveLength(4);
    expect(resumed.warnings).toEqual([
      {
        table: 'dbo.Big',
        message: expect.stringMatching(
          /^the target table is not the one the committed key ranges were loaded into \(recorded oid \d+, relfilenode \d+, now oid \d+, relfilenode \d+\): it was dropped and recreated, truncated or rewritten since; the table was copied again from the start\.$/,
        ),
      },
    ]);
    expect(dataProgress(config)['dbo.Big']).toMatchObject({ status: 'completed', rows_synced: 40_000, chunks_done: 4 });
  });

  it('a chunked table truncated by hand between two runs is loaded again (its relfilenode changed)', async () => {
    const config = testConfig(db.url);
    const big = seededTable('dbo', 'Big', 30_000, 32);
    await createTargets(config, [big]);
    await interruptedRun(config, [big], 15_000);
    await exec('TRUNCATE public.big');
    const resumed = await sync(config, new MemoryRowSource([big]), { parallel: 1, chunkRows: 10_000, resume: true });
    expect(resumed.failed).toEqual([]);
    expect(resumed.rows).toBe(30_000);
    expect(await count('public.big')).toBe(30_000);
    expect(resumed.warnings.map((w) => w.message)).toEqual([expect.stringContaining('truncated or rewritten since')]);
  });

  it('a completed table dropped and recreated is not skipped as completed: it is loaded again with a warning', async () => {
    const config = testConfig(db.url);
    const small = seededTable('dbo', 'Small', 500, 33);
    const big = seededTable('dbo', 'Big', 30_000, 34);
    await createTargets(config, [small, big]);
    expect((await sync(config, new MemoryRowSource([small, big]), { chunkRows: 10_000 })).failed).toEqual([]);
    const recorded = dataProgress(config);
    expect(recorded['dbo.Small']!.target).toEqual({ oid: expect.any(Number), filenode: expect.any(Number) });
    expect(recorded['dbo.Big']!.target).toEqual({ oid: expect.any(Number), filenode: expect.any(Number) });
    expect(recorded['dbo.Big']!.chunk_key).toEqual({ column: 'Id', sql_type: 'int' });

    await exec('DROP TABLE public.small; DROP TABLE public.big');
    await createTargets(config, [small, big]);
    const source = new MemoryRowSource([small, big]);
    const resumed = await sync(config, source, { chunkRows: 10_000, resume: true });
    expect(resumed).toMatchObject({ succeeded: 2, skipped: 0, failed: [], rows: 30_500 });
    expect(await count('public.small')).toBe(500);
    expect(await count('public.big')).toBe(30_000);
    const warnings = new Map(resumed.warnings.map((w) => [w.table, w.message]));
    expect([...warnings.keys()].sort()).toEqual(['dbo.Big', 'dbo.Small']);
    expect(warnings.get('dbo.Big')).toMatch(/^completed earlier, but "public"\."big" is no longer the table its rows were loaded into .*; the table was copied again from the start\.$/);
    expect(warnings.get('dbo.Small')).toMatch(/^completed earlier, but "public"\."small" is no longer the table/);

    // Unchanged since: a further --resume skips both.
    const third = await sync(config, new MemoryRowSource([small, big]), { chunkRows: 10_000, resume: true });
    expect(third).toMatchObject({ succeeded: 0, skipped: 2, warnings: [] });
  });

  it('a plan made on another key than the table has now is discarded with a warning', async () => {
    const config = testConfig(db.url);
    const big = seededTable('dbo', 'Big', 30_000, 35);
    await createTargets(config, [big]);
    await interruptedRun(config, [big], 15_000);
    // The source's key changed between the runs: Id is now a bigint.
    const rekeyed: MemoryTable = {
      ...big,
      model: { ...big.model, columns: big.model.columns.map((c) => (c.name === 'Id' ? { ...c, type: 'bigint', maxLength: 8, precision: 19 } : c)) },
    };
    const resumed = await sync(config, new MemoryRowSource([rekeyed]), { parallel: 1, chunkRows: 10_000, resume: true });
    expect(resumed.failed).toEqual([]);
    expect(resumed.warnings.map((w) => w.message)).toEqual([
      'the range plan of the earlier run is on key Id (int), but the table is now split on Id (bigint); the table was copied again from the start.',
    ]);
    expect(await count('public.big')).toBe(30_000);
    expect(dataProgress(config)['dbo.Big']!.chunk_key).toEqual({ column: 'Id', sql_type: 'bigint' });
  });
});

describe('--no-truncate never duplicates', () => {
  it('refuses to start a table over while it holds rows, naming what to do, and starts it over once it is empty', async () => {
    const config = testConfig(db.url);
    const big = seededTable('dbo', 'Big', 30_000, 36);
    await createTargets(config, [big]);
    await interruptedRun(config, [big], 15_000, { truncate: false });
    const kept = await count('public.big');
    // The completion records are gone (as after DROP SCHEMA mssql2pg CASCADE): the committed
    // rows cannot be told apart any more.
    await exec('DROP SCHEMA mssql2pg CASCADE');

    const refused = await sync(config, new MemoryRowSource([big]), { parallel: 1, chunkRows: 10_000, resume: true, truncate: false });
    expect(refused.failed).toHaveLength(1);
    expect(refused.failed[0]!.error).toMatch(/--no-truncate keeps the rows already in "public"\."big"/);
    expect(refused.failed[0]!.error).toContain('TRUNCATE "public"."big"');
    expect(await count('public.big')).toBe(kept);

    await exec('TRUNCATE public.big');
    const resumed = await sync(config, new MemoryRowSource([big]), { parallel: 1, chunkRows: 10_000, resume: true, truncate: false });
    expect(resumed.failed).toEqual([]);
    expect(await count('public.big')).toBe(30_000);
    expect(await digestOf(db.url, 'public.big')).toEqual(digestRows(seededRows(30_000, 36)));
  });

  it('refuses to reload a completed table that changed and still holds rows', async () => {
    const config = testConfig(db.url);
    const small = seededTable('dbo', 'Small', 300, 37);
    await createTargets(config, [small]);
    expect((await sync(config, new MemoryRowSource([small]), { truncate: false })).failed).toEqual([]);
    // VACUUM FULL rewrites the table (new relfilenode) with its rows still there.
    await exec('VACUUM FULL public.small');
    const refused = await sync(config, new MemoryRowSource([small]), { resume: true, truncate: false });
    expect(refused.failed[0]!.error).toMatch(/no longer the table its rows were loaded into/);
    expect(await count('public.small')).toBe(300);
  });
});

describe('count(*) against the committed ranges', () => {
  it('fails a chunked table whose rows changed between its ranges, naming the range that differs', async () => {
    const config = testConfig(db.url);
    const model = table('dbo', 'Big', [column('Id', 'int', { nullable: false }), column('Name', 'nvarchar')], { pk: ['Id'], rowCountEstimate: 30_000 });
    const big: MemoryTable = { model, shapes: ['integer', 'text'], rows: Array.from({ length: 30_000 }, (_, i) => [i + 1, `n${i + 1}`]) };
    await createTargets(config, [big]);
    let deleted = false;
    // While the third range is read, someone deletes rows of the first (committed) range.
    const source = new MemoryRowSource([big], async ({ rowIndex }) => {
      if (!deleted && source.rangeReads.length === 3 && rowIndex === 10) {
        deleted = true;
        await exec('DELETE FROM public.big WHERE id BETWEEN 100 AND 199');
      }
    });
    const summary = await sync(config, source, { parallel: 1, chunkRows: 10_000 });
    expect(deleted).toBe(true);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]!.error).toContain(
      'after its last key range the target holds 29,900 rows, but the committed key ranges hold 30,000: key ranges of Id that differ: [-inf,10001) recorded 10,000, the table holds 9,900',
    );
    expect(summary.failed[0]!.error).toContain('mssql2pg verify --repair --include dbo.Big');
    expect(dataProgress(config)['dbo.Big']!.status).toBe('failed');
  });
});
