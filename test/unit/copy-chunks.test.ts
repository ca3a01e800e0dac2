import { describe, expect, it } from 'vitest';
import {
  createRowEncoder,
  encodeCopyChunks,
  UnrepresentableValueError,
  ValueShapeError,
  type CopyColumn,
} from '../../src/copy/index.js';

const columns: CopyColumn[] = [
  { name: 'id', shape: 'integer' },
  { name: 'name', shape: 'text' },
  { name: 'data', shape: 'binary' },
];

function makeRows(count: number): (readonly unknown[])[] {
  return Array.from({ length: count }, (_, i) => [
    i,
    i % 7 === 0 ? null : `row ${i} ${'é😀\t'.repeat(i % 5)}`,
    Buffer.from([i & 0xff, (i >> 8) & 0xff]),
  ]);
}

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function collect(
  rows: readonly (readonly unknown[])[],
  chunkBytes: number,
): Promise<{ chunks: Buffer[]; counts: number[] }> {
  const chunks: Buffer[] = [];
  const counts: number[] = [];
  const encodeRow = createRowEncoder(columns);
  for await (const chunk of encodeCopyChunks(fromArray(rows), encodeRow, {
    chunkBytes,
    onRows: (n) => counts.push(n),
  })) {
    chunks.push(chunk);
  }
  return { chunks, counts };
}

describe('encodeCopyChunks', () => {
  it.each([1, 100, 1000, 64 * 1024])('chunkBytes %i: chunks ≥ chunkBytes except the last, bytes equal row-by-row', async (chunkBytes) => {
    const rows = makeRows(2500);
    const { chunks, counts } = await collect(rows, chunkBytes);

    const encodeRow = createRowEncoder(columns);
    const rowByRow = Buffer.from(rows.map((row, i) => encodeRow(row, i)).join(''), 'utf8');
    expect(Buffer.concat(chunks).equals(rowByRow)).toBe(true);

    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(chunkBytes);
    expect(chunks.at(-1)!.length).toBeGreaterThan(0);
    expect(counts.length).toBe(chunks.length);
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(2500);
    // Each chunk ends exactly at a row boundary.
    for (const chunk of chunks) expect(chunk.at(-1)).toBe(0x0a);
  });

  it('batches many rows per chunk (never one write per row)', async () => {
    const { chunks } = await collect(makeRows(2500), 64 * 1024);
    expect(chunks.length).toBeLessThan(10);
  });

  it('yields nothing for an empty table and reports no rows', async () => {
    const { chunks, counts } = await collect([], 1024);
    expect(chunks).toEqual([]);
    expect(counts).toEqual([]);
  });

  it('accepts a synchronous iterable', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of encodeCopyChunks([[1, 'a', Buffer.from([255])]], createRowEncoder(columns))) {
      chunks.push(chunk);
    }
    expect(Buffer.concat(chunks).toString('utf8')).toBe('1\ta\t\\\\xff\n');
  });

  it('reports the 0-based row index of a failing row, offset by startRowIndex', async () => {
    const rows = makeRows(10);
    rows[6] = [6, 'bad\0value', Buffer.alloc(0)];
    const run = async (startRowIndex?: number) => {
      const options = startRowIndex === undefined ? { chunkBytes: 10 } : { chunkBytes: 10, startRowIndex };
      for await (const chunk of encodeCopyChunks(fromArray(rows), createRowEncoder(columns), options)) {
        expect(chunk.length).toBeGreaterThan(0);
      }
    };
    await expect(run()).rejects.toMatchObject({ rowIndex: 6, column: 'name', row: rows[6] });
    await expect(run()).rejects.toBeInstanceOf(UnrepresentableValueError);
    await expect(run(1000)).rejects.toMatchObject({ rowIndex: 1006 });
  });

  it('rejects a row with the wrong number of values', async () => {
    const encodeRow = createRowEncoder(columns);
    expect(() => encodeRow([1, 'a'], 3)).toThrow(ValueShapeError);
    expect(() => encodeRow([1, 'a'], 3)).toThrow(/row has 2 values but the table has 3 columns/);
  });

  it('names the failing column among several', () => {
    const encodeRow = createRowEncoder(columns);
    expect(() => encodeRow([1, 'ok', 'not a buffer'], 0)).toThrow(
      expect.objectContaining({ column: 'data', shape: 'binary', problem: 'shape-mismatch' }),
    );
  });

  it('passes errors from the row source through unchanged', async () => {
    const boom = new Error('source failed');
    async function* failing(): AsyncGenerator<readonly unknown[]> {
      yield [1, 'a', Buffer.alloc(0)];
      throw boom;
    }
    const consume = async () => {
      for await (const chunk of encodeCopyChunks(failing(), createRowEncoder(columns))) void chunk;
    };
    await expect(consume()).rejects.toBe(boom);
  });

  it('rejects a non-positive chunk size', async () => {
    const consume = async () => {
      for await (const chunk of encodeCopyChunks([], createRowEncoder(columns), { chunkBytes: 0 })) void chunk;
    };
    await expect(consume()).rejects.toThrow(RangeError);
  });
});
