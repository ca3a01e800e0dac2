import { describe, expect, it } from 'vitest';
import type { ValueShape } from '../../src/catalog/value-shape.js';
import {
  createRowEncoder,
  UnrepresentableValueError,
  ValueShapeError,
  type EncoderOptions,
} from '../../src/copy/index.js';

/** The COPY TEXT field for one value, without the row's trailing newline. */
function field(shape: ValueShape, value: unknown, options: EncoderOptions = {}): string {
  const line = createRowEncoder([{ name: 'c', shape }], options)([value], 0);
  expect(line.endsWith('\n')).toBe(true);
  return line.slice(0, -1);
}

describe('NULL and the row frame', () => {
  it('writes NULL as \\N for every shape', () => {
    const shapes: ValueShape[] = [
      'boolean', 'integer', 'bigint-text', 'decimal-text', 'float', 'text', 'binary', 'uuid',
      'date-text', 'timestamp-text', 'time-text', 'timestamptz-text',
    ];
    for (const shape of shapes) expect(field(shape, null)).toBe('\\N');
  });

  it('joins fields with tabs and ends the row with one newline', () => {
    const encode = createRowEncoder(
      [
        { name: 'a', shape: 'integer' },
        { name: 'b', shape: 'text' },
        { name: 'c', shape: 'boolean' },
      ],
      {},
    );
    expect(encode([1, '', null], 0)).toBe('1\t\t\\N\n');
    expect(encode([null, null, true], 0)).toBe('\\N\t\\N\tt\n');
  });
});

describe('text', () => {
  const cases: [string, string, string][] = [
    ['empty string (not NULL)', '', ''],
    ['plain ASCII', 'hello', 'hello'],
    ['backslash', 'a\\b', 'a\\\\b'],
    ['literal \\N text', '\\N', '\\\\N'],
    ['end-of-data marker text', '\\.', '\\\\.'],
    ['tab', 'a\tb', 'a\\tb'],
    ['newline', 'a\nb', 'a\\nb'],
    ['CRLF', 'a\r\nb', 'a\\r\\nb'],
    ['other control characters pass through', '\b\f\v\x01\x7f', '\b\f\v\x01\x7f'],
    ['emoji (surrogate pair)', 'x😀y', 'x😀y'],
    ['CJK and accents', 'Zürich 東京', 'Zürich 東京'],
    ['only specials', '\\\t\n\r', '\\\\\\t\\n\\r'],
  ];
  it.each(cases)('%s', (_label, input, expected) => {
    expect(field('text', input)).toBe(expected);
  });

  it('encodes an emoji as its 4 UTF-8 bytes', () => {
    const line = createRowEncoder([{ name: 'c', shape: 'text' }])(['😀'], 0);
    expect(Buffer.from(line, 'utf8')).toEqual(Buffer.from([0xf0, 0x9f, 0x98, 0x80, 0x0a]));
  });

  describe('U+0000', () => {
    it('fails by default, naming the column, row index and keeping the row', () => {
      const encode = createRowEncoder([
        { name: 'id', shape: 'integer' },
        { name: 'note', shape: 'text' },
      ]);
      const row = [42, 'a\0b'];
      let caught: unknown;
      try {
        encode(row, 7);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UnrepresentableValueError);
      const error = caught as UnrepresentableValueError;
      expect(error.column).toBe('note');
      expect(error.rowIndex).toBe(7);
      expect(error.row).toBe(row);
      expect(error.problem).toBe('nul-character');
      expect(error.message).toMatch(/note.*row 7.*U\+0000.*position 1/);
    });

    it('strips it under the strip policy', () => {
      expect(field('text', '\0a\0\0b\0', { nul: 'strip' })).toBe('ab');
    });

    it('replaces it, escaping the replacement too', () => {
      expect(field('text', 'a\0b', { nul: { replace: '\uFFFD' } })).toBe('a\uFFFDb');
      expect(field('text', 'a\0b\\', { nul: { replace: '\\' } })).toBe('a\\\\b\\\\');
    });

    it('rejects a replacement that itself holds U+0000', () => {
      expect(() => createRowEncoder([{ name: 'c', shape: 'text' }], { nul: { replace: '\0' } })).toThrow(
        TypeError,
      );
    });
  });

  describe('lone surrogates', () => {
    it.each([
      ['high at end', 'ab\uD800', 2],
      ['low alone', '\uDC00x', 0],
      ['reversed pair', '\uDE00\uD83D', 0],
      ['after a valid pair', '😀\uD83D', 2],
    ])('fails by default: %s', (_label, input, position) => {
      expect(() => field('text', input)).toThrow(UnrepresentableValueError);
      expect(() => field('text', input)).toThrow(new RegExp(`position ${position}\\b`));
    });

    it('writes U+FFFD under the replace policy and keeps valid pairs', () => {
      expect(field('text', 'a\uD800b😀\uDC00', { surrogates: 'replace' })).toBe('a\uFFFDb😀\uFFFD');
    });

    it('applies both policies together', () => {
      expect(field('text', '\uD800\0\t', { surrogates: 'replace', nul: 'strip' })).toBe('\uFFFD\\t');
    });
  });
});

describe('boolean, integer, bigint, decimal', () => {
  it.each([
    ['boolean', true, 't'],
    ['boolean', false, 'f'],
    ['integer', 0, '0'],
    ['integer', -0, '0'],
    ['integer', 2147483647, '2147483647'],
    ['integer', -2147483648, '-2147483648'],
    ['integer', 2147483648, '2147483648'],
    ['integer', -32768, '-32768'],
    ['bigint-text', '-9223372036854775808', '-9223372036854775808'],
    ['bigint-text', '9223372036854775807', '9223372036854775807'],
    ['bigint-text', '0', '0'],
    ['decimal-text', '12345678901234567890123456789012345678', '12345678901234567890123456789012345678'],
    ['decimal-text', '-1234567890123456789012345678.9012345678', '-1234567890123456789012345678.9012345678'],
    ['decimal-text', '-922337203685477.5808', '-922337203685477.5808'],
    ['decimal-text', '-214748.3648', '-214748.3648'],
    ['decimal-text', '-12.3400', '-12.3400'],
    ['decimal-text', '.5', '.5'],
    ['decimal-text', '0.0000000000', '0.0000000000'],
  ] as [ValueShape, unknown, string][])('%s %j → %s', (shape, value, expected) => {
    expect(field(shape, value)).toBe(expected);
  });

  it.each([
    ['boolean', 1],
    ['boolean', 't'],
    ['integer', '1'],
    ['integer', 1n],
    ['bigint-text', 12],
    ['bigint-text', 12n],
    ['decimal-text', 1.5],
    ['text', 5],
    ['text', Buffer.from('x')],
    ['binary', 'deadbeef'],
    ['uuid', Buffer.alloc(16)],
    ['float', '1.5'],
    ['date-text', new Date(0)],
    ['timestamp-text', new Date(0)],
    ['integer', undefined],
  ] as [ValueShape, unknown][])('%s rejects a JS %o as a reader bug', (shape, value) => {
    expect(() => field(shape, value)).toThrow(ValueShapeError);
    expect(() => field(shape, value)).toThrow(/expected .*, got .*reader bug/);
  });

  it.each([
    ['integer', 1.5],
    ['integer', 2 ** 53],
    ['integer', Number.NaN],
    ['bigint-text', '1.0'],
    ['bigint-text', '+1'],
    ['bigint-text', ' 1'],
    ['bigint-text', '12345678901234567890'],
    ['decimal-text', '1e5'],
    ['decimal-text', '1.'],
    ['decimal-text', '-'],
    ['decimal-text', ''],
    ['decimal-text', '1,5'],
    ['decimal-text', '$1.00'],
  ] as [ValueShape, unknown][])('%s rejects malformed %j', (shape, value) => {
    expect(() => field(shape, value)).toThrow(ValueShapeError);
  });
});

describe('float', () => {
  it.each([
    [0, '0'],
    [-0, '-0'],
    [1e-320, '1e-320'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [-1.7976931348623157e308, '-1.7976931348623157e+308'],
    [0.1, '0.1'],
    [3.4028234663852886e38, '3.4028234663852886e+38'],
    [Math.fround(0.1), '0.10000000149011612'],
    [1e21, '1e+21'],
    [123456789012345680000, '123456789012345680000'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ])('%s → %s', (value, expected) => {
    expect(field('float', value)).toBe(expected);
    if (Number.isFinite(value)) expect(Object.is(Number(expected), value)).toBe(true);
  });
});

describe('binary (bytea hex)', () => {
  it('writes 0 bytes as the escaped empty hex literal', () => {
    expect(field('binary', Buffer.alloc(0))).toBe('\\\\x');
  });

  it('writes all 256 byte values', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const expectedHex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')).join('');
    expect(field('binary', all)).toBe(`\\\\x${expectedHex}`);
  });

  it('puts backslash, backslash, x on the wire', () => {
    const line = createRowEncoder([{ name: 'c', shape: 'binary' }])([Buffer.from([1, 2, 255])], 0);
    expect(Buffer.from(line, 'utf8').toString('latin1')).toBe('\\\\x0102ff\n');
  });
});

describe('uuid', () => {
  it('lower-cases', () => {
    expect(field('uuid', '6F9619FF-8B86-D011-B42D-00C04FC964FF')).toBe('6f9619ff-8b86-d011-b42d-00c04fc964ff');
  });
  it.each(['6F9619FF8B86D011B42D00C04FC964FF', '{6F9619FF-8B86-D011-B42D-00C04FC964FF}', 'zzzzzzzz-8b86-d011-b42d-00c04fc964ff'])(
    'rejects %s',
    (value) => {
      expect(() => field('uuid', value)).toThrow(ValueShapeError);
    },
  );
});
