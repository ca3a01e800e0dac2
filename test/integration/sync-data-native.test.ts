// Stage 2 with values shaped as the SQL Server reader now delivers them natively:
// shapes come from src/sqlserver/column-read.ts for each column's type, values are built the way
// tedious builds them (test/helpers/tedious-values.ts). A twin table gets the same source
// values in the text shapes the reader used before; Postgres must store the same values in both.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { qualifiedName, type TableModel } from '../../src/catalog/model.js';
import type { ValueShape } from '../../src/catalog/value-shape.js';
import { columnRead } from '../../src/sqlserver/column-read.js';
import { column, table } from '../helpers/catalog-builder.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { MemoryRowSource, type MemoryTable } from '../helpers/memory-row-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { createTargets, rowsOf, sync } from '../helpers/sync-harness.js';
import { tdsDays, tediousDate, tediousDateTime, tediousFromText, tediousNumeric, tediousTime } from '../helpers/tedious-values.js';
import { testConfig } from '../helpers/test-config.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await expectNoOpenConnections(db.name);
  await db.drop();
});

function model(name: string): TableModel {
  return table('dbo', name, [
    column('Id', 'int', { nullable: false }),
    column('Big', 'bigint', { maxLength: 8, precision: 19 }),
    column('Small', 'decimal', { maxLength: 9, precision: 15, scale: 10 }),
    column('Wide', 'decimal', { maxLength: 17, precision: 38, scale: 10 }),
    column('Day', 'date', { maxLength: 3, precision: 10 }),
    column('At', 'datetime2', { maxLength: 8, precision: 27, scale: 7 }),
    column('Old', 'datetime', { maxLength: 8, precision: 23, scale: 3 }),
    column('Clock', 'time', { maxLength: 5, precision: 16, scale: 7 }),
    column('AtTz', 'datetimeoffset', { maxLength: 10, precision: 34, scale: 7 }),
  ], { pk: ['Id'], rowCountEstimate: 4 });
}

/** [native value, SQL Server's text of the same value] per column after Id, per row. */
const SOURCE: readonly (readonly [unknown, string | null][])[] = [
  [
    ['9223372036854775807', '9223372036854775807'],
    [tediousNumeric(1000n, 10), '0.0000001000'],
    ['1234567890123456789012345678.1234567890', '1234567890123456789012345678.1234567890'],
    [tediousDate(tdsDays(1, 1, 1)), '0001-01-01'],
    [tediousFromText('2020-12-31 23:59:59.9999995'), '2020-12-31 23:59:59.9999995'],
    [tediousDateTime(0, 2), '1900-01-01T00:00:00.007'],
    [tediousTime(863999999995), '23:59:59.9999995'],
    [tediousFromText('9999-12-31 23:59:59.9999999 +14:00'), '9999-12-31 23:59:59.9999999 +14:00'],
  ],
  [
    ['-9223372036854775808', '-9223372036854775808'],
    [tediousNumeric(-999999999999999n, 10), '-99999.9999999999'],
    ['-0.0000000001', '-0.0000000001'],
    [tediousDate(tdsDays(9999, 12, 31)), '9999-12-31'],
    [tediousFromText('9999-12-31 23:59:59.9999999'), '9999-12-31 23:59:59.9999999'],
    [tediousDateTime(2958463, 25919999), '9999-12-31T23:59:59.997'],
    [tediousTime(5), '00:00:00.0000005'],
    [tediousFromText('2024-06-01 12:00:00.1234567 -07:30'), '2024-06-01 12:00:00.1234567 -07:30'],
  ],
  [
    [null, null], [null, null], [null, null], [null, null], [null, null], [null, null], [null, null], [null, null],
  ],
];

const TEXT_SHAPES: ValueShape[] = ['integer', 'bigint-text', 'decimal-text', 'decimal-text', 'date-text', 'timestamp-text', 'timestamp-text', 'time-text', 'timestamptz-text'];

function readerShapes(m: TableModel): ValueShape[] {
  return m.columns.map((c) => columnRead(qualifiedName(m), c).shape);
}

const readBack = (t: string) =>
  `SELECT id::text, big::text, small::text, wide::text, day::text, at::text, old::text, clock::text, (attz AT TIME ZONE 'UTC')::text FROM public.${t} ORDER BY id`;

describe('sync data with natively read values', () => {
  it('stores what the text path stores for the same source values', async () => {
    const nativeModel = model('Native');
    expect(readerShapes(nativeModel)).toEqual(['integer', 'bigint-text', 'decimal-number:10', 'decimal-text', 'date-value', 'timestamp-value', 'timestamp-value', 'time-value', 'timestamptz-value']);
    const native: MemoryTable = { model: nativeModel, shapes: readerShapes(nativeModel), rows: SOURCE.map((row, i) => [i + 1, ...row.map(([value]) => value)]) };
    const text: MemoryTable = { model: model('Text'), shapes: TEXT_SHAPES, rows: SOURCE.map((row, i) => [i + 1, ...row.map(([, value]) => value)]) };
    const config = testConfig(db.url);
    await createTargets(config, [native, text]);
    const summary = await sync(config, new MemoryRowSource([native, text]));
    expect(summary.failed).toEqual([]);
    expect(summary.rows).toBe(2 * SOURCE.length);

    const nativeRows = await rowsOf(db.url, readBack('native'));
    expect(nativeRows).toEqual(await rowsOf(db.url, readBack('text')));
    expect(nativeRows[0]).toEqual(['1', '9223372036854775807', '0.0000001000', '1234567890123456789012345678.1234567890', '0001-01-01',
      '2021-01-01 00:00:00', '1900-01-01 00:00:00.007', '24:00:00', '9999-12-31 09:59:59.999999']);
    expect(nativeRows[1]).toEqual(['2', '-9223372036854775808', '-99999.9999999999', '-0.0000000001', '9999-12-31',
      '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59.997', '00:00:00.000001', '2024-06-01 19:30:00.123457']);
  });
});
