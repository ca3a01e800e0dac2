/**
 * One unit of stage 2: a whole table, or one key range of it. Reads, encodes and COPYs in one
 * target transaction; the rows read must equal Postgres's `COPY n` before COMMIT.
 */
import type pg from 'pg';
import { CopyValueError, type EncoderFault } from '../copy/index.js';
import { quotePgQualified } from '../ddl/quote.js';
import { Mssql2pgError } from '../errors.js';
import { copyIntoTable } from '../postgres/copy-into-table.js';
import { recordLoadedRange } from '../postgres/loaded-ranges.js';
import { readTargetIdentity, type TargetIdentity } from '../postgres/table-identity.js';
import type { RowSource } from '../sqlserver/contract.js';
import { describeValueError } from './row-error.js';
import { openUnitRead } from './unit-read.js';
import { unitLabel, type UnitJob, type UnitResult, type UnitRunner } from './unit-job.js';

/** Where a unit reads from and writes to: the caller's own (this thread) or a worker thread's. */
export interface UnitConnections {
  readonly source: RowSource;
  readonly pool: pg.Pool;
  /**
   * Tests only (never set by the CLI, never crosses to a worker thread): wraps the COPY encoder
   * of every unit read as values, so a test can plant an encoder fault and show that verify
   * catches it.
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
  let target: TargetIdentity | null = null;
  const quotedTable = quotePgQualified(job.names.schema, job.names.table);
  const label = unitLabel(job);
  const record = job.record;
  try {
    const read = await openUnitRead(job, io.source, { signal: attemptAbort.signal, onProgress, encoderFault: io.encoderFault });
    const copied = await copyIntoTable({
      pool: io.pool,
      qualifiedTarget: quotedTable,
      columns: read.columns.map((c) => job.names.columns.get(c) ?? c),
      clear: job.clear,
      chunks: read.chunks,
      signal: attemptAbort.signal,
      identityColumns: job.identityColumns,
      verify: (copiedRows) => {
        if (copiedRows !== read.rows()) {
          throw new Mssql2pgError(
            `${label === null ? '' : `${label}: `}row count mismatch: read ${read.rows()} rows from SQL Server but COPY loaded ` +
              `${copiedRows}; the ${label === null ? 'table' : 'range'} was rolled back.`,
          );
        }
      },
      // The record commits with the rows (a unit claimed twice fails here and loads nothing);
      // either way the unit learns which table its rows went into (the resume identity).
      inTransaction: async (client, copied) => {
        target =
          record !== null
            ? await recordLoadedRange(client, quotedTable, { id: record.chunkPlan, key: record.key }, record.range, copied)
            : await readTargetIdentity(client, quotedTable);
      },
    });
    onProgress(copied, read.bytes());
    if (target === null) throw new Mssql2pgError(`internal: target table ${quotedTable} has no identity after its COPY`);
    return { rows: copied, bytes: read.bytes(), target, ...(read.fallback === null ? {} : { decoderFallback: read.fallback }) };
  } catch (err) {
    if (err instanceof CopyValueError) throw describeValueError(err, job.table, 'data');
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Units in this thread, over the caller's source and pool (tests, and a run with nothing to do). */
export function inThreadRunner(io: UnitConnections): UnitRunner {
  return (job, signal, onProgress) => copyUnit(job, io, signal, onProgress);
}
