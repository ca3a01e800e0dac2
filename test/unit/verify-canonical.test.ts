// verify's reference canonicalizer: the text Postgres prints for each source value in its
// default target type, written apart from the COPY encoder, with the documented mappings as
// rules of its own; and when a target text holds the same value under another type.
import { describe, expect, it } from 'vitest';
import type { ColumnModel } from '../../src/catalog/model.js';
import { verifyColumnRead } from '../../src/sqlserver/verify-read.js';
import { compareIntegerText, decimalNumberText, normalDecimal, realText } from '../../src/verify/canonical-numbers.js';
import { CanonicalValueError, sourceText, textPolicy } from '../../src/verify/canonical-source.js';
import { datetime2Text, datetimeoffsetText, datetimeText, sameTimestampText, timeText, wholeMicros } from '../../src/verify/canonical-temporal.js';
import { variantText } from '../../src/verify/canonical-variant.js';
import { columnCheck } from '../../src/verify/column-checks.js';
import { formatTypeOf, typeChangeOf, type TargetColumn } from '../../src/verify/target-columns.js';
import { column, table } from '../helpers/catalog-builder.js';
import { tediousDateTime, tediousFromText, tediousTime, tdsDateTime2 } from '../helpers/tedious-values.js';

const time = (text: string) => tediousTime(tdsDateTime2(`1970-01-01 ${text}`).value);

describe('date and time as Postgres prints the target type', () => {
  it.each([
    ['2024-01-02T03:04:05.1234567', '2024-01-02 03:04:05.123457'],
    ['2024-01-02T03:04:05.1234565', '2024-01-02 03:04:05.123457'],
    ['2024-01-02T03:04:05.1234564', '2024-01-02 03:04:05.123456'],
    ['2024-01-02T03:04:05.1000000', '2024-01-02 03:04:05.1'],
    ['2024-01-02T03:04:05', '2024-01-02 03:04:05'],
    // Half-up with carry, into the next year.
    ['2020-12-31T23:59:59.9999995', '2021-01-01 00:00:00'],
    // No carry into year 10000: the end-of-time value keeps .999999.
    ['9999-12-31T23:59:59.9999999', '9999-12-31 23:59:59.999999'],
    ['9999-12-31T23:59:59.9999995', '9999-12-31 23:59:59.999999'],
    ['0001-01-01T00:00:00.0000001', '0001-01-01 00:00:00'],
  ])('datetime2 %s → %s', (value, text) => {
    expect(datetime2Text(tediousFromText(value))).toBe(text);
  });

  it('time rounds into 24:00:00, as Postgres time allows', () => {
    expect(timeText(time('23:59:59.9999995'))).toBe('24:00:00');
    expect(timeText(time('12:00:00.0000005'))).toBe('12:00:00.000001');
    expect(timeText(time('00:00:00'))).toBe('00:00:00');
  });

  it('datetime keeps the milliseconds tedious gives, without trailing zeros', () => {
    expect(datetimeText(tediousDateTime(0, 1))).toBe('1900-01-01 00:00:00.003');
    expect(datetimeText(tediousDateTime(0, 30))).toBe('1900-01-01 00:00:00.1');
  });

  it('datetimeoffset is its UTC instant; the end-of-time rule applies wherever that value lands in UTC', () => {
    expect(datetimeoffsetText(tediousFromText('2024-06-30 23:30:00.1234567 -05:00'))).toBe('2024-07-01 04:30:00.123457+00');
    // 9999-12-31 23:59:59.9999999 +14:00 is 09:59:59.9999999 UTC: kept at .999999, not carried.
    expect(datetimeoffsetText(tediousFromText('9999-12-31 23:59:59.9999999 +14:00'))).toBe('9999-12-31 09:59:59.999999+00');
    expect(datetimeoffsetText(tediousFromText('9999-12-31 23:59:59.9999999 +05:45'))).toBe('9999-12-31 18:14:59.999999+00');
    // Anywhere else, it rounds up as usual.
    expect(datetimeoffsetText(tediousFromText('9999-12-31 09:58:59.9999999 +00:00'))).toBe('9999-12-31 09:59:00+00');
  });

  it('the fast timestamp test agrees with the full rendering, and leaves carries to it', () => {
    const v = tediousFromText('2024-01-02T03:04:05.1234567');
    const micros = wholeMicros(v)!;
    expect(sameTimestampText(v, micros, '2024-01-02 03:04:05.123457', '')).toBe(true);
    expect(sameTimestampText(v, micros, '2024-01-02 03:04:05.123456', '')).toBe(false);
    expect(sameTimestampText(v, micros, '2024-01-02 03:04:05.1234570', '')).toBeNull();
    expect(sameTimestampText(v, micros, '2024-01-02 03:04:05.123457+00', '+00')).toBe(true);
    expect(wholeMicros(tediousFromText('2024-01-02T03:04:05.9999996'))).toBeNull();
  });

  it.each(['0001-01-01T00:00:00', '0099-12-31T23:59:59.5', '1600-02-29T12:00:00.000001', '1899-12-31T23:59:59.999999', '1970-01-01T00:00:00', '2000-02-29T01:02:03.04', '9999-12-31T23:59:59.999999'])(
    'the fast timestamp test agrees with the full rendering on %s',
    (text) => {
      const v = tediousFromText(text);
      expect(sameTimestampText(v, wholeMicros(v)!, datetime2Text(v), '')).toBe(true);
      const otherYear = text.replace(/^(\d{4})/, (y) => String(Number(y) === 9999 ? 9998 : Number(y) + 1).padStart(4, '0'));
      expect(sameTimestampText(v, wholeMicros(v)!, datetime2Text(tediousFromText(otherYear)), '')).toBe(false);
    },
  );
});

describe('numbers', () => {
  it('normal decimal forms compare values, not spellings', () => {
    expect(['12.3400', '12.34', '+12.34', '1.234e1', '0012.340'].map(normalDecimal)).toEqual(Array(5).fill('12.34'));
    expect(['0', '-0', '0.000', '-0.0', '.0', '0e5'].map(normalDecimal)).toEqual(Array(6).fill('0'));
    expect(normalDecimal('5e-3')).toBe('0.005');
    expect(normalDecimal('1e+15')).toBe('1000000000000000');
    expect(normalDecimal('abc')).toBe('abc');
    expect(normalDecimal('')).toBe('');
  });

  it('orders integer texts as both servers do, beyond 2^63 too', () => {
    const sorted = ['10', '-1', '9', '-10', '0', '99999999999999999999999999', '-9223372036854775809'].sort(compareIntegerText);
    expect(sorted).toEqual(['-9223372036854775809', '-10', '-1', '0', '9', '10', '99999999999999999999999999']);
  });

  it('renders a real as the shortest text of its float32, and a native decimal with its scale', () => {
    expect(realText(Math.fround(0.1))).toBe('0.1');
    expect(realText(Math.fround(16777217))).toBe('16777216');
    expect(decimalNumberText(0.0000001, 10)).toBe('0.0000001000');
    expect(decimalNumberText(-12.5, 2)).toBe('-12.50');
    expect(() => decimalNumberText(0.123, 2)).toThrow(/not a decimal with 2 digits/);
  });
});

describe('text and its rewrites', () => {
  it('fails a value Postgres cannot hold unless sync data was told to rewrite it, and applies the same rewrite then', () => {
    const plain = sourceText('string', textPolicy({}));
    expect(() => plain('a\u0000b')).toThrow(CanonicalValueError);
    expect(() => plain('a\ud800')).toThrow(/lone UTF-16 surrogate/);
    expect(sourceText('string', textPolicy({ nul: 'strip' }))('a\u0000b')).toBe('ab');
    expect(sourceText('string', textPolicy({ nul: { replace: '?' } }))('a\u0000b')).toBe('a?b');
    expect(sourceText('string', textPolicy({ surrogates: 'replace' }))('a\ud800')).toBe('a\ufffd');
  });
});

describe('sql_variant as Postgres prints its jsonb', () => {
  const v = (baseType: string, native: unknown, text: string | null) => variantText({ baseType, native, text }, (s) => s);
  it.each([
    [v('money', 12.35, '12.3456'), '{"type": "money", "value": "12.3456"}'],
    [v('datetime2', null, '2024-01-02 03:04:05.1230000'), '{"type": "datetime2", "value": "2024-01-02 03:04:05.123"}'],
    [v('datetimeoffset', null, '2024-01-02 03:04:05.0000000 +01:00'), '{"type": "datetimeoffset", "value": "2024-01-02 03:04:05 +01:00"}'],
    [v('float', 0.1, null), '{"type": "float", "value": "0.1"}'],
    [v('real', Math.fround(0.1), null), '{"type": "real", "value": "0.1"}'],
    [v('varbinary', Buffer.from([1, 171]), null), '{"type": "varbinary", "value": "01ab"}'],
    [v('nvarchar', 'a"b\\c\n', null), '{"type": "nvarchar", "value": "a\\"b\\\\c\\n"}'],
    [v('bit', true, '1'), '{"type": "bit", "value": "1"}'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('fails a base type it cannot carry, and a text not in its base type form', () => {
    expect(() => v('geography', 'x', null)).toThrow(/cannot be carried exactly/);
    expect(() => v('money', null, '12.35 ')).toThrow(/exact decimal text/);
    expect(() => v('datetime', null, 'Jan  1 2020 12:00AM')).toThrow(/base type datetime/);
  });
});

const target = (baseType: string, formatted = baseType): TargetColumn => ({ name: 'c', baseType, formatted });

describe('a column compared across a changed type', () => {
  const check = (col: ColumnModel, t: TargetColumn) => columnCheck(col, verifyColumnRead('dbo.T', col).shape, t, (s) => s, null);

  it('decimals by value: another scale holding the same value is equal, a rounded one is not', () => {
    const money = check(column('M', 'money'), target('numeric', 'numeric(20,6)'));
    expect(money.equals('12.3456', '12.345600')).toBe(true);
    expect(money.equals('12.3456', '12.35')).toBe(false);
  });

  it('floats as the double, or as the float32 a real target holds', () => {
    const toReal = check(column('F', 'float', { precision: 53 }), target('float4', 'real'));
    expect(toReal.equals(0.5, '0.5')).toBe(true);
    expect(toReal.equals(0.1, '0.1')).toBe(false); // 0.1 as a float32 is not the double 0.1
    const real = check(column('R', 'real'), target('float8', 'double precision'));
    expect(real.equals(Math.fround(0.1), '0.10000000149011612')).toBe(true);
    expect(real.equals(Math.fround(0.1), '0.1')).toBe(false);
  });

  it('an integer key in a text column, and a bit in an integer column', () => {
    expect(check(column('I', 'int'), target('text')).equals(25, '25')).toBe(true);
    expect(check(column('I', 'int'), target('text')).equals(25, ' 25')).toBe(false);
    expect(check(column('B', 'bit'), target('int2', 'smallint')).equals(true, '1')).toBe(true);
  });
});

describe('type changes against stage 1 defaults', () => {
  it('spells stage 1 types as format_type() does', () => {
    expect(['varchar(50)', 'char(10)', 'timestamp(3)', 'timestamptz(6)', 'time(0)', 'int', 'numeric(19, 4)', 'double precision'].map(formatTypeOf)).toEqual([
      'character varying(50)', 'character(10)', 'timestamp(3) without time zone', 'timestamp(6) with time zone', 'time(0) without time zone', 'integer',
      'numeric(19,4)', 'double precision',
    ]);
  });

  it('finds a changed type and what accepts it; a decimal identity made bigint by stage 1 is no change', () => {
    const t = table('dbo', 'Orders', [column('Total', 'money'), column('Id', 'decimal', { precision: 18, scale: 0, identity: { seed: '1', increment: '1' } })]);
    expect(typeChangeOf(t, t.columns[0]!, target('numeric', 'numeric(19,4)'), false)).toBeNull();
    expect(typeChangeOf(t, t.columns[0]!, target('numeric', 'numeric(19,2)'), false)).toEqual({
      expected: 'numeric(19,4)',
      actual: 'numeric(19,2)',
      acceptKeys: ['money', 'dbo.orders.total'],
    });
    expect(typeChangeOf(t, t.columns[1]!, target('int8', 'bigint'), false)).toBeNull();
  });
});
