import { describe, expect, it } from 'vitest';
import { describeRange, integerKeyColumn, splitKeyRanges, WHOLE_TABLE } from '../../src/verify/key-ranges.js';
import { buildKeyRangeSelect, keyStatsSql } from '../../src/source/key-range-select.js';
import { keyStatsOf } from '../../src/source/sql-server-verify-source.js';
import { column, table } from '../helpers/catalog-builder.js';

const ranges = (min: bigint, max: bigint, rows: number, maxRows: number): string[] =>
  splitKeyRanges({ rows, min, max }, maxRows).map((r) => `${r.from ?? ''}..${r.to ?? ''}`);

describe('splitKeyRanges', () => {
  it('keeps a small or empty table whole', () => {
    expect(splitKeyRanges({ rows: 10, min: 1n, max: 10n }, 10)).toEqual([WHOLE_TABLE]);
    expect(splitKeyRanges({ rows: 0, min: null, max: null }, 10)).toEqual([WHOLE_TABLE]);
  });

  it('covers [min, max] with contiguous ranges, the first open below and the last open above', () => {
    expect(ranges(1n, 100n, 100, 25)).toEqual(['..25', '26..50', '51..75', '76..']);
    expect(ranges(-10n, 9n, 20, 7)).toEqual(['..-4', '-3..3', '4..']);
  });

  it('splits by row count, not key span: sparse keys give no empty ranges beyond the count', () => {
    expect(ranges(1n, 1_000_000_000_000n, 30, 10)).toHaveLength(3);
  });

  it('never makes more ranges than there are keys', () => {
    expect(ranges(5n, 6n, 1000, 10)).toEqual(['..5', '6..']);
  });

  it('handles bigint keys beyond 2^53 exactly', () => {
    const max = 9223372036854775807n;
    const r = splitKeyRanges({ rows: 4, min: max - 3n, max }, 2);
    expect(r).toEqual([{ from: null, to: max - 2n }, { from: max - 1n, to: null }]);
  });

  it('describes a range for messages', () => {
    expect(describeRange('Id', { from: 1n, to: 9n })).toBe('Id 1..9');
    expect(describeRange('Id', { from: null, to: 9n })).toBe('Id <= 9');
    expect(describeRange('Id', WHOLE_TABLE)).toBe('whole table');
  });
});

describe('integerKeyColumn', () => {
  it('is the key column only for a one-column integer primary key', () => {
    const t = (pk: string[] | undefined, type = 'int') => table('dbo', 'T', [column('Id', type), column('Code', 'nvarchar')], pk ? { pk } : {});
    expect(integerKeyColumn(t(['Id']))).toBe('Id');
    expect(integerKeyColumn(t(['Id'], 'bigint'))).toBe('Id');
    expect(integerKeyColumn(t(['Code']))).toBeNull();
    expect(integerKeyColumn(t(['Id', 'Code']))).toBeNull();
    expect(integerKeyColumn(t(undefined))).toBeNull();
    expect(integerKeyColumn(t(['Id'], 'decimal'))).toBeNull();
  });
});

describe('source key-range SELECT', () => {
  const orders = table('dbo', 'Orders', [column('Id', 'bigint', { nullable: false }), column('Name', 'nvarchar')], { pk: ['Id'] });

  it('adds a parameterised WHERE on the key to stage 2 SELECT, leaving open ends out', () => {
    const both = buildKeyRangeSelect(orders, 'Id', { from: 10n, to: 20n }, { nolock: false });
    expect(both.sql).toMatch(/FROM \[dbo\]\.\[Orders\]\nWHERE \[Id\] >= @key_from AND \[Id\] <= @key_to$/);
    expect(both.params).toEqual({ key_from: '10', key_to: '20' });
    const open = buildKeyRangeSelect(orders, 'Id', { from: null, to: 20n }, { nolock: true });
    expect(open.sql).toMatch(/WITH \(NOLOCK\)\nWHERE \[Id\] <= @key_to$/);
    expect(open.params).toEqual({ key_to: '20' });
    expect(buildKeyRangeSelect(orders, 'Id', { from: null, to: null }, { nolock: false }).sql).not.toContain('WHERE');
    expect(both.columns.map((c) => c.name)).toEqual(['Id', 'Name']);
  });

  it('counts with COUNT_BIG and reads the bounds as text', () => {
    expect(keyStatsSql(orders, 'Id', { nolock: false })).toBe(
      'SELECT COUNT_BIG(*) AS row_count, CONVERT(varchar(20), MIN([Id])) AS min_key, CONVERT(varchar(20), MAX([Id])) AS max_key FROM [dbo].[Orders]',
    );
  });

  it('parses the stats row as tedious returns it (COUNT_BIG as a string, NULL bounds on an empty table)', () => {
    expect(keyStatsOf([{ row_count: '3', min_key: '-9223372036854775808', max_key: '9223372036854775807' }])).toEqual({
      rows: 3, min: -9223372036854775808n, max: 9223372036854775807n,
    });
    expect(keyStatsOf([{ row_count: '0', min_key: null, max_key: null }])).toEqual({ rows: 0, min: null, max: null });
  });
});
