// verify sees what stage 2 gets wrong the same way every time: each test plants one such error
// in the copy (a lossy type override, a fault in the COPY encoder, a sql_variant rendered in its
// default style) and shows verify fails, naming the key, the column, the source value and the
// target value. And the documented mappings (the 7th fractional digit, datetimeoffset in UTC,
// the end-of-time value) are no difference: verify applies them as rules of its own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/config/types.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { formatReport } from '../../src/verify/report.js';
import { verifyTables, type VerifyOptions } from '../../src/verify/verify.js';
import { column, table } from '../helpers/catalog-builder.js';
import { faultInColumn } from '../helpers/encoder-fault.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import type { MemoryTable } from '../helpers/memory-row-source.js';
import { MemoryVerifySource } from '../helpers/memory-verify-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { createTargets, rowsOf, sync } from '../helpers/sync-harness.js';
import { tediousDate, tediousFromText, tediousTime, tdsDateTime2, tdsDays } from '../helpers/tedious-values.js';
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
  rangeRows: 250_000,
};

function verify(config: ResolvedConfig, tables: MemoryTable[], o: Partial<VerifyOptions> = {}) {
  return verifyTables({ config, source: new MemoryVerifySource(tables), openTarget: (max) => openTargetPool(config.target.url, max) }, { ...OPTIONS, ...o });
}

/** `Id int primary key, Price money, Note nvarchar`: the example values. */
function prices(): MemoryTable {
  const model = table('dbo', 'Prices', [column('Id', 'int', { nullable: false }), column('Price', 'money'), column('Note', 'nvarchar')], { pk: ['Id'] });
  return { model, shapes: ['integer', 'decimal-text', 'text'], rows: [[1, '12.3456', 'a'], [2, '0.0049', 'b'], [3, '7.0000', 'c']] };
}

describe('a lossy type override', () => {
  it('--type-override money=numeric(19,2): 12.3456 → 12.35 and 0.0049 → 0.00 are found, caused by the column type, exit 1 unless accepted', async () => {
    const config = testConfig(db.url, { typeOverrides: { byType: { money: 'numeric(19,2)' }, byColumn: {} } });
    const tables = [prices()];
    await createTargets(config, tables);
    expect((await sync(config, new MemoryVerifySource(tables))).failed).toEqual([]);
    expect(await rowsOf(db.url, 'SELECT price::text FROM public.prices ORDER BY id')).toEqual([['12.35'], ['0.00'], ['7.00']]);

    const { summary, report } = await verify(config, tables);
    expect(report.ok).toBe(false);
    expect(report.tables[0]).toMatchObject({
      status: 'differs',
      differences: [],
      typeChanges: [
        {
          columns: [{ column: 'Price', expected: 'numeric(19,4)', actual: 'numeric(19,2)' }],
          rows: 2,
          accepted: false,
          acceptWith: 'money',
          examples: [
            { kind: 'changed', key: 'Id=1', columns: [{ column: 'Price', source: '12.3456', target: '12.35' }] },
            { kind: 'changed', key: 'Id=2', columns: [{ column: 'Price', source: '0.0049', target: '0.00' }] },
          ],
        },
      ],
    });
    expect(summary.failed[0]!.error).toContain("2 rows differ only in Price, caused by the column's type (accept with --accept-override money)");
    expect(formatReport(report)).toContain('      Id=1: Price source "12.3456", target "12.35"');

    const accepted = await verify(config, tables, { acceptOverrides: ['MONEY'] });
    expect(accepted.report).toMatchObject({ ok: true, tables: [{ status: 'accepted', typeChanges: [{ rows: 2, accepted: true }] }] });
    expect(accepted.summary.failed).toEqual([]);
  });

  it('accepting an override does not hide another difference in the same table', async () => {
    const config = testConfig(db.url, { typeOverrides: { byType: { money: 'numeric(19,2)' }, byColumn: {} } });
    const tables = [prices()];
    await createTargets(config, tables);
    await sync(config, new MemoryVerifySource(tables));
    await rowsOf(db.url, `UPDATE public.prices SET note = 'changed' WHERE id = 3`);
    const { report } = await verify(config, tables, { acceptOverrides: ['money'] });
    expect(report.tables[0]).toMatchObject({
      status: 'differs',
      differences: [{ kind: 'changed', key: 'Id=3', columns: [{ column: 'Note', source: 'c', target: 'changed' }] }],
      typeChanges: [{ rows: 2, accepted: true }],
    });
  });

  it('finds the column type changed by hand, without the override in the configuration, and names the column to accept', async () => {
    const config = testConfig(db.url);
    const tables = [prices()];
    await createTargets(config, tables);
    await sync(config, new MemoryVerifySource(tables));
    await rowsOf(db.url, 'ALTER TABLE public.prices ALTER COLUMN price TYPE numeric(19,1)');
    const { report } = await verify(config, tables);
    expect(report.tables[0]).toMatchObject({ status: 'differs', typeChanges: [{ rows: 2, acceptWith: 'dbo.Prices.Price' }] });
    expect((await verify(config, tables, { acceptOverrides: ['dbo.prices.price'] })).report.ok).toBe(true);
  });
});

describe('a fault in the COPY encoder', () => {
  function events(): MemoryTable {
    const model = table('dbo', 'Events', [column('Id', 'int', { nullable: false }), column('At', 'datetime2'), column('Amount', 'decimal', { precision: 12, scale: 4 })], {
      pk: ['Id'],
      rowCountEstimate: 30,
    });
    const rows = Array.from({ length: 30 }, (_, i) => [i + 1, tediousFromText(`2024-03-01T10:00:${String(i).padStart(2, '0')}.1234567`), (i + 1) / 10000 + 12]);
    return { model, shapes: ['integer', 'timestamp-value', 'decimal-number:4'], rows };
  }

  it('a wrong time-zone shift of one hour is found on every row, by key, with both values', async () => {
    const config = testConfig(db.url);
    const tables = [events()];
    await createTargets(config, tables);
    const shift = faultInColumn('At', (d) => {
      const shifted = new Date((d as Date).getTime() + 3_600_000);
      Object.defineProperty(shifted, 'nanosecondsDelta', { value: (d as { nanosecondsDelta: number }).nanosecondsDelta, enumerable: false });
      return shifted;
    });
    expect((await sync(config, new MemoryVerifySource(tables), {}, { encoderFault: shift })).failed).toEqual([]);
    const { report } = await verify(config, tables);
    const v = report.tables[0]!;
    expect(v).toMatchObject({ status: 'differs', differingRows: 30, moreDifferences: true });
    expect(v.status === 'differs' && v.differences[0]).toEqual({
      kind: 'changed',
      key: 'Id=1',
      columns: [{ column: 'At', source: '2024-03-01 10:00:00.123457', target: '2024-03-01 11:00:00.123457' }],
    });
  });

  it('a rounding slip in one value is found, and only there', async () => {
    const config = testConfig(db.url);
    const tables = [events()];
    await createTargets(config, tables);
    // 12.0017 written as 12.002: the last digit rounded away.
    const slip = faultInColumn('Amount', (n) => (n === 12.0017 ? 12.002 : n));
    expect((await sync(config, new MemoryVerifySource(tables), {}, { encoderFault: slip })).failed).toEqual([]);
    const { report } = await verify(config, tables);
    expect(report.tables[0]).toMatchObject({
      status: 'differs',
      differingRows: 1,
      differences: [{ kind: 'changed', key: 'Id=17', columns: [{ column: 'Amount', source: '12.0017', target: '12.0020' }] }],
    });
  });
});

describe('a sql_variant rendered in its base type default style', () => {
  it('a float kept to 6 digits and a datetime without seconds are found, with their base type', async () => {
    const config = testConfig(db.url);
    const model = table('dbo', 'Props', [column('Id', 'int', { nullable: false }), column('V', 'sql_variant', { maxLength: 8016 })], { pk: ['Id'] });
    const tables: MemoryTable[] = [
      {
        model,
        shapes: ['integer', 'variant'],
        rows: [
          [1, { baseType: 'float', value: 0.1234567890123 }],
          [2, { baseType: 'datetime', value: new Date(Date.UTC(2020, 0, 1, 12, 34, 56, 787)) }],
          [3, { baseType: 'int', value: 42 }],
        ],
      },
    ];
    await createTargets(config, tables);
    // What CAST(v AS nvarchar(max)) did: style 0 for float (6 digits) and for datetime (minutes).
    const defaultStyle = faultInColumn('V', (v) => {
      const { baseType, value } = v as { baseType: string; value: unknown };
      if (baseType === 'float') return { baseType, value: Number((value as number).toPrecision(6)) };
      if (baseType === 'datetime') return { baseType, value: new Date(Math.floor((value as Date).getTime() / 60_000) * 60_000) };
      return v;
    });
    expect((await sync(config, new MemoryVerifySource(tables), {}, { encoderFault: defaultStyle })).failed).toEqual([]);
    const { report } = await verify(config, tables);
    expect(report.tables[0]).toMatchObject({
      status: 'differs',
      differingRows: 2,
      differences: [
        { kind: 'changed', key: 'Id=1', columns: [{ column: 'V', source: '{"type": "float", "value": "0.1234567890123"}', target: '{"type": "float", "value": "0.123457"}' }] },
        { kind: 'changed', key: 'Id=2', columns: [{ column: 'V', source: '{"type": "datetime", "value": "2020-01-01 12:34:56.787"}', target: '{"type": "datetime", "value": "2020-01-01 12:34:00"}' }] },
      ],
    });
  });
});

describe('the documented mappings are not differences', () => {
  it('every type through stage 2 and verify is exact, 7th-digit carries, the end-of-time value and datetimeoffset in UTC included', async () => {
    const config = testConfig(db.url);
    const cols = [
      column('Id', 'int', { nullable: false }),
      column('B', 'bit'),
      column('Ti', 'tinyint'),
      column('Bi', 'bigint'),
      column('D15', 'decimal', { precision: 15, scale: 5 }),
      column('D38', 'decimal', { precision: 38, scale: 10 }),
      column('M', 'money'),
      column('R', 'real', { precision: 24 }),
      column('F', 'float', { precision: 53 }),
      column('Dt', 'date'),
      column('Dtm', 'datetime'),
      column('D2', 'datetime2', { scale: 7 }),
      column('T', 'time', { scale: 7 }),
      column('Dto', 'datetimeoffset', { scale: 7 }),
      column('Nc', 'nchar', { maxLength: 20 }),
      column('Bin', 'varbinary', { maxLength: 10 }),
      column('G', 'uniqueidentifier'),
      column('X', 'xml', { maxLength: -1 }),
      column('V', 'sql_variant', { maxLength: 8016 }),
    ];
    const model = table('dbo', 'Every', cols, { pk: ['Id'] });
    const shapes = ['integer', 'boolean', 'integer', 'bigint-text', 'decimal-number:5', 'decimal-text', 'decimal-text', 'float', 'float', 'date-value', 'timestamp-value', 'timestamp-value', 'time-value', 'timestamptz-value', 'text', 'binary', 'uuid', 'text', 'variant'] as const;
    const dt = (text: string) => tediousFromText(text);
    const time = (text: string) => tediousTime(tdsDateTime2(`1970-01-01 ${text}`).value);
    const rows = [
      [1, true, 255, '9223372036854775807', 1234567890.12345, '-9999999999999999999999999999.9999999999', '922337203685477.5807', Math.fround(0.1), 1 / 3, tediousDate(tdsDays(1, 1, 1)),
        new Date(Date.UTC(2020, 0, 1, 23, 59, 59, 997)), dt('2020-12-31T23:59:59.9999995'), time('23:59:59.9999995'), dt('2024-06-30 23:30:00.1234567 -05:00'),
        'ab        ', Buffer.from([0, 1, 255]), '6F9619FF-8B86-D011-B42D-00C04FC964FF', '<a b="1">x &amp; y</a>', { baseType: 'money', value: '-0.0001' }],
      [2, false, 0, '-9223372036854775808', -0.00001, '0.0000000001', '-922337203685477.5808', -3.4028234663852886e38, -0, tediousDate(tdsDays(9999, 12, 31)),
        new Date(Date.UTC(1753, 0, 1)), dt('9999-12-31T23:59:59.9999999'), time('00:00:00.0000004'), dt('9999-12-31 23:59:59.9999999 +14:00'),
        'ü         ', Buffer.alloc(0), '00000000-0000-0000-0000-000000000000', '', { baseType: 'datetime2', value: dt('2024-01-02T03:04:05.1234567') }],
      [3, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
    ];
    const tables: MemoryTable[] = [{ model, shapes: [...shapes], rows }];
    await createTargets(config, tables);
    expect((await sync(config, new MemoryVerifySource(tables))).failed).toEqual([]);
    // The mappings as the target holds them: carried into the next day, the end of time kept, UTC.
    expect(await rowsOf(db.url, `SELECT d2::text, t::text, dto::text FROM public.every WHERE id IN (1, 2) ORDER BY id`)).toEqual([
      ['2021-01-01 00:00:00', '24:00:00', '2024-07-01 04:30:00.123457+00'],
      ['9999-12-31 23:59:59.999999', '00:00:00', '9999-12-31 09:59:59.999999+00'],
    ]);
    const { report } = await verify(config, tables);
    expect(report.tables[0]).toMatchObject({ status: 'exact', sourceRows: 3, targetRows: 3 });
  });
});
