/**
 * Turns a stream of source rows into COPY TEXT Buffers of about `chunkBytes` each, so that
 *   await pipeline(encodeCopyChunks(readRows(...), encodeRow), client.query(copyFrom(sql)))
 * writes a few large chunks instead of one socket write per row. Rows are written straight into
 * the chunk's Buffer (one allocation per chunk, no string per value or row).
 *
 * If encoding a row throws, the generator throws, pipeline() destroys the COPY stream and
 * pg-copy-streams sends CopyFail, so the table's COPY rolls back whole.
 */

import { CopyWriter } from './copy-writer.js';
import type { RowEncoder, RowWriter } from './row-encoder.js';

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
  yield* writeChunks(rows, encodeRow.writeRow, chunkBytes, options);
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
