// U+0000 and lone surrogates under each encoder policy (EncoderOptions.nul / surrogates): the
// decoder must write today's bytes or fail with today's error (class, message with column,
// row and position), also when the offending code unit sits at a PLP chunk boundary or a
// surrogate pair is split across chunks.
import { describe, expect, it } from 'vitest';
import type { EncoderOptions } from '../../src/copy/index.js';
import { UnrepresentableValueError } from '../../src/copy/index.js';
import { DataType as T } from '../../src/sqlserver/tds/tokens.js';
import { decodeAll, decodeError } from '../helpers/tds-decode.js';
import { colMetadata, done, LATIN1_UTF8, pieces, raw, row, type SynthColumn } from '../helpers/tds-synth.js';
import { referenceCopy } from '../helpers/tds-tedious.js';

const COLS: SynthColumn[] = [
  { name: 'Id', type: T.INT4 },
  { name: 'nv', type: T.NVARCHAR, length: 400 },
  { name: 'nvmax', type: T.NVARCHAR, length: 0xffff },
  { name: 'v', type: T.BIGVARCHR, length: 100 },
  { name: 'u8', type: T.BIGVARCHR, length: 100, collation: LATIN1_UTF8 },
];

const POLICIES: EncoderOptions[] = [
  {},
  { nul: 'strip' },
  { nul: { replace: ' ' } },
  { nul: { replace: '\\\t😀' } },
  { surrogates: 'replace' },
  { nul: 'strip', surrogates: 'replace' },
  { nul: { replace: '?' }, surrogates: 'replace' },
];

const VALUES: { name: string; units: number[] }[] = [
  { name: 'a NUL', units: [0x61, 0, 0x62] },
  { name: 'a lone high surrogate', units: [0x61, 0xd800, 0x62] },
  { name: 'a lone low surrogate at the end', units: [0x61, 0xdc00] },
  { name: 'a high surrogate at the end', units: [0x61, 0x62, 0xdbff] },
  { name: 'a NUL before a lone surrogate', units: [0, 0x61, 0xdfff] },
  { name: 'a lone surrogate before a NUL', units: [0xd801, 0x61, 0] },
  { name: 'a surrogate pair and NULs', units: [0, 0xd83d, 0xde00, 0, 0x5c] },
  { name: 'two high surrogates then a low one', units: [0xd83d, 0xd83d, 0xde00] },
];

async function expectSame(chunks: readonly Buffer[], options: EncoderOptions): Promise<void> {
  const expected = await referenceCopy(chunks, options);
  if ('error' in expected) {
    const error = await decodeError(chunks, options);
    expect({ name: error.name, message: error.message }).toEqual({ name: expected.error.name, message: expected.error.message });
  } else {
    expect(await decodeAll(chunks, options)).toEqual({ bytes: expected.bytes, rows: expected.rows });
  }
}

describe('text policies', () => {
  for (const value of VALUES) {
    for (const policy of POLICIES) {
      it(`${value.name}, ${JSON.stringify(policy)}`, async () => {
        const text = raw.units(value.units);
        const nul = Buffer.from([0x61, 0, 0x62]);
        const rows = [
          row(COLS, [raw.int(1, 4), raw.nvarchar('ok'), raw.nvarchar('ok'), Buffer.from('ok'), Buffer.from('ok')]),
          row(COLS, [raw.int(2, 4), text, text, nul, nul], { plpChunks: [1, 3] }),
          row(COLS, [raw.int(3, 4), raw.nvarchar('after'), text, Buffer.from('x'), Buffer.from('x')], { plpChunks: [2] }),
        ];
        const payload = Buffer.concat([colMetadata(COLS), ...rows, done({ count: 3 })]);
        await expectSame([payload], policy);
        await expectSame(pieces(payload, 3), policy);
      });
    }
  }

  it('names the failing row by the columns before the value (the key), the column and the position', async () => {
    const payload = Buffer.concat([colMetadata(COLS), row(COLS, [raw.int(42, 4), raw.units([0x61, 0x62, 0]), null, null, null]), done({ count: 1 })]);
    const error = await decodeError([payload]);
    expect(error).toBeInstanceOf(UnrepresentableValueError);
    expect(error).toMatchObject({ column: 'nv', rowIndex: 0, problem: 'nul-character', row: ['42', undefined, undefined, undefined, undefined] });
    expect(error.message).toBe('column nv (text, row 0): text holds U+0000 (NUL) at position 2, which PostgreSQL text cannot store');
  });
});
