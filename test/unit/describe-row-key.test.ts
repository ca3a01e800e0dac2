// Error messages name the failing row by its primary key. Since date/time columns are read
// natively, a key value may be a Date: it must read as ISO text, not JS's
// locale-dependent `Wed Jan 01 2020 ...`.
import { describe, expect, it } from 'vitest';
import { UnrepresentableValueError } from '../../src/copy/index.js';
import { describeRowKey, describeValueError } from '../../src/load/row-error.js';
import { column, table } from '../helpers/catalog-builder.js';

describe('describeRowKey', () => {
  const t = table('dbo', 'Events', [column('Id', 'int'), column('At', 'datetime2'), column('Tag', 'varbinary')], { pk: ['At', 'Tag', 'Id'] });

  it('names every key column, dates as ISO text and binaries as hex', () => {
    expect(describeRowKey(t, [7, new Date(Date.UTC(2020, 0, 1, 12, 30, 0, 123)), Buffer.from([0xab, 0x01])])).toBe(
      'row with At=2020-01-01T12:30:00.123Z, Tag=0xab01, Id=7',
    );
  });

  it('says when the table has no primary key', () => {
    expect(describeRowKey(table('dbo', 'Heap', [column('x', 'int')]), [1])).toBe('row (table has no primary key)');
  });
});

describe('describeValueError', () => {
  const t = table('dbo', 'Notes', [column('Body', 'nvarchar'), column('Id', 'int')], { pk: ['Id'] });
  const problem = (row: unknown[]) =>
    new UnrepresentableValueError({ column: 'Body', shape: 'text', rowIndex: 41, row, problem: 'nul-character', reason: 'contains U+0000' });

  it('names the row by its key when the key was read', () => {
    expect(describeValueError(problem(['a\u0000', 7]), t, 'data').message).toMatch(/^Table dbo\.Notes \(data\) failed: row with Id=7, /);
  });

  it('names the row by its position when the TDS decoder had not read the key yet (the key comes after the failing column)', () => {
    const message = describeValueError(problem([undefined, undefined]), t, 'data').message;
    expect(message).toMatch(/^Table dbo\.Notes \(data\) failed: row 42 of the unit \(its key columns come after the failing column\), /);
    expect(message).toContain('--strip-nul');
  });
});
