import { describe, expect, it } from 'vitest';
import { keyBoundsSql, rangePredicate } from '../../src/source/key-range-read.js';
import { column, table } from '../helpers/catalog-builder.js';

const t = table('dbo', 'Order]s', [column('Id', 'bigint', { nullable: false })], { pk: ['Id'] });
const key = { column: 'Id', sqlType: 'bigint', nullable: false };

describe('key-range SQL', () => {
  it('reads MIN/MAX as exact text (varchar(40) fits decimal(38,0) with its sign)', () => {
    expect(keyBoundsSql(t, key, false)).toBe(
      'SELECT CONVERT(varchar(40), MIN([Id])) AS lo, CONVERT(varchar(40), MAX([Id])) AS hi\nFROM [dbo].[Order]]s]',
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
});
