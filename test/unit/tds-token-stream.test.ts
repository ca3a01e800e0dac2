// The token stream around the rows (MS-TDS 2.2.7): what is skipped and handed on, what falls
// back, what fails loudly. None of these may ever change a byte of the COPY text.
import { describe, expect, it } from 'vitest';
import { decodeCopyChunks } from '../../src/sqlserver/tds/decode-copy-chunks.js';
import { TdsServerError } from '../../src/sqlserver/tds/server-error.js';
import { DataType as T, Token } from '../../src/sqlserver/tds/tokens.js';
import { decodeAll, decodeError } from '../helpers/tds-decode.js';
import { colMetadata, done, envChangeDatabase, errorToken, infoToken, orderToken, pieces, raw, returnStatus, row, type SynthColumn } from '../helpers/tds-synth.js';

const COLS: SynthColumn[] = [
  { name: 'id', type: T.INT4 },
  { name: 'name', type: T.NVARCHAR, length: 40 },
];
const ROWS = [row(COLS, [raw.int(1, 4), raw.nvarchar('a')]), row(COLS, [raw.int(2, 4), null])];
const LINES = Buffer.from('1\ta\n2\t\\N\n');

describe('tokens around the rows', () => {
  it('skips INFO, ENVCHANGE, ORDER, RETURNSTATUS and statement DONEs, and hands each to onToken raw', async () => {
    const before = [envChangeDatabase('db', 'master'), infoToken('Changed database context'), done({ more: true })];
    const after = [done({ token: Token.DONEINPROC, more: true, count: 2 }), returnStatus(0), done({ token: Token.DONEPROC })];
    const payload = Buffer.concat([...before, colMetadata(COLS), orderToken([1]), ...ROWS, infoToken('late'), ...after]);
    const seen: number[] = [];
    for (const cut of [[payload], pieces(payload, 1)]) {
      seen.length = 0;
      const read = await decodeCopyChunks(cut, { onToken: (bytes) => seen.push(bytes[0]!, bytes.length) });
      expect(read.kind).toBe('rows');
      if (read.kind !== 'rows') return;
      const out: Buffer[] = [];
      for await (const chunk of read.chunks) out.push(chunk.bytes);
      expect(Buffer.concat(out)).toEqual(LINES);
      const lengths = [...before, orderToken([1]), infoToken('late'), ...after].flatMap((t) => [t[0]!, t.length]);
      expect(seen).toEqual(lengths);
    }
  });

  it('an empty result set is no chunk at all', async () => {
    expect(await decodeAll([Buffer.concat([colMetadata(COLS), done({ count: 0 })])])).toEqual({ bytes: Buffer.alloc(0), rows: 0 });
  });

  it('cuts chunks of about chunkBytes at row ends, and counts the rows of each', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => row(COLS, [raw.int(i, 4), raw.nvarchar('x'.repeat(i % 50))]));
    const read = await decodeCopyChunks([Buffer.concat([colMetadata(COLS), ...many, done({ count: 1000 })])], { chunkBytes: 1000 });
    if (read.kind !== 'rows') throw new Error('fallback');
    const chunks: { bytes: Buffer; rows: number }[] = [];
    for await (const chunk of read.chunks) chunks.push(chunk);
    expect(chunks.reduce((n, c) => n + c.rows, 0)).toBe(1000);
    for (const c of chunks.slice(0, -1)) expect(c.bytes.length).toBeGreaterThanOrEqual(1000);
    for (const c of chunks) expect(c.bytes.toString().split('\n').length - 1).toBe(c.rows);
  });

  it('hands on chunks inside one huge PLP value, so memory stays bounded', async () => {
    const cols: SynthColumn[] = [{ name: 'big', type: T.BIGVARBIN, length: 0xffff }];
    const big = Buffer.alloc(1_000_000, 7);
    const read = await decodeCopyChunks(pieces(Buffer.concat([colMetadata(cols), row(cols, [big], { plpChunks: [8000] }), done({ count: 1 })]), 4096), { chunkBytes: 65536 });
    if (read.kind !== 'rows') throw new Error('fallback');
    const sizes: number[] = [];
    let rows = 0;
    for await (const chunk of read.chunks) {
      sizes.push(chunk.bytes.length);
      rows += chunk.rows;
    }
    expect(rows).toBe(1);
    expect(Math.max(...sizes)).toBeLessThan(65536 + 20000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(3 + 2_000_000 + 1);
  });
});

describe('what the decoder does not read', () => {
  it('falls back for an unknown token before the result set, and for a type without a writer', async () => {
    const unknown = Buffer.concat([Buffer.from([0xe4, 0x04, 0x00, 0, 0, 0, 0]), colMetadata(COLS), ...ROWS, done()]);
    expect(await decodeAll([unknown])).toEqual({ fallback: 'the response holds TDS token 0xe4, which the decoder does not read' });
    const variant = Buffer.concat([colMetadata([{ name: 'v', type: T.SSVARIANT, length: 8009 }]), done()]);
    expect(await decodeAll([variant])).toEqual({ fallback: expect.stringContaining('sql_variant') });
    const legacy = Buffer.concat([Buffer.from([Token.COLMETADATA, 1, 0, 0, 0, 0, 0, 9, 0, 0x27, 10]), done()]);
    expect(await decodeAll([legacy])).toEqual({ fallback: 'column 1 has TDS data type 0x27, which the decoder does not read' });
  });

  it('fails loudly on an unknown token after the result set began, a second result set, a wrong DONE count, a truncated response', async () => {
    const base = [colMetadata(COLS), ...ROWS];
    const cases: [Buffer, RegExp][] = [
      [Buffer.concat([...base, Buffer.from([0xe4, 0, 0, 0, 0]), done()]), /unexpected TDS token 0xe4/],
      [Buffer.concat([...base, done({ more: true, count: 2 }), colMetadata(COLS), done()]), /second result set/],
      [Buffer.concat([...base, done({ count: 3 })]), /counted 3 rows but the response held 2/],
      [Buffer.concat(base), /ended before its final DONE/],
      [Buffer.concat([...base, done(), done()]), /bytes after the final DONE/],
      [Buffer.concat([...base, ROWS[0]!.subarray(0, 3)]), /ended before its final DONE/],
    ];
    for (const [payload, message] of cases) expect((await decodeError([payload])).message).toMatch(message);
  });

  it('throws a server ERROR with its fields, before or amid the rows; an error DONE without one as tedious does', async () => {
    const deadlock = errorToken({ number: 1205, state: 51, class: 13, message: 'Transaction was deadlocked' });
    const amid = await decodeError([Buffer.concat([colMetadata(COLS), ROWS[0]!, deadlock, done({ error: true })])]);
    expect(amid).toBeInstanceOf(TdsServerError);
    expect(amid).toMatchObject({ number: 1205, state: 51, class: 13, serverName: 'srv', lineNumber: 1, message: 'Transaction was deadlocked' });
    const before = decodeCopyChunks([Buffer.concat([errorToken({ number: 3952, message: 'Snapshot isolation transaction failed' }), done({ error: true })])]);
    await expect(before).rejects.toMatchObject({ number: 3952 });
    expect((await decodeError([Buffer.concat([colMetadata(COLS), done({ error: true })])])).message).toBe('An unknown error has occurred.');
  });
});
