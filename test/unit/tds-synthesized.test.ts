// Differential tests on synthesized TDS streams (test/helpers/tds-synth.ts): what the recorded
// responses lack. Each stream is read by tedious 20.4 + today's encoder (the reference, with
// exact BigInt text where tedious's value is lossy) and by the decoder; the COPY bytes, or the
// errors, must be identical.
import { describe, expect, it } from 'vitest';
import { DataType as T } from '../../src/sqlserver/tds/tokens.js';
import { decodeAll, decodeError } from '../helpers/tds-decode.js';
import { colMetadata, CYRILLIC_CI_AS, done, JAPANESE_CI_AS, LATIN1_UTF8, pieces, raw, row, splitAt, type SynthColumn } from '../helpers/tds-synth.js';
import { referenceCopy } from '../helpers/tds-tedious.js';
import { tdsDays } from '../helpers/tedious-values.js';
import type { EncoderOptions } from '../../src/copy/index.js';

/** Compares both readings of the pieces: same bytes and rows, or same error name and message. */
async function expectSame(chunks: readonly Buffer[], options: EncoderOptions = {}): Promise<void> {
  const expected = await referenceCopy(chunks, options);
  if ('error' in expected) {
    const error = await decodeError(chunks, options);
    expect({ name: error.name, message: error.message }).toEqual({ name: expected.error.name, message: expected.error.message });
  } else {
    expect(await decodeAll(chunks, options)).toEqual({ bytes: expected.bytes, rows: expected.rows });
  }
}

function stream(columns: readonly SynthColumn[], rows: readonly Buffer[]): Buffer {
  return Buffer.concat([colMetadata(columns), ...rows, done({ count: rows.length })]);
}

const day = (y: number, m: number, d: number): number => tdsDays(y, m, d);
const DAY_1900 = day(1900, 1, 1);

/** One column of every type, nullable (N types), and the fixed-length types SQL Server sends for NOT NULL columns. */
const EVERY: SynthColumn[] = [
  { name: 'i1', type: T.INTN, length: 1 },
  { name: 'i2', type: T.INTN, length: 2 },
  { name: 'i4', type: T.INTN, length: 4 },
  { name: 'i8', type: T.INTN, length: 8 },
  { name: 'f1', type: T.INT1 },
  { name: 'f2', type: T.INT2 },
  { name: 'f4', type: T.INT4 },
  { name: 'f8', type: T.INT8 },
  { name: 'bit', type: T.BITN, length: 1 },
  { name: 'fbit', type: T.BIT },
  { name: 'd9', type: T.DECIMALN, length: 5, precision: 9, scale: 3 },
  { name: 'd15', type: T.NUMERICN, length: 9, precision: 15, scale: 15 },
  { name: 'd18', type: T.DECIMALN, length: 9, precision: 18, scale: 4 },
  { name: 'd28', type: T.DECIMALN, length: 13, precision: 28, scale: 0 },
  { name: 'd38', type: T.DECIMALN, length: 17, precision: 38, scale: 38 },
  { name: 'money', type: T.MONEYN, length: 8 },
  { name: 'smallmoney', type: T.MONEYN, length: 4 },
  { name: 'fmoney', type: T.MONEY },
  { name: 'fsmallmoney', type: T.MONEY4 },
  { name: 'float', type: T.FLTN, length: 8 },
  { name: 'real', type: T.FLTN, length: 4 },
  { name: 'ffloat', type: T.FLT8 },
  { name: 'freal', type: T.FLT4 },
  { name: 'date', type: T.DATEN },
  { name: 'time0', type: T.TIMEN, scale: 0 },
  { name: 'time3', type: T.TIMEN, scale: 3 },
  { name: 'time7', type: T.TIMEN, scale: 7 },
  { name: 'dt2_2', type: T.DATETIME2N, scale: 2 },
  { name: 'dt2_7', type: T.DATETIME2N, scale: 7 },
  { name: 'dto4', type: T.DATETIMEOFFSETN, scale: 4 },
  { name: 'dto7', type: T.DATETIMEOFFSETN, scale: 7 },
  { name: 'datetime', type: T.DATETIMN, length: 8 },
  { name: 'smalldatetime', type: T.DATETIMN, length: 4 },
  { name: 'fdatetime', type: T.DATETIME },
  { name: 'fsmalldatetime', type: T.DATETIM4 },
  { name: 'guid', type: T.GUID, length: 16 },
  { name: 'nvarchar', type: T.NVARCHAR, length: 200 },
  { name: 'nchar', type: T.NCHAR, length: 8 },
  { name: 'varchar', type: T.BIGVARCHR, length: 100 },
  { name: 'char', type: T.BIGCHAR, length: 4 },
  { name: 'varbinary', type: T.BIGVARBIN, length: 100 },
  { name: 'binary', type: T.BIGBINARY, length: 3 },
  { name: 'nvmax', type: T.NVARCHAR, length: 0xffff },
  { name: 'vmax', type: T.BIGVARCHR, length: 0xffff },
  { name: 'vbmax', type: T.BIGVARBIN, length: 0xffff },
  { name: 'xml', type: T.XML },
  { name: 'text', type: T.TEXT },
  { name: 'ntext', type: T.NTEXT },
  { name: 'image', type: T.IMAGE },
];

const MIN: (Buffer | null)[] = [
  raw.int(0, 1), raw.int(-32768, 2), raw.int(-2147483648, 4), raw.bigint(-9223372036854775808n),
  raw.int(0, 1), raw.int(-32768, 2), raw.int(-2147483648, 4), raw.bigint(-9223372036854775808n),
  raw.bit(false), raw.bit(false),
  raw.decimal(-999999999n, 4), raw.decimal(-999999999999999n, 8), raw.decimal(-999999999999999999n, 8), raw.decimal(-(10n ** 28n - 1n), 12), raw.decimal(-(10n ** 38n - 1n), 16),
  raw.money(-9223372036854775808n), raw.smallmoney(-2147483648), raw.money(-9223372036854775808n), raw.smallmoney(-2147483648),
  raw.float(-1.7976931348623157e308), raw.real(-3.4028234663852886e38), raw.float(-5e-324), raw.real(-1.401298464324817e-45),
  raw.date(0), raw.time(0, 0), raw.time(0, 3), raw.time(0, 7), raw.datetime2(0, 0, 2), raw.datetime2(0, 0, 7), raw.datetimeoffset(0, 0, 4, 0), raw.datetimeoffset(0, 0, 7, 840),
  raw.datetime(day(1753, 1, 1) - DAY_1900, 0), raw.smalldatetime(0, 0), raw.datetime(day(1753, 1, 1) - DAY_1900, 0), raw.smalldatetime(0, 0),
  Buffer.alloc(16), raw.nvarchar(''), raw.nvarchar('    '), Buffer.alloc(0), Buffer.from('    '), Buffer.alloc(0), Buffer.alloc(3),
  raw.nvarchar(''), Buffer.alloc(0), Buffer.alloc(0), raw.nvarchar(''), Buffer.alloc(0), raw.nvarchar(''), Buffer.alloc(0),
];

const MAX: (Buffer | null)[] = [
  raw.int(255, 1), raw.int(32767, 2), raw.int(2147483647, 4), raw.bigint(9223372036854775807n),
  raw.int(255, 1), raw.int(32767, 2), raw.int(2147483647, 4), raw.bigint(9223372036854775807n),
  raw.bit(true), raw.bit(true),
  raw.decimal(999999999n, 4), raw.decimal(999999999999999n, 8), raw.decimal(999999999999999999n, 8), raw.decimal(10n ** 28n - 1n, 12), raw.decimal(10n ** 38n - 1n, 16),
  raw.money(9223372036854775807n), raw.smallmoney(2147483647), raw.money(9223372036854775807n), raw.smallmoney(2147483647),
  raw.float(1.7976931348623157e308), raw.real(3.4028234663852886e38), raw.float(5e-324), raw.real(1.1754943508222875e-38),
  raw.date(day(9999, 12, 31)), raw.time(86399, 0), raw.time(86399999, 3), raw.time(863999999999, 7),
  raw.datetime2(day(9999, 12, 31), 8639999, 2), raw.datetime2(day(9999, 12, 31), 863999999999, 7),
  raw.datetimeoffset(day(9999, 12, 31), 863999999, 4, 0), raw.datetimeoffset(day(9999, 12, 31), 359999999999, 7, 840),
  raw.datetime(day(9999, 12, 31) - DAY_1900, 25919999), raw.smalldatetime(day(2079, 6, 6) - DAY_1900, 1439), raw.datetime(day(9999, 12, 31) - DAY_1900, 25919999), raw.smalldatetime(day(2079, 6, 6) - DAY_1900, 1439),
  Buffer.alloc(16, 0xff), raw.nvarchar('😀 Zoë \\N \\. tab\there\nnl\rcr ' + 'ж'.repeat(60)), raw.nvarchar('日本語ab'), Buffer.from('cp1252: \x80 \xfc \xdf \\ \t', 'latin1'), Buffer.from('\xe9\xe8\\\n', 'latin1'),
  Buffer.from([0, 1, 0xfe, 0xff]), Buffer.from([0xde, 0xad, 0xbe]),
  raw.nvarchar('ж😀'.repeat(3000)), Buffer.from('v'.repeat(9000) + '\xfc\t', 'latin1'), Buffer.alloc(12000, 0xab), raw.nvarchar('<r a="1">ü &amp;</r>'),
  Buffer.from('t\xe9xt\\', 'latin1'), raw.nvarchar('ntext ü\t'), Buffer.from([1, 2, 3]),
];

/** Values with 7th-digit carries, sentinels, datetime ticks, small decimals and awkward floats. */
const EDGES: (Buffer | null)[] = [
  raw.int(7, 1), raw.int(-1, 2), raw.int(0, 4), raw.bigint(-(2n ** 53n)),
  raw.int(128, 1), raw.int(1, 2), raw.int(-1, 4), raw.bigint(2n ** 53n + 1n),
  raw.bit(true), raw.bit(false),
  raw.decimal(-1n, 4), raw.decimal(1n, 8), raw.decimal(-5000n, 8), raw.decimal(0n, 12), raw.decimal(1n, 16),
  raw.money(1n), raw.smallmoney(-1), raw.money(-(2n ** 53n) - 7n), raw.smallmoney(0),
  raw.float(-0), raw.real(0.1), raw.float(0.1 + 0.2), raw.real(-0),
  raw.date(day(2000, 2, 29)), raw.time(45296, 0), raw.time(45296789, 3), raw.time(863999999995, 7),
  raw.datetime2(day(2020, 12, 31), 8639999, 2), raw.datetime2(day(2020, 12, 31), 863999999995, 7),
  raw.datetimeoffset(day(9999, 12, 31), 863999999, 4, -60), raw.datetimeoffset(day(9999, 12, 31), 863999999995, 7, 0),
  raw.datetime(day(2000, 2, 29) - DAY_1900, 1), raw.smalldatetime(1, 1), raw.datetime(-1, 2), raw.smalldatetime(36525, 720),
  Buffer.from('6F9619FF8B86D011B42D00C04FC964FF', 'hex'), raw.units([0x41, 0xd83d, 0xde00, 0x5c, 0x4e]), raw.nvarchar('\x01\x7f\x1b'), Buffer.from([0x81, 0x8d, 0x8f, 0x90, 0x9d]), Buffer.from('\\N\\.', 'latin1'),
  Buffer.alloc(100, 0x5c), Buffer.from([0, 0, 0]),
  raw.nvarchar('\\'), Buffer.from('\\', 'latin1'), Buffer.alloc(1), raw.nvarchar('<x/>'),
  Buffer.alloc(0), raw.nvarchar(''), Buffer.alloc(0),
];

const NULLS: (Buffer | null)[] = EVERY.map(() => null);

/** NBCROW cannot carry a NULL in a ROW for fixed-length types: NULL rows are NBCROW. */
function everyRows(): Buffer[] {
  return [
    row(EVERY, MIN),
    row(EVERY, MAX, { plpChunks: [1, 2, 3, 4095] }),
    row(EVERY, NULLS, { nbc: true }),
    row(EVERY, EDGES, { nbc: true, plpChunks: [5] }),
    row(EVERY, EVERY.map((c, i) => (c.type === T.INTN || c.type === T.NVARCHAR || i % 3 === 0 ? MAX[i]! : null)), { nbc: true }),
  ];
}

describe('every type at its extremes', () => {
  it('whole, and cut at every 97th byte', async () => {
    const payload = stream(EVERY, everyRows());
    await expectSame([payload]);
    await expectSame(pieces(payload, 97));
  });

  it('cut at every single offset, for a row of the edge values', { timeout: 120_000 }, async () => {
    const payload = stream(EVERY, [row(EVERY, EDGES, { nbc: true, plpChunks: [3] }), row(EVERY, MIN)]);
    const expected = await referenceCopy([payload]);
    if ('error' in expected) throw expected.error;
    for (let at = 1; at < payload.length; at++) {
      const got = await decodeAll(splitAt(payload, [at]));
      if (!('bytes' in got) || !got.bytes.equals(expected.bytes)) expect({ at, got }).toEqual({ at, got: expected });
    }
    // And cut at every offset twice (two boundaries in one value), for the PLP column.
    for (let at = 1; at < payload.length - 9; at += 13) {
      const got = await decodeAll(splitAt(payload, [at, at + 1, at + 3]));
      if (!('bytes' in got) || !got.bytes.equals(expected.bytes)) expect({ at, got }).toEqual({ at, got: expected });
    }
  });

  it('PLP values in many small chunks, NULL, empty and of unknown length', async () => {
    const cols: SynthColumn[] = [
      { name: 'nv', type: T.NVARCHAR, length: 0xffff },
      { name: 'v', type: T.BIGVARCHR, length: 0xffff },
      { name: 'vb', type: T.BIGVARBIN, length: 0xffff },
    ];
    const values = [raw.nvarchar('a😀b\tc\\d'.repeat(50)), Buffer.from('x\xfc\n'.repeat(77), 'latin1'), Buffer.alloc(333, 0x5a)];
    for (const chunks of [[1], [2], [3], [1, 2, 3, 5, 8], [7, 1]]) {
      await expectSame(pieces(stream(cols, [row(cols, values, { plpChunks: chunks }), row(cols, [null, null, null]), row(cols, [Buffer.alloc(0), Buffer.alloc(0), Buffer.alloc(0)])]), 5));
    }
    // PLP_UNKNOWN_LEN (0xFFFFFFFFFFFFFFFE): the chunks alone say how long the value is.
    const unknown = row(cols, values, { plpChunks: [10] });
    const marked = Buffer.from(unknown);
    for (let at = 1, c = 0; c < 3; c++) {
      marked.writeBigUInt64LE(0xfffffffffffffffen, at);
      at += 8;
      for (let n = marked.readUInt32LE(at); n !== 0; n = marked.readUInt32LE(at)) at += 4 + n;
      at += 4;
    }
    await expectSame([stream(cols, [marked])]);
  });

  it('NBCROW with almost every column NULL', async () => {
    const cols: SynthColumn[] = Array.from({ length: 70 }, (_, i) => ({ name: `c${i}`, type: i % 2 ? T.INT4 : T.NVARCHAR, length: 20 }));
    const rows = Array.from({ length: 20 }, (_, r) => row(cols, cols.map((c, i) => ((i + r) % 17 === 0 ? (c.type === T.INT4 ? raw.int(r * i, 4) : raw.nvarchar(`r${r}`)) : null)), { nbc: true }));
    await expectSame(pieces(stream(cols, rows), 11));
  });
});

describe('text in other code pages and in UTF-8 collations', () => {
  it('cp1251 (Cyrillic), cp932 (double-byte, through iconv-lite) and UTF-8 collations', async () => {
    const cols: SynthColumn[] = [
      { name: 'cyr', type: T.BIGVARCHR, length: 100, collation: CYRILLIC_CI_AS },
      { name: 'jp', type: T.BIGVARCHR, length: 100, collation: JAPANESE_CI_AS },
      { name: 'jpmax', type: T.BIGVARCHR, length: 0xffff, collation: JAPANESE_CI_AS },
      { name: 'u8', type: T.BIGVARCHR, length: 200, collation: LATIN1_UTF8 },
      { name: 'u8max', type: T.BIGVARCHR, length: 0xffff, collation: LATIN1_UTF8 },
    ];
    const sjis = Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x5c, 0x09, 0x81]);
    const utf8 = Buffer.concat([Buffer.from('\uFEFFZoë 😀 \\ \t'), Buffer.from([0xc3, 0x28, 0xe2, 0x82, 0xf0, 0x9f, 0x98, 0xed, 0xa0, 0x80, 0xff, 0xc0, 0xaf, 0xe2, 0x82])]);
    const values = [Buffer.from([0xc6, 0xe8, 0x5c, 0x0a, 0x98]), sjis, Buffer.concat([sjis, sjis]), utf8, utf8];
    await expectSame([stream(cols, [row(cols, values, { plpChunks: [1] }), row(cols, values, { plpChunks: [2, 3] })])]);
    await expectSame(pieces(stream(cols, [row(cols, values, { plpChunks: [1] })]), 1));
    // Only a leading BOM is dropped (iconv-lite's stripBOM); a BOM later stays.
    await expectSame([stream(cols, [row(cols, [Buffer.alloc(0), Buffer.alloc(0), Buffer.alloc(0), Buffer.from('a\uFEFF'), Buffer.from('\uFEFF\uFEFF')])])]);
  });
});
