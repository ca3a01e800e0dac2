// A unit claimed twice (a heartbeat lost while the first copy was still committing) must never
// load twice: both copies run at once here, in one process, exactly as two workers would run
// them, and the second commit must fail on the unit's record in mssql2pg.loaded_ranges.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyUnit } from '../../src/load/copy-unit.js';
import { DEFAULT_LOAD_SETTINGS, DEFAULT_READ_SETTINGS } from '../../src/load/settings.js';
import { unitJob, type UnitJob } from '../../src/load/unit-job.js';
import { distributedJob } from '../../src/distributed/unit-message.js';
import { isDuplicateRecord } from '../../src/distributed/worker-loop.js';
import { planTargetNames } from '../../src/naming/index.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { ensureLoadedRangesTable } from '../../src/postgres/loaded-ranges.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { MemoryRowSource } from '../helpers/memory-row-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { createTargets, rowsOf } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';
import { indexedTable } from '../helpers/worker-memory-source.js';
import { KEEP_ROWS } from '../../src/postgres/copy-into-table.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await expectNoOpenConnections(db.name, 5_000);
  await db.drop();
});

const table = indexedTable({ schema: 'dbo', name: 'T', rows: 2_000 });
const names = planTargetNames([table.model], { schemaMap: {}, targetSchema: null, identifierStyle: 'lower' }).get('dbo.T')!;

async function twoClaims(job: UnitJob): Promise<PromiseSettledResult<unknown>[]> {
  // Slow enough that both copies are in flight together.
  const source = new MemoryRowSource([table], async ({ rowIndex }) => {
    if (rowIndex % 200 === 0) await new Promise((r) => setTimeout(r, 5));
  });
  const pool = await openTargetPool(db.url, 3);
  try {
    await ensureLoadedRangesTable(pool);
    const signal = new AbortController().signal;
    return await Promise.allSettled([copyUnit(job, { source, pool }, signal, () => {}), copyUnit(job, { source, pool }, signal, () => {})]);
  } finally {
    await pool.end();
  }
}

function expectOneCommitOneDuplicate(results: PromiseSettledResult<unknown>[]): void {
  const fulfilled = results.filter((r) => r.status === 'fulfilled');
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(fulfilled).toHaveLength(1);
  expect(rejected).toHaveLength(1);
  expect(isDuplicateRecord(rejected[0]!.reason)).toBe(true);
}

describe('a unit claimed twice loads once', () => {
  const base = { table: table.model, names, read: DEFAULT_READ_SETTINGS, load: DEFAULT_LOAD_SETTINGS };
  const key = { column: 'Id', sqlType: 'int', nullable: false };

  it('a key range: the second commit fails on its record and rolls back', async () => {
    await createTargets(testConfig(db.url), [table]);
    const job = unitJob({ ...base, clear: KEEP_ROWS, range: { key, range: { lo: '500', hi: '1500' }, chunkPlan: 'plan-1' } });
    expectOneCommitOneDuplicate(await twoClaims(job));
    expect(await rowsOf(db.url, 'SELECT count(*)::int, count(DISTINCT id)::int FROM public.t')).toEqual([[1000, 1000]]);
  });

  it('a whole table of a distributed run, with --no-truncate (nothing else would stop a second load)', async () => {
    await createTargets(testConfig(db.url), [table]);
    const job = distributedJob('run-1', unitJob({ ...base, clear: KEEP_ROWS, range: null }));
    expectOneCommitOneDuplicate(await twoClaims(job));
    expect(await rowsOf(db.url, 'SELECT count(*)::int, count(DISTINCT id)::int FROM public.t')).toEqual([[2000, 2000]]);
    expect(await rowsOf(db.url, 'SELECT chunk_plan, range_label, rows::int FROM mssql2pg.loaded_ranges')).toEqual([['table:run-1', '[-inf,+inf)', 2000]]);
  });

  it('a whole table that truncates: the second copy empties and reloads inside its own transaction, which rolls back whole', async () => {
    await createTargets(testConfig(db.url), [table]);
    const job = distributedJob('run-2', unitJob({ ...base, clear: { mode: 'truncate', freeze: true }, range: null }));
    expectOneCommitOneDuplicate(await twoClaims(job));
    expect(await rowsOf(db.url, 'SELECT count(*)::int, count(DISTINCT id)::int FROM public.t')).toEqual([[2000, 2000]]);
  });

  it('without its record (a single-process whole table) the same two copies load twice: the record is what guards', async () => {
    await createTargets(testConfig(db.url), [table]);
    const job = unitJob({ ...base, clear: KEEP_ROWS, range: null });
    expect(job.record).toBeNull();
    const results = await twoClaims(job);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await rowsOf(db.url, 'SELECT count(*)::int FROM public.t')).toEqual([[4000]]);
  });
});
