import { describe, expect, it } from 'vitest';
import { chooseChunkKey, planKeyRanges, rangeContains, rangeLabel, type KeyRange } from '../../src/plan/key-ranges.js';
import { column, table } from '../helpers/catalog-builder.js';

const plan = (min: string | null, max: string | null, estimatedRows: number, chunkRows = 10) =>
  planKeyRanges({ min, max, estimatedRows, chunkRows });

/** Every key lands in exactly one range. */
function owners(ranges: readonly KeyRange[], key: bigint): number {
  return ranges.filter((r) => rangeContains(r, key)).length;
}

describe('planKeyRanges', () => {
  it('keeps a table one unit when chunking is off, the estimate is small, or the table is empty', () => {
    expect(plan('1', '1000', 1000, 0)).toBeNull();
    expect(plan('1', '1000', 10, 10)).toBeNull();
    expect(plan(null, null, 1000)).toBeNull();
  });

  it('keeps a one-row table one unit even when the estimate is stale', () => {
    expect(plan('7', '7', 1_000_000)).toBeNull();
  });

  it('splits evenly, half-open, first and last unbounded', () => {
    expect(plan('1', '100', 40)).toEqual([
      { lo: null, hi: '26' },
      { lo: '26', hi: '51' },
      { lo: '51', hi: '76' },
      { lo: '76', hi: null },
    ]);
  });

  it('handles negative keys', () => {
    const ranges = plan('-100', '-1', 20)!;
    expect(ranges).toEqual([
      { lo: null, hi: '-50' },
      { lo: '-50', hi: null },
    ]);
    for (let k = -150n; k <= 50n; k++) expect(owners(ranges, k)).toBe(1);
    expect(plan('-10', '9', 20, 7)).toEqual([
      { lo: null, hi: '-3' },
      { lo: '-3', hi: '4' },
      { lo: '4', hi: null },
    ]);
  });

  it('never makes more ranges than there are distinct keys (sparse or narrow keys)', () => {
    expect(plan('1', '3', 1_000)).toEqual([
      { lo: null, hi: '2' },
      { lo: '2', hi: '3' },
      { lo: '3', hi: null },
    ]);
    // Sparse keys: ranges are equal in key width, so some may be nearly empty, none wrong.
    const sparse = plan('1', '1000000000', 50)!;
    expect(sparse).toHaveLength(5);
    for (const k of [1n, 2n, 999_999_999n, 1_000_000_000n]) expect(owners(sparse, k)).toBe(1);
  });

  it('covers the bigint extremes exactly', () => {
    const ranges = plan('-9223372036854775807', '9223372036854775807', 80)!;
    expect(ranges).toHaveLength(8);
    expect(ranges[0]!.lo).toBeNull();
    expect(ranges.at(-1)!.hi).toBeNull();
    for (const k of [-9223372036854775808n, -9223372036854775807n, -1n, 0n, 1n, 9223372036854775807n]) {
      expect(owners(ranges, k)).toBe(1);
    }
    // Bounds stay exact decimal text (a JS number would round them).
    for (const r of ranges.slice(1)) expect(BigInt(r.lo!).toString()).toBe(r.lo);
  });

  it('splits a key span ending at the bigint maximum exactly', () => {
    const max = 9223372036854775807n;
    expect(plan((max - 3n).toString(), max.toString(), 4, 2)).toEqual([
      { lo: null, hi: (max - 1n).toString() },
      { lo: (max - 1n).toString(), hi: null },
    ]);
  });

  it('handles decimal(38,0) keys beyond 2^63 as exact text', () => {
    const ranges = plan('100000000000000000000000000000000000', '99999999999999999999999999999999999999', 30)!;
    expect(ranges).toHaveLength(3);
    expect(ranges[1]!.lo).toBe((334n * 10n ** 35n).toString());
    for (const k of [10n ** 35n, 10n ** 37n, 10n ** 38n - 1n]) expect(owners(ranges, k)).toBe(1);
  });

  it('reads rows inserted outside MIN/MAX after planning (first and last range are unbounded)', () => {
    const ranges = plan('1000', '2000', 30)!;
    expect(owners(ranges, -5n)).toBe(1);
    expect(rangeContains(ranges[0]!, -5n)).toBe(true);
    expect(rangeContains(ranges.at(-1)!, 10n ** 30n)).toBe(true);
    expect(rangeContains(ranges[0]!, null)).toBe(true);
    expect(ranges.filter((r) => rangeContains(r, null))).toHaveLength(1);
  });

  it('labels ranges stably', () => {
    expect(rangeLabel({ lo: null, hi: '5' })).toBe('[-inf,5)');
    expect(rangeLabel({ lo: '5', hi: null })).toBe('[5,+inf)');
  });
});

describe('chooseChunkKey', () => {
  it('takes a single-column integer primary key', () => {
    const t = table('dbo', 'T', [column('Id', 'bigint', { nullable: false }), column('N', 'int')], { pk: ['Id'] });
    expect(chooseChunkKey(t)).toEqual({ column: 'Id', sqlType: 'bigint', nullable: false });
  });

  it('takes decimal/numeric with scale 0 with its precision, and refuses scale > 0', () => {
    const d = table('dbo', 'D', [column('Id', 'decimal', { precision: 38, scale: 0, nullable: false })], { pk: ['Id'] });
    expect(chooseChunkKey(d)?.sqlType).toBe('decimal(38,0)');
    const f = table('dbo', 'F', [column('Id', 'decimal', { precision: 18, scale: 2 })], { pk: ['Id'] });
    expect(chooseChunkKey(f)).toBeNull();
  });

  it('takes a nonclustered single-column integer primary key, and nothing from a table with no key or clustered index', () => {
    const t = table('dbo', 'T', [column('Id', 'int', { nullable: false }), column('Code', 'nvarchar')], { pk: ['Id'] });
    expect(chooseChunkKey({ ...t, primaryKey: { name: 'PK', columns: ['Id'], clustered: false } })?.column).toBe('Id');
    expect(chooseChunkKey({ ...t, primaryKey: null })).toBeNull();
  });

  it('falls back to the leading column of the clustered index', () => {
    const t = table('dbo', 'T', [column('Code', 'nvarchar'), column('At', 'int')], {
      pk: ['Code'],
      indexes: [],
    });
    const clusteredPk = { ...t, primaryKey: { name: 'PK', columns: ['Code'], clustered: false } };
    expect(chooseChunkKey(clusteredPk)).toBeNull();
    const withIndex = {
      ...clusteredPk,
      indexes: [{ name: 'CX', unique: false, clustered: true, keyColumns: [{ name: 'At', descending: false }], includedColumns: [], filter: null }],
    };
    expect(chooseChunkKey(withIndex)).toEqual({ column: 'At', sqlType: 'int', nullable: true });
  });

  it('takes the leading column of a clustered composite primary key', () => {
    const t = table('dbo', 'T', [column('A', 'smallint', { nullable: false }), column('B', 'int')], { pk: ['A', 'B'] });
    expect(chooseChunkKey(t)?.column).toBe('A');
  });

  it('refuses uuid, string and datetime keys (the servers sort them differently)', () => {
    for (const type of ['uniqueidentifier', 'nvarchar', 'datetime2']) {
      expect(chooseChunkKey(table('dbo', 'T', [column('K', type)], { pk: ['K'] }))).toBeNull();
    }
  });
});
