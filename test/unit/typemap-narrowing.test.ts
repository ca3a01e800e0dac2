import { describe, expect, it } from 'vitest';
import type { ColumnModel } from '../../src/catalog/model.js';
import { buildCreateTable } from '../../src/ddl/index.js';
import { describeNarrowing } from '../../src/typemap/narrowing.js';
import { column, table } from '../helpers/catalog-builder.js';

const c = (type: string, o: Partial<ColumnModel> = {}): ColumnModel => column('C', type, o);

describe('describeNarrowing: an override that cannot hold every value of the column', () => {
  it.each([
    [c('money'), 'numeric(19,2)', 'numeric(19,2) drops 2 decimal digits (scale 4 → 2): values are rounded'],
    [c('decimal', { precision: 18, scale: 4 }), 'numeric(10,4)', 'holds integer parts up to 999999 where decimal goes up to 99999999999999'],
    [c('int'), 'smallint', 'holds integer parts up to 32767 where int goes up to 2147483647'],
    [c('bigint'), 'integer', 'larger values fail to load'],
    [c('decimal', { precision: 38, scale: 10 }), 'double precision', 'double precision keeps about 15 significant digits'],
    [c('float', { precision: 53 }), 'real', 'real keeps about 7 significant digits of a float'],
    [c('nvarchar', { maxLength: 200 }), 'varchar(50)', 'nvarchar(100) values longer than 50 characters fail to load'],
    [c('nvarchar', { maxLength: -1 }), 'varchar(4000)', 'nvarchar values longer than 4000 characters fail to load'],
    [c('datetime2', { scale: 7 }), 'timestamp(3)', 'timestamp(3) rounds the fractional seconds to 3 digits (datetime2 has 6)'],
    [c('datetime'), 'date', 'date drops the time of day of datetime values'],
    [c('int'), 'boolean', 'int values become boolean, another kind of type'],
  ])('%o → %s', (col, pgType, expected) => {
    expect(describeNarrowing(col, pgType)).toContain(expected);
  });

  it.each([
    [c('money'), 'numeric(20,4)'],
    [c('money'), 'numeric'],
    [c('int'), 'bigint'],
    [c('smallint'), 'smallint'],
    [c('tinyint'), 'smallint'],
    [c('nvarchar', { maxLength: 20 }), 'text'],
    [c('varchar', { maxLength: 50 }), 'varchar(50)'],
    [c('real'), 'double precision'],
    // The 7th fractional digit rounding is the documented mapping, not the override's doing.
    [c('datetime2', { scale: 7 }), 'timestamp(6)'],
    [c('int'), 'text'],
  ])('%o → %s holds every value', (col, pgType) => {
    expect(describeNarrowing(col, pgType)).toBeNull();
  });
});

describe('stage 1 lists every narrowing override', () => {
  it('warns for a type override and a column override, naming what --accept-override takes', () => {
    const t = table('dbo', 'Orders', [column('Id', 'int', { nullable: false }), column('Total', 'money'), column('Note', 'nvarchar', { maxLength: 200 })]);
    const names = { schema: 'public', table: 'orders', columns: new Map([['Id', 'id'], ['Total', 'total'], ['Note', 'note']]) };
    const ddl = buildCreateTable(t, names, { overrides: { byType: { money: 'numeric(19,2)' }, byColumn: { 'dbo.Orders.Note': 'varchar(50)' } }, postgis: false });
    expect(ddl.warnings).toEqual([
      'dbo.Orders.Total: type override money → numeric(19,2) narrows the column: numeric(19,2) drops 2 decimal digits (scale 4 → 2): values are rounded; ' +
        "verify reports such values as caused by the column's type (accept them with --accept-override money)",
      expect.stringMatching(/^dbo\.Orders\.Note: type override dbo\.Orders\.Note → varchar\(50\) narrows the column: nvarchar\(100\) values longer than 50 characters fail to load .*--accept-override dbo\.Orders\.Note\)$/),
    ]);
  });
});
