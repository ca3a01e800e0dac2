// verify against a real Postgres, beyond the comparison itself: --repair reloads exactly the key
// ranges found different (each in one transaction, through stage 2's unit code) and compares
// them again; a multiset comparison past its memory spills to disk and stays exact; the words
// of the report say what was checked (counts only, interrupted); and what a killed verify left
// behind is removed by the next one.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/config/types.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { formatReport } from '../../src/verify/report.js';
import { verifyTables, type VerifyOptions } from '../../src/verify/verify.js';
import { column, table } from '../helpers/catalog-builder.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { MemoryRowSource, type MemoryTable } from '../helpers/memory-row-source.js';
import { MemoryVerifySource } from '../helpers/memory-verify-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { createTargets, rowsOf, sync } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await expectNoOpenConnections(db.name);
  await db.drop();
});

const OPTIONS: VerifyOptions = {
  window: { startFrom: null, until: null, maxTables: null, failFast: false },
  parallel: 2,
  read: { isolation: 'read-committed', nolock: false, encoder: {}, decoder: true },
  countsOnly: false,
  rangeRows: 10,
};

const exec = (sql: string) => rowsOf(db.url, sql);

/** The verify double with its stage-2 reader apart, so a test sees which ranges --repair reloads. */
class SplitSource extends MemoryVerifySource {
  readonly loader: MemoryRowSource;
  constructor(tables: readonly MemoryTable[]) {
    super(tables);
    this.loader = new MemoryRowSource(tables);
  }
  override get load(): MemoryRowSource & this {
    return this.loader as MemoryRowSource & this;
  }
}

function run(config: ResolvedConfig, source: MemoryVerifySource, o: Partial<VerifyOptions> = {}, signal?: AbortSignal) {
  return verifyTables({ config, source, openTarget: (max) => openTargetPool(config.target.url, max), signal }, { ...OPTIONS, ...o });
}

/** `Id int identity primary key, Name nvarchar`, rows 1..count. */
function orders(count: number): MemoryTable {
  const model = table('dbo', 'Orders', [column('Id', 'int', { nullable: false, identity: { seed: '1', increment: '1' } }), column('Name', 'nvarchar')], {
    pk: ['Id'],
    rowCountEstimate: count,
  });
  return { model, shapes: ['integer', 'text'], rows: Array.from({ length: count }, (_, i) => [i + 1, `order ${i + 1}`]) };
}

/** No primary key: compared as a multiset. */
function log(count: number): MemoryTable {
  const model = table('dbo', 'Log', [column('Msg', 'nvarchar'), column('N', 'int')], { rowCountEstimate: count });
  return { model, shapes: ['text', 'integer'], rows: Array.from({ length: count }, (_, i) => [`line ${i % 997}`, i % 13]) };
}

describe('verify --repair', () => {
  it('reloads exactly the key ranges found different, each in one transaction, and finds the table exact after', async () => {
    const config = testConfig(db.url);
    const tables = [orders(60)];
    await createTargets(config, tables);
    expect((await sync(config, new MemoryRowSource(tables))).failed).toEqual([]);
    await exec('CREATE INDEX orders_id ON public.orders (id)');
    // Range [11,21): a changed value and a missing row; range [41,51): a duplicate.
    await exec(`UPDATE public.orders SET name = 'x' WHERE id = 12; DELETE FROM public.orders WHERE id = 15`);
    await exec(`INSERT INTO public.orders SELECT * FROM public.orders WHERE id = 44`);

    const source = new SplitSource(tables);
    const { report, summary } = await run(config, source, { repair: true });
    expect(summary.failed).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.tables[0]).toMatchObject({
      status: 'exact',
      sourceRows: 60,
      targetRows: 60,
      repaired: { units: ['key range [11,21) of Id', 'key range [41,51) of Id'], rowsLoaded: 20, before: expect.stringMatching(/^count differs \(source 60, target 60\)|^differs/) },
    });
    expect(source.loader.rangeReads).toEqual(['dbo.Orders [11,21)', 'dbo.Orders [41,51)']);
    expect(await exec(`SELECT count(*)::int, count(DISTINCT id)::int, min(name), max(id)::int FROM public.orders`)).toEqual([[60, 60, 'order 1', 60]]);
    expect(await exec(`SELECT name FROM public.orders WHERE id IN (12, 15) ORDER BY id`)).toEqual([['order 12'], ['order 15']]);
    expect(formatReport(report)).toContain('    repaired: key range [11,21) of Id, key range [41,51) of Id reloaded (20 rows); before: differs (60 rows each side); 3 differing rows');
    // Nothing of a repair is recorded as a stage-2 range.
    expect(await exec(`SELECT count(*)::int FROM pg_namespace WHERE nspname = 'mssql2pg'`)).toEqual([[0]]);
  });

  it('reloads a table compared whole (no key) whole, and leaves differences a column type explains alone', async () => {
    const config = testConfig(db.url, { typeOverrides: { byType: { money: 'numeric(19,2)' }, byColumn: {} } });
    const prices: MemoryTable = {
      model: table('dbo', 'Prices', [column('Id', 'int', { nullable: false }), column('Price', 'money')], { pk: ['Id'] }),
      shapes: ['integer', 'decimal-text'],
      rows: [[1, '1.2345'], [2, '2.0000']],
    };
    const tables = [log(40), prices];
    await createTargets(config, tables);
    await sync(config, new MemoryRowSource(tables));
    await exec(`DELETE FROM public.log WHERE ctid = (SELECT min(ctid) FROM public.log); INSERT INTO public.log VALUES ('stray', 1)`);
    const source = new SplitSource(tables);
    const { report } = await run(config, source, { repair: true });
    expect(report.tables.find((t) => t.table === 'dbo.Log')).toMatchObject({ status: 'exact', repaired: { units: ['the whole table'], rowsLoaded: 40 } });
    const p = report.tables.find((t) => t.table === 'dbo.Prices')!;
    expect(p).toMatchObject({ status: 'differs', typeChanges: [{ rows: 1 }] });
    expect('repaired' in p && p.repaired).toBeFalsy();
    expect(source.loader.attempts.get('dbo.Prices')).toBeUndefined();
  });
});

describe('a multiset comparison beyond its memory', () => {
  it('spills to disk, stays exact (duplicates count), and leaves no file behind', async () => {
    const config = testConfig(db.url);
    const tables = [log(5_000)];
    await createTargets(config, tables);
    await sync(config, new MemoryRowSource(tables));
    const exact = await run(config, new MemoryVerifySource(tables), { memoryBytes: 8_000 });
    expect(exact.report.tables[0]).toMatchObject({ status: 'exact', sourceRows: 5_000, targetRows: 5_000 });

    await exec(`DELETE FROM public.log WHERE ctid = (SELECT min(ctid) FROM public.log WHERE msg = 'line 7' AND n = 7)`);
    await exec(`INSERT INTO public.log VALUES ('line 3', 3), ('new', 0)`);
    const { report } = await run(config, new MemoryVerifySource(tables), { memoryBytes: 8_000 });
    const v = report.tables[0]!;
    expect(v).toMatchObject({ status: 'count-differs', sourceRows: 5_000, targetRows: 5_001 });
    expect(v.status === 'count-differs' && v.differences.map((d) => [d.kind, 'values' in d ? d.values : null])).toEqual([
      ['missing', { Msg: 'line 7', N: '7' }],
      ['extra', { Msg: 'line 3', N: '3' }],
      ['extra', { Msg: 'new', N: '0' }],
    ]);
    expect(readdirSync(config.progressDir).filter((f) => f.startsWith('verify-scratch'))).toEqual([]);
  });
});

describe('what the report says', () => {
  it('--counts-only reports counts match, never exact, and records what it checked', async () => {
    const config = testConfig(db.url);
    const tables = [orders(20)];
    await createTargets(config, tables);
    await sync(config, new MemoryRowSource(tables));
    const { report, reportPath } = await run(config, new MemoryVerifySource(tables), { countsOnly: true });
    const lines = formatReport(report);
    expect(lines[1]).toBe('Verify (counts only): counts match in every table');
    expect(lines[2]).toBe('  dbo.Orders: counts match (20 rows); values not compared (--counts-only)');
    expect(lines.join('\n')).not.toMatch(/exact/);
    expect(JSON.parse(readFileSync(reportPath, 'utf8'))).toMatchObject({ checked: 'counts', counts_only: true, ok: true, tables: [{ status: 'counts-match' }] });
  });

  it('an interrupted verify is headed interrupted, its unfinished tables not verified', async () => {
    const config = testConfig(db.url);
    const tables = [orders(40), log(30)];
    await createTargets(config, tables);
    await sync(config, new MemoryRowSource(tables));
    const interrupt = new AbortController();
    const source = new MemoryVerifySource(tables, ({ rowIndex }) => {
      if (rowIndex === 5) interrupt.abort(new Error('interrupted by SIGINT'));
    });
    const { report, summary } = await run(config, source, { parallel: 1 }, interrupt.signal);
    expect(summary.interrupted).toBe(true);
    expect(report).toMatchObject({ interrupted: true, ok: false });
    expect(report.tables.map((t) => t.status)).toEqual(['not-verified', 'not-verified']);
    const lines = formatReport(report);
    expect(lines[1]).toBe('Verify: interrupted (0 of 2 tables compared)');
    expect(lines.join('\n')).not.toMatch(/differences found/);
  });

  it('reports the bytes read from the target, for MB/s', async () => {
    const config = testConfig(db.url);
    const tables = [orders(30)];
    await createTargets(config, tables);
    await sync(config, new MemoryRowSource(tables));
    const { summary } = await run(config, new MemoryVerifySource(tables));
    // 30 rows of `id<TAB>order n<NL>` as Postgres's COPY sends them.
    const expected = Array.from({ length: 30 }, (_, i) => `${i + 1}\torder ${i + 1}\n`).join('').length;
    expect(summary.bytes).toBe(expected);
  });
});

describe('what a killed verify left behind', () => {
  it('is removed on start, with a notice: scratch files of dead processes and an older scratch schema', async () => {
    const config = testConfig(db.url);
    const tables = [orders(5)];
    await createTargets(config, tables);
    await sync(config, new MemoryRowSource(tables));
    const stale = path.join(config.progressDir, 'verify-scratch-999999999');
    mkdirSync(path.join(stale, 'x'), { recursive: true });
    writeFileSync(path.join(stale, 'x', 'd0-0-1.jsonl'), '[1,"[]",[]]\n');
    await exec('CREATE SCHEMA mssql2pg_verify; CREATE UNLOGGED TABLE mssql2pg_verify.v1_abc_0 (id int)');
    const { summary } = await run(config, new MemoryVerifySource(tables));
    expect(existsSync(stale)).toBe(false);
    expect(await exec(`SELECT count(*)::int FROM pg_namespace WHERE nspname = 'mssql2pg_verify'`)).toEqual([[0]]);
    expect(summary.notices).toEqual([
      `Removed scratch files left by an earlier verify run that did not end: verify-scratch-999999999 in ${config.progressDir}.`,
      'Dropped the scratch schema mssql2pg_verify left in the target by an earlier verify (mssql2pg no longer uses it).',
    ]);
  });
});
