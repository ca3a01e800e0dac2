/**
 * One unit of stage 2: a whole table, or one key range of it. Reads, encodes and COPYs in one
 * target transaction; the rows read must equal Postgres's `COPY n` before COMMIT.
 */
import type pg from 'pg';
import { CopyValueError, createRowEncoder, encodeCopyChunks, type EncoderFault } from '../copy/index.js';
import { quotePgQualified } from '../ddl/quote.js';
import { Mssql2pgError } from '../errors.js';
import { copyIntoTable } from '../postgres/copy-into-table.js';
import { recordLoadedRange } from '../postgres/loaded-ranges.js';
import { readTargetIdentity, type TargetIdentity } from '../postgres/table-identity.js';
import type { ReadTableOptions, RowSource, TableRead } from '../sqlserver/contract.js';
import { describeValueError } from './row-error.js';
import { unitLabel, type UnitJob, type UnitResult, type UnitRunner } from './unit-job.js';

/** Where a unit reads from and writes to: the caller's own (this thread) or a worker thread's. */
export interface UnitConnections {
  readonly source: RowSource;
  readonly pool: pg.Pool;
  /**
   * Tests only (never set by the CLI, never crosses to a worker thread): wraps the COPY encoder
   * of every unit, so a test can plant an encoder fault and show that verify catches it.
   */
  readonly encoderFault?: EncoderFault;
}

/** `onProgress` gets this unit's own running totals (rows read, bytes encoded). */
export async function copyUnit(
  job: UnitJob,
  io: UnitConnections,
  signal: AbortSignal,
  onProgress: (rows: number, bytes: number) => void,
): Promise<UnitResult> {
  // One controller per attempt: aborting it (on interrupt) cancels the SQL Server request and
  // the COPY together; a failed attempt's reader is cancelled by pipeline's cleanup.
  const attemptAbort = new AbortController();
  const onAbort = (): void => attemptAbort.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  let rowsRead = 0;
  let bytes = 0;
  let target: TargetIdentity | null = null;
  const quotedTable = quotePgQualified(job.names.schema, job.names.table);
  const label = unitLabel(job);
  const range = job.range;
  try {
    const read = openRead(job, io.source, { isolation: job.read.isolation, nolock: job.read.nolock, signal: attemptAbort.signal });
    const encoder = createRowEncoder(read.columns, job.read.encoder);
    const encodeRow = io.encoderFault ? io.encoderFault(encoder, read.columns) : encoder;
    const chunks = encodeCopyChunks(read.rows, encodeRow, {
      onRows: (n) => {
        rowsRead += n;
        onProgress(rowsRead, bytes);
      },
    });
    const copied = await copyIntoTable({
      pool: io.pool,
      qualifiedTarget: quotedTable,
      columns: read.columns.map((c) => job.names.columns.get(c.name) ?? c.name),
      clear: job.clear,
      chunks: countBytes(chunks, (n) => (bytes += n)),
      signal: attemptAbort.signal,
      identityColumns: job.identityColumns,
      verify: (copiedRows) => {
        if (copiedRows !== rowsRead) {
          throw new Mssql2pgError(
            `${label === null ? '' : `${label}: `}row count mismatch: read ${rowsRead} rows from SQL Server but COPY loaded ` +
              `${copiedRows}; the ${label === null ? 'table' : 'range'} was rolled back.`,
          );
        }
      },
      inTransaction: async (client, copied) => {
        const plan = range?.chunkPlan;
        target =
          range !== null && plan !== null && plan !== undefined
            ? await recordLoadedRange(client, quotedTable, { id: plan, key: range.key }, range.range, copied)
            : await readTargetIdentity(client, quotedTable);
      },
    });
    onProgress(copied, bytes);
    if (target === null) throw new Mssql2pgError(`internal: target table ${quotedTable} has no identity after its COPY`);
    return { rows: copied, bytes, target };
  } catch (err) {
    if (err instanceof CopyValueError) throw describeValueError(err, job.table, 'data');
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function openRead(job: UnitJob, source: RowSource, options: ReadTableOptions): TableRead {
  if (job.range === null) return source.readTable(job.table, options);
  // Range jobs are planned only over a source with ranges; a worker opens its own source from a
  // spec, so the type cannot carry that promise across the thread boundary.
  if (source.ranges === undefined) throw new Mssql2pgError('this source cannot read key ranges, but a key-range unit was sent to it');
  return source.ranges.readTableRange(job.table, job.range.key, job.range.range, options);
}

async function* countBytes(chunks: AsyncIterable<Buffer>, add: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    add(chunk.length);
    yield chunk;
  }
}

/** Units in this thread, over the caller's source and pool (tests, and a run with nothing to do). */
export function inThreadRunner(io: UnitConnections): UnitRunner {
  return (job, signal, onProgress) => copyUnit(job, io, signal, onProgress);
}
