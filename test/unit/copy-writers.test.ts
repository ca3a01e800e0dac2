// The byte writers' fast paths (src/copy/field-writers.ts and friends) against the string
// encoders they must reproduce exactly (src/copy/cell-encoders.ts): same bytes for every value
// the reference accepts, the same error for every value it rejects.
import { describe, expect, it } from 'vitest';
import type { ValueShape } from '../../src/catalog/value-shape.js';
import { createCellEncoder } from '../../src/copy/cell-encoders.js';
import { createRowEncoder, encodeCopyChunks, type EncoderOptions } from '../../src/copy/index.js';

/** A small deterministic PRNG (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectSameAsReference(shape: ValueShape, values: readonly unknown[], options: EncoderOptions = {}): void {
  const policies = { nul: options.nul ?? 'error', surrogates: options.surrogates ?? 'error' } as const;
  const reference = createCellEncoder(shape, policies);
  const encodeRow = createRowEncoder([{ name: 'c', shape }], options);
  for (const value of values) {
    let expected: string | Error;
    try {
      expected = `${reference(value)}\n`;
    } catch (error) {
      expected = error as Error;
    }
    if (typeof expected === 'string') {
      expect(encodeRow([value], 0), JSON.stringify(String(value))).toBe(expected);
    } else {
      expect(() => encodeRow([value], 0), JSON.stringify(String(value))).toThrow(expected.message);
    }
  }
}

const next = random(8);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const digits = (n: number): string => Array.from({ length: n }, () => pick('0123456789'.split(''))).join('');

describe('byte writers match the reference string encoders', () => {
  it('integer, float', () => {
    const numbers = [0, -0, 1, -1, 9, 10, 99, 100, 2147483647, -2147483648, 2147483648, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53,
      1e15 - 1, 1e15, -1e15, 1e21, 0.1, -2.5, 1 / 3, 5e-324, NaN, Infinity, -Infinity, 1.5, '1', null === null ? undefined : 0, true];
    for (let i = 0; i < 2000; i++) numbers.push(Math.floor((next() - 0.5) * 10 ** Math.floor(next() * 17)), (next() - 0.5) * 1e6);
    expectSameAsReference('integer', numbers);
    expectSameAsReference('float', numbers);
  });

  it('bigint-text and decimal-text', () => {
    const texts: unknown[] = ['0', '-0', '9223372036854775807', '-9223372036854775808', '12345678901234567890', '', '-', '1.', '.5',
      '-.5', '1.5', '-12.3400', '1e5', ' 1', '1 ', '+1', '1.2.3', '١٢', 12, null === null ? undefined : 0];
    for (let i = 0; i < 2000; i++) {
      texts.push(`${pick(['', '-', '+', ' '])}${digits(Math.floor(next() * 21))}${pick(['', '.', 'x'])}${digits(Math.floor(next() * 5))}`);
    }
    expectSameAsReference('bigint-text', texts);
    expectSameAsReference('decimal-text', texts);
  });

  it('uuid', () => {
    const values: unknown[] = ['6F9619FF-8B86-D011-B42D-00C04FC964FF', '6f9619ff-8b86-d011-b42d-00c04fc964ff', '6F9619FF8B86-D011-B42D-00C04FC964FF-',
      '6F9619FF-8B86-D011-B42D-00C04FC964FG', '{6F9619FF-8B86-D011-B42D-00C04FC964FF}', '', 42];
    for (let i = 0; i < 1000; i++) {
      const chars = Array.from({ length: 36 }, (_, j) => ([8, 13, 18, 23].includes(j) ? '-' : pick('0123456789abcdefABCDEF'.split(''))));
      if (next() < 0.3) chars[Math.floor(next() * 36)] = pick(['-', 'g', 'G', 'é', ' ']);
      values.push(chars.join(''));
    }
    expectSameAsReference('uuid', values);
  });

  it('timestamp-text, including carries, the 9999 sentinel and invalid dates', () => {
    const values: unknown[] = ['2020-12-31T23:59:59.9999995', '9999-12-31T23:59:59.9999999', '0001-01-01 00:00:00', '0000-01-01T00:00:00',
      '2024-02-29T12:00:00', '2023-02-29T12:00:00', '2024-13-01T00:00:00', '2024-01-01T24:00:00', '2024-01-01T00:60:00',
      '2024-01-01T00:00:60', '2024-01-01T00:00:00.', '2024-01-01T00:00:00.12345678', '2024-01-01X00:00:00', '2024-01-01T00:00:00Z', 7];
    for (let i = 0; i < 3000; i++) {
      const year = String(Math.floor(next() * 10000)).padStart(4, '0');
      const two = (max: number) => String(Math.floor(next() * max)).padStart(2, '0');
      const fraction = next() < 0.3 ? '' : `.${pick(['9999999', '9999995', '9999994', '0000005', digits(1 + Math.floor(next() * 7))])}`;
      values.push(`${year}-${two(14)}-${two(32)}${pick(['T', ' '])}${pick(['23', two(25)])}:${pick(['59', two(61)])}:${pick(['59', two(61)])}${fraction}`);
    }
    expectSameAsReference('timestamp-text', values);
  });

  it('text under every policy, long and short, with escapes, NUL and surrogates', () => {
    const atoms = ['a', 'Z', ' ', '\\', '\t', '\n', '\r', '\0', '\x01', '\x7f', 'é', 'ß', '東', '\uFFFF', '😀', '\uD83D', '\uDE00', '\\N', '.'];
    const values: unknown[] = ['', 42, Buffer.from('x'), '\uDE00\uDC00', 'a\uDBFF\uDBFF\uDFFF', '\uD800'];
    for (let i = 0; i < 1500; i++) {
      const length = pick([0, 1, 2, 5, 20, 255, 256, 257, 600]);
      values.push(Array.from({ length }, () => (next() < 0.7 ? 'x' : pick(atoms))).join(''));
    }
    const policies: EncoderOptions[] = [{}, { nul: 'strip' }, { nul: { replace: '\\ ' } }, { surrogates: 'replace' }, { nul: 'strip', surrogates: 'replace' }];
    for (const options of policies) expectSameAsReference('text', values, options);
  });

  it('binary', () => {
    const values: unknown[] = [Buffer.alloc(0), Buffer.from([0, 255, 16, 1]), 'ab', new Uint8Array([1])];
    for (let i = 0; i < 200; i++) values.push(Buffer.from(Array.from({ length: Math.floor(next() * 300) }, () => Math.floor(next() * 256))));
    expectSameAsReference('binary', values);
  });

  it('native Dates, in and out of range, with and without nanosecondsDelta', () => {
    const first = Date.UTC(2000, 0, 1) - 730119 * 86_400_000; // 0001-01-01
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    const values: unknown[] = [new Date(NaN), '2024-01-01', 0, new Date(first - 1), new Date(last + 1), new Date(first), new Date(last)];
    for (let i = 0; i < 4000; i++) {
      const ms = next() < 0.2 ? pick([first, last, 0, 86_399_999, -1]) + Math.floor((next() - 0.5) * 4000) : first + Math.floor(next() * (last - first));
      const date = new Date(next() < 0.2 ? Math.floor(ms / 86_400_000) * 86_400_000 : ms);
      const delta = pick<unknown>([undefined, 0, 0.0009999, 0.0004567, 0.0000005, 0.0000004, Math.floor(next() * 10000) / 1e7, 0.001, -0.0000001, '0']);
      if (delta !== undefined) Object.defineProperty(date, 'nanosecondsDelta', { value: delta });
      values.push(date);
    }
    for (let i = 0; i < 500; i++) values.push(new Date(Math.floor(next() * 86_400_000)));
    for (const shape of ['timestamp-value', 'timestamptz-value', 'time-value', 'date-value'] as const) expectSameAsReference(shape, values);
  });

  it('decimal-number at every scale', () => {
    for (let scale = 0; scale <= 15; scale++) {
      const values: unknown[] = [0, -0, 1e15, -1e15, 999999999999999 / 10 ** scale, 0.1, 1 / 3, NaN, Infinity, '1', 2 ** 53];
      for (let i = 0; i < 500; i++) {
        const m = Math.floor(next() * 10 ** Math.floor(next() * 16)) * (next() < 0.5 ? -1 : 1);
        values.push(m / 10 ** scale, m / 10 ** Math.floor(next() * 16));
      }
      expectSameAsReference(`decimal-number:${scale}`, values);
    }
  });

  it('chunks hold the same bytes as the row-by-row strings, with a row that outgrows the buffer', async () => {
    const columns = [{ name: 'a', shape: 'text' as const }, { name: 'b', shape: 'binary' as const }];
    const text = (i: number) => (i === 200 ? 'é😀\t'.repeat(20_000) : i === 250 ? 'x'.repeat(70_000) : `row ${i} ${'ü'.repeat(i % 50)}`);
    const rows = Array.from({ length: 300 }, (_, i) => [text(i), Buffer.alloc(i === 150 ? 100_000 : i % 7, i)]);
    const encodeRow = createRowEncoder(columns);
    const expected = Buffer.from(rows.map((row, i) => encodeRow(row, i)).join(''), 'utf8');
    for (const chunkBytes of [1, 333, 4096, 65536]) {
      const chunks: Buffer[] = [];
      for await (const chunk of encodeCopyChunks(rows, encodeRow, { chunkBytes })) chunks.push(Buffer.from(chunk));
      expect(Buffer.concat(chunks).equals(expected)).toBe(true);
    }
  });

  it('a failed row leaves nothing behind in the chunk', async () => {
    const encodeRow = createRowEncoder([{ name: 'a', shape: 'text' }, { name: 'b', shape: 'integer' }]);
    const chunks: Buffer[] = [];
    const rows = [['ok', 1], ['half', 'not a number']];
    await expect(async () => {
      for await (const chunk of encodeCopyChunks(rows, encodeRow)) chunks.push(chunk);
    }).rejects.toMatchObject({ rowIndex: 1, column: 'b' });
    expect(encodeRow(['after', 2], 2)).toBe('after\t2\n');
  });
});
