// sql_variant → jsonb `{"type", "value"}`: every base type written with every digit, from the
// values the reader delivers (tedious's own value of the base type, or the server's exact text for
// the decimal family and datetimeoffset, see src/sqlserver/variant-read.ts). These are the
// losses `CAST(v AS nvarchar(max))` had: float and real cut to 6 digits, datetime without
// seconds, money with 2 decimals, varbinary bytes read as characters.
import { describe, expect, it } from 'vitest';
import { createRowEncoder } from '../../src/copy/index.js';
import { ValueShapeError, UnrepresentableValueError } from '../../src/copy/errors.js';
import { tediousDateTime, tediousFromText, tediousTime } from '../helpers/tedious-values.js';

const encode = (baseType: string, value: unknown, options = {}) =>
  createRowEncoder([{ name: 'v', shape: 'variant' }], options)([{ baseType, value }], 0);
const json = (line: string) => JSON.parse(line.slice(0, -1).replace(/\\\\/g, '\\')) as { type: string; value: string };

describe('sql_variant as jsonb', () => {
  it.each([
    ['float', 0.1, '0.1'],
    ['float', 1 / 3, '0.3333333333333333'],
    ['float', 1.7976931348623157e308, '1.7976931348623157e+308'],
    ['float', -0, '-0'],
    ['real', Math.fround(0.1), '0.1'],
    ['real', Math.fround(3.4028234663852886e38), '3.4028235e+38'],
    ['real', Math.fround(1 / 3), '0.33333334'],
    ['int', -2147483648, '-2147483648'],
    ['tinyint', 255, '255'],
    ['bigint', '-9223372036854775808', '-9223372036854775808'],
    ['bit', true, '1'],
    ['money', '922337203685477.5807', '922337203685477.5807'],
    ['smallmoney', '-214748.3648', '-214748.3648'],
    ['decimal', '12.3400', '12.3400'],
    ['numeric', '-99999999999999999999999999999999999999', '-99999999999999999999999999999999999999'],
    // datetime: 1/300 s ticks as tedious rounds them to milliseconds; seconds kept.
    ['datetime', tediousDateTime(43_829, 24_299_999), '2020-01-01 22:29:59.997'],
    ['smalldatetime', new Date(Date.UTC(2020, 0, 1, 23, 59)), '2020-01-01 23:59:00'],
    ['datetime2', tediousFromText('2024-01-02T03:04:05.1234567'), '2024-01-02 03:04:05.1234567'],
    ['datetime2', tediousFromText('0001-01-01T00:00:00'), '0001-01-01 00:00:00'],
    ['date', new Date(Date.UTC(9999, 11, 31)), '9999-12-31'],
    ['time', tediousTime(863_999_999_999), '23:59:59.9999999'],
    ['datetimeoffset', '2024-01-02 03:04:05.1234500 -08:30', '2024-01-02 03:04:05.12345 -08:30'],
    ['datetimeoffset', '2024-01-02 03:04:05 +14:00', '2024-01-02 03:04:05 +14:00'],
    ['varbinary', Buffer.from([0x00, 0xff, 0x41]), '00ff41'],
    ['binary', Buffer.alloc(3), '000000'],
    ['uniqueidentifier', '6F9619FF-8B86-D011-B42D-00C04FC964FF', '6f9619ff-8b86-d011-b42d-00c04fc964ff'],
    ['char', 'ab  ', 'ab  '],
    ['nvarchar', 'tab\t"quote" \\ ü 😀', 'tab\t"quote" \\ ü 😀'],
  ])('%s %s → %s', (baseType, value, text) => {
    expect(json(encode(baseType, value))).toEqual({ type: baseType, value: text });
  });

  it('escapes the JSON for COPY TEXT: backslashes doubled, no raw tab or newline', () => {
    const line = encode('nvarchar', 'a\tb\nc\\');
    expect(line).toBe('{"type":"nvarchar","value":"a\\\\tb\\\\nc\\\\\\\\"}\n');
  });

  it('fails a base type it does not know, and a value not in the form its base type promises, naming them', () => {
    expect(() => encode('geography', 'x')).toThrow(ValueShapeError);
    expect(() => encode('geography', 'x')).toThrow('sql_variant base type "geography" is not one mssql2pg knows how to carry exactly');
    // A lossy server rendering (money's default style) must not pass as exact.
    expect(() => encode('money', 12.35)).toThrow(/base type money: expected exact decimal text/);
    expect(() => encode('datetimeoffset', 'Jan  1 2020 12:00AM')).toThrow(/base type datetimeoffset/);
    expect(() => encode('real', 0.1)).toThrow(/float32/);
    expect(() => encode('float', Number.NaN)).toThrow(/finite/);
  });

  it('applies the U+0000 and lone-surrogate policies to string values (jsonb cannot hold either)', () => {
    expect(() => encode('nvarchar', 'a\u0000b')).toThrow(UnrepresentableValueError);
    expect(json(encode('nvarchar', 'a\u0000b', { nul: 'strip' })).value).toBe('ab');
    expect(() => encode('nvarchar', 'a\ud800')).toThrow(UnrepresentableValueError);
    expect(json(encode('nvarchar', 'a\ud800', { surrogates: 'replace' })).value).toBe('a\ufffd');
  });
});
