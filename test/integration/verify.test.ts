// `mssql2pg verify` against a real Postgres: stage 1 and stage 2 create and fill the target from
// an in-memory source, the test then changes the target by hand, and verify must name each
// difference by its key (test/helpers/memory-verify-source.ts stands in for SQL Server).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/config/types.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { verifyTables } from '../../src/verify/verify.js';
import { verifyOptions, type FlatVerifyOptions } from '../helpers/stage-options.js';
import { column, table } from '../helpers/catalog-builder.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import type { MemoryTable } from '../helpers/memory-row-source.js';
import { MemoryVerifySource } from '../helpers/memory-verify-source.js';
import { createTestDatabase, withPgClient, type TestDatabase } from '../helpers/postgres.js';
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

const VERIFY_DEFAULTS: FlatVerifyOptions = {
  startFrom: null, until: null, maxTables: null, failFast: false,
  parallel: 2, isolation: 'read-committed', nolock: false, encoder: {}, countsOnly: false,
};

/** `Id int primary key, Name nvarchar, Amount decimal(18,2), At datetime2(7)`, Name '' on row 7. */
function ordersTable(count: number): MemoryTable {
  const model = table('dbo', 'Orders', [
    column('Id', 'int', { nullable: false }),
    column('Name', 'nvarchar'),
    column('Amount', 'decimal'),
    column('At', 'datetime2'),
  ], { pk: ['Id'], rowCountEstimate: count });
  const rows = Array.from({ length: count }, (_, i) => [
    i + 1,
    i + 1 === 7 ? '' : `order ${i + 1}`,
    `${i + 1}.50`,
    // 7 fractional digits: stored rounded to 6 by Postgres, the same on both sides.
    `2024-01-02T03:04:05.1234567`,
  ]);
  return { model, shapes: ['integer', 'text', 'decimal-text', 'timestamp-text'], rows };
}

/** No primary key, with a row present twice in the source. */
function logTable(): MemoryTable {
  const model = table('dbo', 'Log', [column('Msg', 'nvarchar'), column('Level', 'int')], { rowCountEstimate: 4 });
  return { model, shapes: ['text', 'integer'], rows: [['start', 1], ['tick', 2], ['tick', 2], ['stop', 3]] };
}

/** Stages 1 and 2, plus the index on Orders.Id that key ranges need (stage 3 would make the key). */
async function migrate(config: ResolvedConfig, tables: MemoryTable[]): Promise<void> {
  await createTargets(config, tables);
  const summary = await sync(config, new MemoryVerifySource(tables));
  expect(summary.failed).toEqual([]);
  if (tables.some((t) => t.model.name === 'Orders')) await exec(`CREATE INDEX orders_id_test ON public.orders (id)`);
}

function verify(config: ResolvedConfig, tables: MemoryTable[], o: Partial<FlatVerifyOptions> = {}, source = new MemoryVerifySource(tables)) {
  return verifyTables({ config, source, openTarget: (max) => openTargetPool(config.target.url, max) }, verifyOptions({ ...VERIFY_DEFAULTS, ...o }));
}

const exec = (sql: string): Promise<unknown> => withPgClient(db.url, (c) => c.query(sql));

describe('verify against a real Postgres', () => {
  it('says exact for an exact copy, writes the report and leaves no scratch schema', async () => {
    const config = testConfig(db.url);
    const tables = [ordersTable(50), logTable()];
    await migrate(config, tables);
    const source = new MemoryVerifySource(tables);
    const { summary, report, reportPath } = await verify(config, tables, { rangeRows: 7 }, source);
    expect(summary.failed).toEqual([]);
    // 50 rows in ranges of about 7: the first open below, the last open above.
    expect(source.rangeReads).toHaveLength(8);
    expect(source.rangeReads[0]).toBe('dbo.Orders [-inf,8)');
    expect(source.rangeReads[7]).toBe('dbo.Orders [50,+inf)');
    expect(report.ok).toBe(true);
    expect(report.tables.map((t) => [t.table, t.status])).toEqual([['dbo.Log', 'exact'], ['dbo.Orders', 'exact']]);
    expect(reportPath).toBe(path.join(config.progressDir, 'verify_report.json'));
    expect(JSON.parse(readFileSync(reportPath, 'utf8'))).toMatchObject({ ok: true, counts_only: false });
    expect(await rowsOf(db.url, `SELECT count(*)::int FROM pg_namespace WHERE nspname = 'mssql2pg_verify'`)).toEqual([[0]]);
  });

  it('names a changed value, a missing row, an extra duplicate row and NULL vs empty string by key', async () => {
    const config = testConfig(db.url);
    const tables = [ordersTable(50), logTable()];
    await migrate(config, tables);
    await exec(`UPDATE public.orders SET amount = 99.99 WHERE id = 12`);
    await exec(`DELETE FROM public.orders WHERE id = 30`);
    await exec(`UPDATE public.orders SET name = NULL WHERE id = 7`);
    // As if loaded twice with --no-truncate before the constraints stage made the key unique.
    await exec(`ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_pkey`);
    await exec(`INSERT INTO public.orders SELECT * FROM public.orders WHERE id = 40`);
    await exec(`INSERT INTO public.log VALUES ('stop', 3)`);

    // Small ranges, so the differences fall into different key ranges of the scratch copy.
    const { summary, report } = await verify(config, tables, { rangeRows: 10 });
    expect(summary.failed.map((f) => f.table).sort()).toEqual(['dbo.Log', 'dbo.Orders']);
    const orders = report.tables.find((t) => t.table === 'dbo.Orders')!;
    // 50 rows in the source; the target lost one and gained a duplicate: counts are equal.
    expect(orders).toMatchObject({ status: 'differs', sourceRows: 50, targetRows: 50, moreDifferences: false });
    expect(orders.status === 'differs' && orders.differences).toEqual([
      { kind: 'changed', key: 'Id=7', columns: [{ column: 'Name', source: '', target: null }] },
      { kind: 'changed', key: 'Id=12', columns: [{ column: 'Amount', source: '12.50', target: '99.99' }] },
      { kind: 'missing', key: 'Id=30', values: { Id: '30', Name: 'order 30', Amount: '30.50', At: '2024-01-02 03:04:05.123457' } },
      { kind: 'extra', key: 'Id=40', values: { Id: '40', Name: 'order 40', Amount: '40.50', At: '2024-01-02 03:04:05.123457' } },
    ]);
    const log = report.tables.find((t) => t.table === 'dbo.Log')!;
    expect(log).toMatchObject({ status: 'count-differs', sourceRows: 4, targetRows: 5 });
    expect(log.status === 'count-differs' && log.differences).toEqual([{ kind: 'extra', key: 'row', values: { Msg: 'stop', Level: '3' } }]);
    expect(summary.failed.find((f) => f.table === 'dbo.Log')!.error).toContain('count differs (source 4, target 5)');
  });

  it('finds a duplicate removed from a key-less table (EXCEPT ALL counts duplicates)', async () => {
    const config = testConfig(db.url);
    const tables = [logTable()];
    await migrate(config, tables);
    await exec(`DELETE FROM public.log WHERE ctid = (SELECT min(ctid) FROM public.log WHERE msg = 'tick')`);
    await exec(`INSERT INTO public.log VALUES ('other', 9)`);
    const { report } = await verify(config, tables);
    expect(report.tables[0]).toMatchObject({
      status: 'differs',
      differences: [
        { kind: 'missing', key: 'row', values: { Msg: 'tick', Level: '2' } },
        { kind: 'extra', key: 'row', values: { Msg: 'other', Level: '9' } },
      ],
    });
  });

  it('reports target rows beyond the source key range as extra', async () => {
    const config = testConfig(db.url);
    const tables = [ordersTable(30)];
    await migrate(config, tables);
    await exec(`INSERT INTO public.orders VALUES (-5, 'low', 1, now()), (1000, 'high', 1, now())`);
    const { report } = await verify(config, tables, { rangeRows: 10 });
    const orders = report.tables[0]!;
    expect(orders.status === 'count-differs' && orders.differences.map((d) => `${d.kind} ${d.key}`)).toEqual(['extra Id=-5', 'extra Id=1000']);
  });

  it('compares bigint keys at both extremes and decimal(38,0) keys beyond 2^63 exactly, in key ranges', async () => {
    const config = testConfig(db.url);
    const min = -(2n ** 63n);
    const ticks = table('dbo', 'Ticks', [column('Id', 'bigint', { nullable: false }), column('N', 'int')], { pk: ['Id'], rowCountEstimate: 20 });
    const tickKeys = [...Array.from({ length: 10 }, (_, i) => min + BigInt(i)), ...Array.from({ length: 10 }, (_, i) => -min - 1n - BigInt(i))];
    const ledger = table('dbo', 'Ledger', [column('Id', 'decimal', { precision: 38, scale: 0, nullable: false }), column('Note', 'nvarchar')], {
      pk: ['Id'], rowCountEstimate: 30,
    });
    const ledgerKeys = Array.from({ length: 28 }, (_, i) => BigInt(i - 14) * 10n ** 36n).concat([min - 1n, -min]);
    const tables: MemoryTable[] = [
      { model: ticks, shapes: ['bigint-text', 'integer'], rows: tickKeys.map((k, i) => [k.toString(), i]) },
      { model: ledger, shapes: ['decimal-text', 'text'], rows: ledgerKeys.map((k) => [k.toString(), `note ${k}`]) },
    ];
    await createTargets(config, tables);
    expect((await sync(config, new MemoryVerifySource(tables))).failed).toEqual([]);
    await exec(`CREATE INDEX ticks_id_test ON public.ticks (id); CREATE INDEX ledger_id_test ON public.ledger (id)`);
    const source = new MemoryVerifySource(tables);
    const exact = await verify(config, tables, { rangeRows: 5 }, source);
    expect(exact.report.ok).toBe(true);
    expect(source.rangeReads.filter((r) => r.startsWith('dbo.Ticks'))).toHaveLength(4);
    expect(source.rangeReads.filter((r) => r.startsWith('dbo.Ledger'))).toHaveLength(6);

    await exec(`UPDATE public.ledger SET note = 'x' WHERE id = ${-min}`);
    await exec(`DELETE FROM public.ledger WHERE id = ${min - 1n}`);
    await exec(`INSERT INTO public.ledger VALUES (${5n * 10n ** 37n}, 'beyond max')`);
    const { report } = await verify(config, [tables[1]!], { rangeRows: 5 });
    const found = report.tables[0]!;
    expect(found.status === 'differs' && found.differences.map((d) => `${d.kind} ${d.key}`)).toEqual([
      `missing Id=${min - 1n}`,
      `changed Id=${-min}`,
      `extra Id=${5n * 10n ** 37n}`,
    ]);
  });

  it('compares NULL keys of a nullable clustered-index key with the first range on both sides', async () => {
    const config = testConfig(db.url);
    const model = table('dbo', 'Events', [column('At', 'int'), column('Msg', 'nvarchar')], {
      rowCountEstimate: 30,
      indexes: [{ name: 'CX_Events', unique: false, clustered: true, keyColumns: [{ name: 'At', descending: false }], includedColumns: [], filter: null }],
    });
    const rows = Array.from({ length: 30 }, (_, i) => (i < 3 ? [null, `null ${i}`] : [i, `event ${i}`]));
    const tables: MemoryTable[] = [{ model, shapes: ['integer', 'text'], rows }];
    await createTargets(config, tables);
    expect((await sync(config, new MemoryVerifySource(tables))).failed).toEqual([]);
    await exec(`CREATE INDEX events_at_test ON public.events (at)`);
    const source = new MemoryVerifySource(tables);
    expect((await verify(config, tables, { rangeRows: 10 }, source)).report.ok).toBe(true);
    expect(source.rangeReads).toEqual(['dbo.Events [-inf,12)', 'dbo.Events [12,21)', 'dbo.Events [21,+inf)']);

    await exec(`DELETE FROM public.events WHERE msg = 'null 1'; INSERT INTO public.events VALUES (NULL, 'stray')`);
    const { report } = await verify(config, tables, { rangeRows: 10 });
    expect(report.tables[0]).toMatchObject({
      status: 'differs',
      differences: [
        { kind: 'missing', key: 'row', values: { At: null, Msg: 'null 1' } },
        { kind: 'extra', key: 'row', values: { At: null, Msg: 'stray' } },
      ],
    });
  });

  it('says exact for an empty table with a key, compared whole', async () => {
    const config = testConfig(db.url);
    const tables = [ordersTable(0)];
    await migrate(config, tables);
    const source = new MemoryVerifySource(tables);
    const { report } = await verify(config, tables, { rangeRows: 1 }, source);
    expect(report.tables[0]).toMatchObject({ status: 'exact', sourceRows: 0, targetRows: 0 });
    expect(source.rangeReads).toEqual([]);
  });

  it('--counts-only compares counts only', async () => {
    const config = testConfig(db.url);
    const tables = [ordersTable(20)];
    await migrate(config, tables);
    await exec(`UPDATE public.orders SET amount = 0 WHERE id = 3`);
    const same = await verify(config, tables, { countsOnly: true });
    // Counts only: never called exact (the values were not compared).
    expect(same.report).toMatchObject({ ok: true, counts_only: true, checked: 'counts', tables: [{ status: 'counts-match', sourceRows: 20, targetRows: 20 }] });
    await exec(`DELETE FROM public.orders WHERE id = 3`);
    const fewer = await verify(config, tables, { countsOnly: true });
    expect(fewer.report.tables[0]).toMatchObject({ status: 'count-differs', sourceRows: 20, targetRows: 19, differences: [] });
  });

  it('stops at 10 example rows and says more may differ', async () => {
    const config = testConfig(db.url);
    const tables = [ordersTable(60)];
    await migrate(config, tables);
    await exec(`UPDATE public.orders SET amount = amount + 1`);
    const { report } = await verify(config, tables, { rangeRows: 25 });
    const orders = report.tables[0]!;
    expect(orders.status).toBe('differs');
    expect(orders.status === 'differs' && [orders.differences.length, orders.moreDifferences]).toEqual([10, true]);
  });

  it('compares a table whole, with a warning, when the target has no index on the key yet', async () => {
    const config = testConfig(db.url);
    const tables = [ordersTable(30)];
    await migrate(config, tables);
    await exec(`DROP INDEX public.orders_id_test; ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_pkey`);
    await exec(`UPDATE public.orders SET name = 'x' WHERE id = 25`);
    const source = new MemoryVerifySource(tables);
    const { summary, report } = await verify(config, tables, { rangeRows: 10 }, source);
    expect(source.rangeReads).toEqual([]);
    expect(summary.warnings.map((w) => w.message)).toEqual([expect.stringContaining('no index on id in the target')]);
    expect(report.tables[0]).toMatchObject({ status: 'differs', differences: [{ kind: 'changed', key: 'Id=25' }] });
  });

  // A type override can turn an integer key into text in the target: text orders '10' before
  // '9', so integer ranges would overlap or leave gaps there. Such a table is compared whole.
  it('compares a table whole when the target key is no longer a number (type override)', async () => {
    const config = testConfig(db.url);
    const tables = [ordersTable(30)];
    await migrate(config, tables);
    await exec(`DROP INDEX public.orders_id_test; ALTER TABLE public.orders ALTER COLUMN id TYPE text USING id::text`);
    await exec(`CREATE INDEX orders_id_text ON public.orders (id)`);
    await exec(`UPDATE public.orders SET name = 'x' WHERE id = '25'`);
    const source = new MemoryVerifySource(tables);
    const { summary, report } = await verify(config, tables, { rangeRows: 10 }, source);
    expect(source.rangeReads).toEqual([]);
    expect(summary.warnings.map((w) => w.message)).toEqual([expect.stringContaining('no index on id in the target')]);
    expect(report.tables[0]).toMatchObject({ status: 'differs', differences: [{ kind: 'changed', key: 'Id=25' }] });
  });

  it('encodes the source with the NUL policy sync data used, and names the row when it was not given', async () => {
    const config = testConfig(db.url);
    const model = table('dbo', 'Notes', [column('Id', 'int', { nullable: false }), column('Body', 'nvarchar')], { pk: ['Id'] });
    const tables: MemoryTable[] = [{ model, shapes: ['integer', 'text'], rows: [[1, 'a\u0000b'], [2, 'c']] }];
    await createTargets(config, tables);
    expect((await sync(config, new MemoryVerifySource(tables), { encoder: { nul: 'strip' } })).failed).toEqual([]);
    const stripped = await verify(config, tables, { encoder: { nul: 'strip' } });
    expect(stripped.report.ok).toBe(true);
    const plain = await verify(config, tables);
    expect(plain.summary.failed[0]!.error).toContain('row with Id=1');
    expect(plain.summary.failed[0]!.error).toContain('--strip-nul');
    expect(plain.report.tables[0]!.status).toBe('failed');
  });

  it('fails cleanly when a later range cannot be loaded while the previous one is being compared', async () => {
    const config = testConfig(db.url);
    const model = table('dbo', 'Notes', [column('Id', 'int', { nullable: false }), column('Body', 'nvarchar')], { pk: ['Id'] });
    const rows = Array.from({ length: 30 }, (_, i) => [i + 1, i + 1 === 25 ? 'bad\u0000' : `note ${i + 1}`]);
    const tables: MemoryTable[] = [{ model, shapes: ['integer', 'text'], rows }];
    await createTargets(config, tables);
    expect((await sync(config, new MemoryVerifySource(tables), { encoder: { nul: 'strip' } })).failed).toEqual([]);
    await exec(`CREATE INDEX notes_id_test ON public.notes (id)`);
    const source = new MemoryVerifySource(tables);
    const { summary } = await verify(config, tables, { rangeRows: 10 }, source);
    expect(source.rangeReads.length).toBeGreaterThan(1);
    expect(summary.failed[0]!.error).toContain('row with Id=25');
    expect(await rowsOf(db.url, `SELECT count(*)::int FROM pg_namespace WHERE nspname = 'mssql2pg_verify'`)).toEqual([[0]]);
  });

  it('drops the scratch tables and schema when interrupted mid-table', async () => {
    const config = testConfig(db.url);
    const tables = [ordersTable(40)];
    await migrate(config, tables);
    const interrupt = new AbortController();
    const source = new MemoryVerifySource(tables, ({ rowIndex }) => {
      if (rowIndex === 5) interrupt.abort(new Error('SIGINT'));
    });
    const outcome = await verifyTables(
      { config, source, openTarget: (max) => openTargetPool(config.target.url, max), signal: interrupt.signal },
      verifyOptions({ ...VERIFY_DEFAULTS, rangeRows: 10 }),
    );
    expect(outcome.summary.interrupted).toBe(true);
    expect(outcome.report.ok).toBe(false);
    expect(await rowsOf(db.url, `SELECT count(*)::int FROM pg_namespace WHERE nspname = 'mssql2pg_verify'`)).toEqual([[0]]);
    expect(await rowsOf(db.url, `SELECT count(*)::int FROM pg_class WHERE relname LIKE 'v%' AND relpersistence = 'u'`)).toEqual([[0]]);
  });

  it('fails a table whose target does not exist, and still writes the report', async () => {
    const config = testConfig(db.url);
    const tables = [ordersTable(5)];
    const { summary, report, reportPath } = await verify(config, tables);
    expect(summary.failed[0]!.error).toContain('does not exist');
    expect(report.tables[0]).toMatchObject({ table: 'dbo.Orders', status: 'failed' });
    expect(existsSync(reportPath)).toBe(true);
  });
});

describe('verify permissions', () => {
  // verify used to copy the source into scratch tables; it now streams both sides and compares
  // in the client, so reading the tables is all it needs.
  it('needs no CREATE: a user who may only read the tables verifies every row', async () => {
    const config = testConfig(db.url);
    const tables = [ordersTable(3)];
    await migrate(config, tables);
    const role = `verify_ro_${db.name}`;
    await exec(`CREATE ROLE ${role} LOGIN PASSWORD 'pw'`);
    try {
      await exec(`REVOKE CREATE ON DATABASE ${db.name} FROM PUBLIC; GRANT USAGE ON SCHEMA public TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
      const url = new URL(db.url);
      url.username = role;
      url.password = 'pw';
      const rows = await verify({ ...config, target: { ...config.target, url: url.toString() } }, tables);
      expect(rows.report).toMatchObject({ ok: true, checked: 'rows', tables: [{ status: 'exact' }] });
      const counts = await verify({ ...config, target: { ...config.target, url: url.toString() } }, tables, { countsOnly: true });
      expect(counts.report.ok).toBe(true);
    } finally {
      await exec(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });
});
