/**
 * Turns a stream of source rows into COPY TEXT Buffers of about `chunkBytes` each, so that
 *   await pipeline(encodeCopyChunks(readRows(...), encodeRow), client.query(copyFrom(sql)))
 * writes a few large chunks instead of one socket write per row. With a RowEncoder from
 * createRowEncoder, rows are written straight into the chunk's Buffer (one allocation per chunk,
 * no string per value or row); any other RowEncoder's lines are joined once per chunk.
 *
 * If encoding a row throws, the generator throws, pipeline() destroys the COPY stream and
 * pg-copy-streams sends CopyFail, so the table's COPY rolls back whole.
 */

import { CopyWriter } from './copy-writer.js';
import { rowWriterOf, type RowEncoder, type RowWriter } from './row-encoder.js';

export interface CopyChunkOptions {
  /** Target chunk size; every chunk except the last is at least this many bytes. Default 64 KiB. */
  readonly chunkBytes?: number;
  /** Row index of the first row (0 unless resuming part-way into a table); for error messages. */
  readonly startRowIndex?: number;
  /**
   * Called once per chunk, just before it is yielded, with the number of rows it holds. The sum
   * equals the rows handed to COPY, to compare with the server's `COPY n`.
   */
  readonly onRows?: (rowsInChunk: number) => void;
}

export const DEFAULT_CHUNK_BYTES = 64 * 1024;

export async function* encodeCopyChunks(
  rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
  encodeRow: RowEncoder,
  options: CopyChunkOptions = {},
): AsyncGenerator<Buffer, void, undefined> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
    throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  }
  const writeRow = rowWriterOf(encodeRow);
  if (writeRow !== undefined) {
    yield* writeChunks(rows, writeRow, chunkBytes, options);
    return;
  }
  const onRows = options.onRows;
  let rowIndex = options.startRowIndex ?? 0;
  let lines: string[] = [];
  // UTF-16 code units never outnumber UTF-8 bytes (1 unit → 1-3 bytes, a pair → 4 bytes), so
  // once the pending text reaches chunkBytes units the encoded chunk has at least chunkBytes bytes.
  let pendingUnits = 0;

  for await (const row of rows) {
    const line = encodeRow(row, rowIndex);
    rowIndex++;
    lines.push(line);
    pendingUnits += line.length;
    if (pendingUnits >= chunkBytes) {
      const chunk = Buffer.from(lines.join(''), 'utf8');
      onRows?.(lines.length);
      lines = [];
      pendingUnits = 0;
      yield chunk;
    }
  }
  if (lines.length > 0) {
    const chunk = Buffer.from(lines.join(''), 'utf8');
    onRows?.(lines.length);
    yield chunk;
  }
}

/** Room beyond chunkBytes, so the row that crosses it rarely makes the buffer grow. */
const MAX_SLACK_BYTES = 16 * 1024;

async function* writeChunks(
  rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
  writeRow: RowWriter,
  chunkBytes: number,
  options: CopyChunkOptions,
): AsyncGenerator<Buffer, void, undefined> {
  const onRows = options.onRows;
  const w = new CopyWriter(chunkBytes + Math.min(chunkBytes, MAX_SLACK_BYTES));
  let rowIndex = options.startRowIndex ?? 0;
  let rowsInChunk = 0;
  // A synchronous source is read synchronously: for await would add a promise per row.
  if (Symbol.asyncIterator in rows) {
    for await (const row of rows) {
      writeRow(row, rowIndex++, w);
      rowsInChunk++;
      if (w.pos >= chunkBytes) {
        onRows?.(rowsInChunk);
        rowsInChunk = 0;
        yield w.take();
      }
    }
  } else {
    for (const row of rows) {
      writeRow(row, rowIndex++, w);
      rowsInChunk++;
      if (w.pos >= chunkBytes) {
        onRows?.(rowsInChunk);
        rowsInChunk = 0;
        yield w.take();
      }
    }
  }
  if (rowsInChunk > 0) {
    onRows?.(rowsInChunk);
    yield w.take();
  }
}
