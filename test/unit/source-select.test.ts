import { describe, expect, it } from 'vitest';
import type { ColumnModel, TableModel } from '../../src/catalog/model.js';
import type { ValueShape } from '../../src/catalog/value-shape.js';
import { UnmappedTypeError, UsageError } from '../../src/errors.js';
import { buildCatalog } from '../../src/sqlserver/build-catalog.js';
import { quoteTsqlName, quoteTsqlTable } from '../../src/sqlserver/quote.js';
import { buildSelect, countRowsSql } from '../../src/sqlserver/select-builder.js';
import { SAMPLE_ROWS } from '../fixtures/catalog/sample-rows.js';

const catalog = buildCatalog(SAMPLE_ROWS);
const allTypes = catalog.tables.find((t) => t.name === 'AllTypes')!;
const selectTable = catalog.tables.find((t) => t.name === 'select')!;

function withoutClrColumns(table: TableModel): TableModel {
  return { ...table, columns: table.columns.filter((c) => c.name !== 'c_point') };
}

/** Expected SELECT-list item and shape for each column of dbo.AllTypes. */
const EXPECTED: Record<string, [string, ValueShape]> = {
  c_bit: ['[c_bit]', 'boolean'],
  c_tinyint: ['[c_tinyint]', 'integer'],
  c_smallint: ['[c_smallint]', 'integer'],
  c_int: ['[c_int]', 'integer'],
  c_bigint: ['[c_bigint]', 'bigint-text'], // tedious's own value is the exact decimal string
  c_decimal: ['CAST([c_decimal] AS varchar(50)) AS [c_decimal]', 'decimal-text'], // decimal(38,10): beyond a double
  c_numeric: ['[c_numeric]', 'decimal-number:2'], // numeric(9,2): exact as a JS number
  c_money: ['CAST(CAST([c_money] AS decimal(19,4)) AS varchar(50)) AS [c_money]', 'decimal-text'],
  c_smallmoney: ['CAST(CAST([c_smallmoney] AS decimal(10,4)) AS varchar(50)) AS [c_smallmoney]', 'decimal-text'],
  c_real: ['[c_real]', 'float'],
  c_float: ['[c_float]', 'float'],
  c_char: ['[c_char]', 'text'],
  c_varchar: ['[c_varchar]', 'text'],
  c_nchar: ['[c_nchar]', 'text'],
  c_nvarchar: ['[c_nvarchar]', 'text'],
  c_text: ['CAST([c_text] AS varchar(max)) AS [c_text]', 'text'],
  c_ntext: ['CAST([c_ntext] AS nvarchar(max)) AS [c_ntext]', 'text'],
  c_xml: ['CAST([c_xml] AS nvarchar(max)) AS [c_xml]', 'text'],
  c_sql_variant: ['[c_sql_variant]', 'variant'], // plus its companion (base type, exact text) after the columns
  c_binary: ['[c_binary]', 'binary'],
  c_varbinary: ['[c_varbinary]', 'binary'],
  c_image: ['CAST([c_image] AS varbinary(max)) AS [c_image]', 'binary'],
  c_timestamp: ['CAST([c_timestamp] AS binary(8)) AS [c_timestamp]', 'binary'],
  c_uniqueidentifier: ['[c_uniqueidentifier]', 'uuid'],
  c_date: ['[c_date]', 'date-value'],
  c_datetime: ['[c_datetime]', 'timestamp-value'],
  c_smalldatetime: ['[c_smalldatetime]', 'timestamp-value'],
  c_datetime2: ['[c_datetime2]', 'timestamp-value'],
  c_time: ['[c_time]', 'time-value'],
  c_datetimeoffset: ['[c_datetimeoffset]', 'timestamptz-value'],
  c_hierarchyid: ['[c_hierarchyid].ToString() AS [c_hierarchyid]', 'text'],
  c_geometry: [
    "CASE WHEN [c_geometry] IS NULL THEN NULL ELSE 'SRID=' + CAST([c_geometry].STSrid AS varchar(12)) + ';' + [c_geometry].AsTextZM() END AS [c_geometry]",
    'text',
  ],
  c_geography: [
    "CASE WHEN [c_geography] IS NULL THEN NULL ELSE 'SRID=' + CAST([c_geography].STSrid AS varchar(12)) + ';' + [c_geography].AsTextZM() END AS [c_geography]",
    'text',
  ],
  c_sysname: ['[c_sysname]', 'text'],
  c_flag: ['[c_flag]', 'boolean'], // alias of bit: read as its base type
};

describe('buildSelect', () => {
  const plan = buildSelect(withoutClrColumns(allTypes), { nolock: false });

  it('reads every SQL Server type with the conversion its shape needs', () => {
    const expectedNames = Object.keys(EXPECTED);
    expect(plan.columns.map((c) => c.name)).toEqual(expectedNames);
    expect(plan.columns.map((c) => c.shape)).toEqual(expectedNames.map((n) => EXPECTED[n]![1]));
    const items = plan.sql.slice('SELECT '.length, plan.sql.indexOf('\nFROM ')).split(',\n       ');
    // The columns, then the companions some need (sql_variant's base type, below).
    expect(items.slice(0, expectedNames.length)).toEqual(expectedNames.map((n) => EXPECTED[n]![0]));
  });

  it('reads a sql_variant natively plus its base type and, for decimal/money/datetimeoffset, exact text, folded into one value', () => {
    const variant: ColumnModel = { ...allTypes.columns[0]!, name: 'v', type: 'sql_variant' };
    const id: ColumnModel = { ...allTypes.columns[0]!, name: 'id', type: 'int', columnId: 0 };
    const p = buildSelect({ ...allTypes, columns: [id, variant] }, { nolock: false });
    const b = "CAST(SQL_VARIANT_PROPERTY([v], 'BaseType') AS varchar(32))";
    expect(p.sql).toBe(
      `SELECT [id],\n       [v],\n       ${b} + ':' + CASE ${b} WHEN 'decimal' THEN CAST([v] AS varchar(50)) WHEN 'numeric' THEN CAST([v] AS varchar(50))` +
        " WHEN 'money' THEN CAST(CAST(CAST([v] AS money) AS decimal(19,4)) AS varchar(50))" +
        " WHEN 'smallmoney' THEN CAST(CAST(CAST([v] AS smallmoney) AS decimal(10,4)) AS varchar(50))" +
        " WHEN 'datetimeoffset' THEN CAST([v] AS varchar(40)) ELSE '' END AS [mssql2pg companion 0]\nFROM [dbo].[AllTypes]",
    );
    expect(p.columns).toEqual([{ name: 'id', shape: 'integer' }, { name: 'v', shape: 'variant' }]);
    // As tedious delivers the three result columns: the value as its base type decodes it, then the companion.
    expect(p.fold!([1, 1.5, 'float:'])).toEqual([1, { baseType: 'float', value: 1.5 }]);
    expect(p.fold!([2, 922337203685477.6, 'money:922337203685477.5807'])).toEqual([2, { baseType: 'money', value: '922337203685477.5807' }]);
    expect(p.fold!([3, null, null])).toEqual([3, null]);
    expect(() => p.fold!([4, 'x', null])).toThrow(/sent a value but no base type/);
  });

  it('reads decimal/numeric natively up to precision 15 and as server text beyond (a double holds 15 digits)', () => {
    const decimal = (precision: number, scale: number): ColumnModel => ({ ...allTypes.columns[0]!, name: 'd', type: 'decimal', precision, scale });
    const read = (c: ColumnModel) => buildSelect({ ...allTypes, columns: [c] }, { nolock: false });
    expect(read(decimal(15, 10))).toEqual({ sql: 'SELECT [d]\nFROM [dbo].[AllTypes]', columns: [{ name: 'd', shape: 'decimal-number:10' }] });
    expect(read(decimal(1, 0)).columns[0]!.shape).toBe('decimal-number:0');
    expect(read(decimal(16, 0))).toEqual({
      sql: 'SELECT CAST([d] AS varchar(50)) AS [d]\nFROM [dbo].[AllTypes]',
      columns: [{ name: 'd', shape: 'decimal-text' }],
    });
  });

  it('selects from the quoted table, without ORDER BY or hints by default', () => {
    expect(plan.sql.endsWith('\nFROM [dbo].[AllTypes]')).toBe(true);
    expect(plan.sql).not.toMatch(/ORDER BY|NOLOCK/);
  });

  it('adds WITH (NOLOCK) on request', () => {
    expect(buildSelect(selectTable, { nolock: true }).sql.endsWith('FROM [dbo].[select] WITH (NOLOCK)')).toBe(true);
  });

  it('quotes reserved words, unicode and doubles ] in names', () => {
    const sql = buildSelect(selectTable, { nolock: false }).sql;
    expect(sql).toBe('SELECT [from],\n       [Größe],\n       [we]]ird name]\nFROM [dbo].[select]');
  });

  it('reads only the requested columns, in the requested order', () => {
    const partial = buildSelect(selectTable, { nolock: false, columns: ['we]ird name', 'from'] });
    expect(partial.columns).toEqual([
      { name: 'we]ird name', shape: 'text' },
      { name: 'from', shape: 'integer' },
    ]);
    expect(() => buildSelect(selectTable, { nolock: false, columns: ['nope'] })).toThrow(UsageError);
    expect(() => buildSelect(selectTable, { nolock: false, columns: [] })).toThrow(/no columns/);
  });

  it('reads columns in column_id order when the model lists them otherwise', () => {
    const reversed: TableModel = { ...selectTable, columns: [...selectTable.columns].reverse() };
    expect(buildSelect(reversed, { nolock: false }).columns.map((c) => c.name)).toEqual(['from', 'Größe', 'we]ird name']);
  });

  it('reads a CLR user type (created only under a type override) through ToString()', () => {
    const plan = buildSelect(allTypes, { nolock: false });
    const index = plan.columns.findIndex((c) => c.name === 'c_point');
    expect(plan.columns[index]).toEqual({ name: 'c_point', shape: 'text' });
    expect(plan.sql).toContain('[c_point].ToString() AS [c_point]');
  });

  it('refuses a type it does not know by name, e.g. a future type, naming table, column and type', () => {
    const vector: ColumnModel = { ...allTypes.columns[0]!, name: 'v', type: 'vector' };
    expect(() => buildSelect({ ...allTypes, columns: [vector] }, { nolock: false })).toThrow(UnmappedTypeError);
    expect(() => buildSelect({ ...allTypes, columns: [vector] }, { nolock: false })).toThrow('Column dbo.AllTypes.v has type vector');
  });
});

describe('quoting and counting', () => {
  it('quotes identifiers the T-SQL way', () => {
    expect(quoteTsqlName('a]]b')).toBe('[a]]]]b]');
    expect(quoteTsqlTable({ schema: 'my schema', name: 'x]' })).toBe('[my schema].[x]]]');
  });

  it('counts with COUNT_BIG', () => {
    expect(countRowsSql(selectTable, { nolock: false })).toBe('SELECT COUNT_BIG(*) AS row_count FROM [dbo].[select]');
    expect(countRowsSql(selectTable, { nolock: true })).toMatch(/WITH \(NOLOCK\)$/);
  });
});
