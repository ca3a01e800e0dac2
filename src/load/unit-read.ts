/**
 * A unit's rows as COPY text chunks, by one of two paths:
 *   - the TDS decoder (the source's copyText reader): rows decoded straight from the wire into
 *     COPY text, no JS value per cell; the default wherever the source offers it;
 *   - values through the COPY encoder (readTable / readTableRange, then src/copy): every unit
 *     the decoder declines (a type or collation it cannot read exactly, an unusual token, other
 *     tedious internals) and every unit under `--no-tds-decoder`.
 * Both count the rows they hand over, for the check against Postgres's `COPY n`.
 */
import { createRowEncoder, encodeCopyChunks, type EncoderFault } from '../copy/index.js';
import { Mssql2pgError } from '../errors.js';
import type { ReadTableOptions, RowSource, TableRead } from '../sqlserver/contract.js';
import type { UnitJob } from './unit-job.js';

export interface UnitRead {
  /** Source column names, in the order of the fields of every COPY line. */
  readonly columns: readonly string[];
  readonly chunks: AsyncIterable<Buffer>;
  /** Rows handed over so far (all of them once `chunks` is done). */
  rows(): number;
  bytes(): number;
  /** Why the decoder was not used although it was asked for; null when it was, or was not asked for. */
  readonly fallback: string | null;
}

export interface UnitReadOptions {
  readonly signal: AbortSignal;
  readonly onProgress: (rows: number, bytes: number) => void;
  /** Tests only: wraps the COPY encoder (the values path), see copy-unit.ts. */
  readonly encoderFault?: EncoderFault;
}

export async function openUnitRead(job: UnitJob, source: RowSource, o: UnitReadOptions): Promise<UnitRead> {
  const { signal, onProgress } = o;
  const options: ReadTableOptions = { isolation: job.read.isolation, nolock: job.read.nolock, signal };
  let rows = 0;
  let bytes = 0;
  const counted = (chunk: Buffer, rowsInChunk: number): Buffer => {
    rows += rowsInChunk;
    bytes += chunk.length;
    onProgress(rows, bytes);
    return chunk;
  };
  let fallback: string | null = null;
  if (job.read.decoder && source.copyText !== undefined && o.encoderFault === undefined) {
    const range = job.range === null ? null : { key: job.range.key, range: job.range.range };
    const direct = await source.copyText.readCopyText(job.table, range, { ...options, encoder: job.read.encoder });
    if ('fallback' in direct) {
      fallback = direct.fallback;
    } else {
      const decoded = direct.chunks;
      async function* chunks(): AsyncGenerator<Buffer> {
        for await (const chunk of decoded) yield counted(chunk.bytes, chunk.rows);
      }
      return { columns: direct.columns, chunks: chunks(), rows: () => rows, bytes: () => bytes, fallback: null };
    }
  }
  const read = openValueRead(job, source, options);
  const encoder = createRowEncoder(read.columns, job.read.encoder);
  const encodeRow = o.encoderFault ? o.encoderFault(encoder, read.columns) : encoder;
  let pendingRows = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of encodeCopyChunks(read.rows, encodeRow, { onRows: (n) => (pendingRows = n) })) {
      yield counted(chunk, pendingRows);
    }
  }
  return { columns: read.columns.map((c) => c.name), chunks: chunks(), rows: () => rows, bytes: () => bytes, fallback };
}

function openValueRead(job: UnitJob, source: RowSource, options: ReadTableOptions): TableRead {
  if (job.range === null) return source.readTable(job.table, options);
  // Range jobs are planned only over a source with ranges; a worker opens its own source from a
  // spec, so the type cannot carry that promise across the thread boundary.
  if (source.ranges === undefined) throw new Mssql2pgError('this source cannot read key ranges, but a key-range unit was sent to it');
  return source.ranges.readTableRange(job.table, job.range.key, job.range.range, options);
}
