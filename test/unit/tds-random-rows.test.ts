// Random rows from a seeded PRNG (mulberry32, test/helpers/sync-child.ts), every column type,
// NULLs at random, ROW and NBCROW mixed, PLP chunk sizes and payload cuts at random: the
// decoder must write exactly today's bytes. A failure names its seed.
import { describe, expect, it } from 'vitest';
import { DataType as T } from '../../src/sqlserver/tds/tokens.js';
import { decodeAll } from '../helpers/tds-decode.js';
import { prng } from '../helpers/sync-child.js';
import { colMetadata, done, raw, row, splitAt, type SynthColumn } from '../helpers/tds-synth.js';
import { referenceCopy } from '../helpers/tds-tedious.js';

type Gen = (r: () => number) => Buffer;
const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const big = (r: () => number, bits: number): bigint => {
  let v = 0n;
  for (let i = 0; i < bits; i += 16) v = (v << 16n) | BigInt(int(r, 0, 0xffff));
  return BigInt.asIntN(bits, v);
};
const ALPHABET = ['a', 'Z', ' ', '\t', '\n', '\r', '\\', 'é', '€', 'ж', '日', '😀', '\\N', '\x01'];
const text = (r: () => number, max: number): string => Array.from({ length: int(r, 0, max) }, () => ALPHABET[int(r, 0, ALPHABET.length - 1)]).join('');
const bytes = (r: () => number, max: number): Buffer => Buffer.from(Array.from({ length: int(r, 0, max) }, () => int(r, 0, 255)));
const mag = (r: () => number, digits: number): bigint => (big(r, 128) < 0n ? -1n : 1n) * (BigInt.asUintN(128, big(r, 128)) % 10n ** BigInt(int(r, 1, digits)));

const COLUMNS: [SynthColumn, Gen][] = [
  [{ name: 'k', type: T.INT8 }, (r) => raw.bigint(big(r, 64))],
  [{ name: 'i', type: T.INTN, length: 4 }, (r) => raw.int(int(r, -2147483648, 2147483647), 4)],
  [{ name: 's', type: T.INTN, length: 2 }, (r) => raw.int(int(r, -32768, 32767), 2)],
  [{ name: 'b', type: T.BITN, length: 1 }, (r) => raw.bit(r() < 0.5)],
  [{ name: 'd18', type: T.DECIMALN, length: 9, precision: 18, scale: 4 }, (r) => raw.decimal(mag(r, 18), 8)],
  [{ name: 'd12', type: T.DECIMALN, length: 9, precision: 12, scale: 2 }, (r) => raw.decimal(mag(r, 12), 8)],
  [{ name: 'd38', type: T.NUMERICN, length: 17, precision: 38, scale: 10 }, (r) => raw.decimal(mag(r, 38), 16)],
  [{ name: 'm', type: T.MONEYN, length: 8 }, (r) => raw.money(big(r, 64))],
  [{ name: 'sm', type: T.MONEY4 }, (r) => raw.smallmoney(int(r, -2147483648, 2147483647))],
  [{ name: 'f', type: T.FLTN, length: 8 }, (r) => { const b = Buffer.alloc(8); for (let i = 0; i < 8; i++) b[i] = int(r, 0, 255); if ((b[7]! & 0x7f) === 0x7f && (b[6]! & 0xf0) === 0xf0) b[7] = 0x40; return b; }],
  [{ name: 'f2', type: T.FLT8 }, (r) => raw.float((r() - 0.5) * 10 ** int(r, -20, 20))],
  [{ name: 'rl', type: T.FLTN, length: 4 }, (r) => raw.real((r() - 0.5) * 10 ** int(r, -10, 10))],
  [{ name: 'dt2', type: T.DATETIME2N, scale: 7 }, (r) => raw.datetime2(int(r, 0, 3652058), int(r, 0, 863999999999), 7)],
  [{ name: 'dt2c', type: T.DATETIME2N, scale: 7 }, (r) => raw.datetime2(int(r, 3652050, 3652058), 863999999990 + int(r, 0, 9), 7)],
  [{ name: 'dto', type: T.DATETIMEOFFSETN, scale: 7 }, (r) => raw.datetimeoffset(int(r, 3652057, 3652058), int(r, 0, 863999999999), 7, int(r, -840, 840))],
  [{ name: 'dto3', type: T.DATETIMEOFFSETN, scale: 3 }, (r) => raw.datetimeoffset(int(r, 0, 3652058), int(r, 0, 86399999), 3, 0)],
  [{ name: 'tm', type: T.TIMEN, scale: 7 }, (r) => raw.time(r() < 0.2 ? 863999999990 + int(r, 0, 9) : int(r, 0, 863999999999), 7)],
  [{ name: 'tm1', type: T.TIMEN, scale: 1 }, (r) => raw.time(int(r, 0, 863999), 1)],
  [{ name: 'dt', type: T.DATEN }, (r) => raw.date(int(r, 0, 3652058))],
  [{ name: 'dtm', type: T.DATETIMN, length: 8 }, (r) => raw.datetime(int(r, -53690, 2958463), int(r, 0, 25919999))],
  [{ name: 'sdt', type: T.DATETIM4 }, (r) => raw.smalldatetime(int(r, 0, 65535), int(r, 0, 1439))],
  [{ name: 'g', type: T.GUID, length: 16 }, (r) => bytes(r, 0).length === 0 ? Buffer.from(Array.from({ length: 16 }, () => int(r, 0, 255))) : Buffer.alloc(16)],
  [{ name: 'nv', type: T.NVARCHAR, length: 200 }, (r) => raw.nvarchar(text(r, 30))],
  [{ name: 'v', type: T.BIGVARCHR, length: 200 }, (r) => Buffer.from(bytes(r, 40).map((b) => (b === 0 ? 1 : b)))],
  [{ name: 'vb', type: T.BIGVARBIN, length: 32 }, (r) => bytes(r, 32)],
  [{ name: 'nvmax', type: T.NVARCHAR, length: 0xffff }, (r) => raw.nvarchar(text(r, 300))],
  [{ name: 'vbmax', type: T.BIGVARBIN, length: 0xffff }, (r) => bytes(r, 300)],
];
const COLS = COLUMNS.map(([c]) => c);
const NULLABLE = COLS.map((c) => c.type !== T.INT8 && c.type !== T.MONEY4 && c.type !== T.FLT8 && c.type !== T.DATETIM4);

describe('random rows from a seeded generator', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}: 300 rows, cut at random`, async () => {
      const r = prng(seed);
      const rows = Array.from({ length: 300 }, () => {
        const nbc = r() < 0.5;
        const values = COLUMNS.map(([, gen], i) => (nbc && NULLABLE[i] && r() < 0.3 ? null : !nbc && NULLABLE[i] && COLS[i]!.type !== T.INT8 && r() < 0.1 && ![T.FLT8, T.MONEY4, T.DATETIM4].includes(COLS[i]!.type as never) ? null : gen(r)));
        return row(COLS, values, { nbc, plpChunks: [int(r, 1, 40), int(r, 1, 5)] });
      });
      const payload = Buffer.concat([colMetadata(COLS), ...rows, done({ count: rows.length })]);
      const expected = await referenceCopy([payload]);
      if ('error' in expected) throw expected.error;
      const cuts = Array.from({ length: 200 }, () => int(r, 1, payload.length - 1)).sort((a, b) => a - b);
      expect(await decodeAll(splitAt(payload, [...new Set(cuts)]), { chunkBytes: int(r, 100, 70000) })).toEqual({ bytes: expected.bytes, rows: expected.rows });
    });
  }
});
