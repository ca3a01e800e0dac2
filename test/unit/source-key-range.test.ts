import { describe, expect, it } from 'vitest';
import { buildRangeSelect, keyBoundsOf, keyBoundsSql, rangePredicate } from '../../src/sqlserver/key-range-read.js';
import { rowCountOf } from '../../src/sqlserver/sql-server-verify-source.js';
import { column, table } from '../helpers/catalog-builder.js';

const t = table('dbo', 'Order]s', [column('Id', 'bigint', { nullable: false })], { pk: ['Id'] });
const key = { column: 'Id', sqlType: 'bigint', nullable: false };

describe('key-range SQL', () => {
  it('reads MIN/MAX as exact text (varchar(40) fits decimal(38,0) with its sign)', () => {
    expect(keyBoundsSql(t, key, false)).toBe(
      'SELECT CAST(MIN([Id]) AS varchar(40)) AS lo, CAST(MAX([Id]) AS varchar(40)) AS hi\nFROM [dbo].[Order]]s]',
    );
    expect(keyBoundsSql(t, key, true)).toMatch(/FROM \[dbo\]\.\[Order\]\]s\] WITH \(NOLOCK\)$/);
  });

  it('binds bounds as parameters cast to the key type, never spliced into the text', () => {
    const p = rangePredicate(key, { lo: '-9223372036854775807', hi: '42' });
    expect(p.where).toBe('[Id] >= CAST(@lo AS bigint) AND [Id] < CAST(@hi AS bigint)');
    expect(p.params).toEqual([
      { name: 'lo', value: '-9223372036854775807' },
      { name: 'hi', value: '42' },
    ]);
    expect(p.where).not.toContain('9223372036854775807');
  });

  it('leaves the first and last range open, and reads NULL keys in the first range of a nullable key', () => {
    expect(rangePredicate(key, { lo: null, hi: '10' }).where).toBe('[Id] < CAST(@hi AS bigint)');
    expect(rangePredicate(key, { lo: '10', hi: null })).toEqual({ where: '[Id] >= CAST(@lo AS bigint)', params: [{ name: 'lo', value: '10' }] });
    const nullable = { column: 'At', sqlType: 'decimal(38,0)', nullable: true };
    expect(rangePredicate(nullable, { lo: null, hi: '10' }).where).toBe('([At] < CAST(@hi AS decimal(38,0)) OR [At] IS NULL)');
    expect(rangePredicate(nullable, { lo: '10', hi: '20' }).where).toBe('[At] >= CAST(@lo AS decimal(38,0)) AND [At] < CAST(@hi AS decimal(38,0))');
  });

  it('parses MIN/MAX as tedious returns them: exact text, NULL both on an empty table', () => {
    expect(keyBoundsOf([{ lo: '-9223372036854775808', hi: '99999999999999999999999999999999999999' }])).toEqual({
      min: '-9223372036854775808', max: '99999999999999999999999999999999999999',
    });
    expect(keyBoundsOf([{ lo: null, hi: null }])).toEqual({ min: null, max: null });
  });

  it("adds the range's WHERE to stage 2's SELECT, same columns, bounds as parameters", () => {
    const named = table('dbo', 'Orders', [column('Id', 'bigint', { nullable: false }), column('Name', 'nvarchar')], { pk: ['Id'] });
    const both = buildRangeSelect(named, key, { lo: '10', hi: '20' }, { nolock: false });
    expect(both.sql).toMatch(/FROM \[dbo\]\.\[Orders\]\nWHERE \[Id\] >= CAST\(@lo AS bigint\) AND \[Id\] < CAST\(@hi AS bigint\)$/);
    expect(both.params).toEqual([{ name: 'lo', value: '10' }, { name: 'hi', value: '20' }]);
    expect(both.columns.map((c) => c.name)).toEqual(['Id', 'Name']);
    const first = buildRangeSelect(named, key, { lo: null, hi: '20' }, { nolock: true });
    expect(first.sql).toMatch(/WITH \(NOLOCK\)\nWHERE \[Id\] < CAST\(@hi AS bigint\)$/);
  });
});

describe('verify source count', () => {
  it('parses COUNT_BIG as tedious returns it (a decimal string) and refuses anything else', () => {
    expect(rowCountOf('3')).toBe(3);
    expect(rowCountOf('0')).toBe(0);
    expect(() => rowCountOf(undefined)).toThrow('unexpected row count undefined');
    expect(() => rowCountOf('-1')).toThrow('unexpected row count -1');
  });
});
