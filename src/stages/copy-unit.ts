/**
 * One unit of stage 2: a whole table, or one key range of it. Reads, encodes and COPYs in one
 * target transaction; the rows read must equal Postgres's `COPY n` before COMMIT.
 */
import type pg from 'pg';
import { qualifiedName, type TableModel } from '../catalog/model.js';
import { CopyValueError, createRowEncoder, encodeCopyChunks, type EncoderOptions } from '../copy/index.js';
import { quoteQualified } from '../ddl/quote.js';
import { Mssql2pgError, TableError } from '../errors.js';
import type { TargetTableNames } from '../naming/index.js';
import { copyIntoTable, type IdentityColumn } from '../postgres/copy-into-table.js';
import type { ReadTableOptions, TableRead } from '../sqlserver/contract.js';

export interface UnitSpec {
  readonly table: TableModel;
  readonly names: TargetTableNames;
  readonly pool: pg.Pool;
  readonly encoder: EncoderOptions;
  /** Opens the read (whole table or one range) with this attempt's signal. */
  readonly read: (options: ReadTableOptions) => TableRead;
  readonly readOptions: Omit<ReadTableOptions, 'signal'>;
  readonly truncate: boolean;
  readonly identityColumns: readonly IdentityColumn[];
  /** Said in a row-count mismatch, e.g. `key range [-inf,100) of Id: `; empty for a whole table. */
  readonly what: string;
  readonly inTransaction?: (client: pg.PoolClient, copied: number) => Promise<void>;
}

export interface UnitResult {
  readonly rows: number;
  readonly bytes: number;
}

/** `onProgress` gets this unit's own running totals (rows read, bytes encoded). */
export async function copyUnit(
  spec: UnitSpec,
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
  try {
    const read = spec.read({ ...spec.readOptions, signal: attemptAbort.signal });
    const encodeRow = createRowEncoder(read.columns, spec.encoder);
    const chunks = encodeCopyChunks(read.rows, encodeRow, {
      onRows: (n) => {
        rowsRead += n;
        onProgress(rowsRead, bytes);
      },
    });
    const counted = countBytes(chunks, (n) => (bytes += n));
    const copied = await copyIntoTable({
      pool: spec.pool,
      qualifiedTarget: quoteQualified(spec.names.schema, spec.names.table),
      columns: read.columns.map((c) => spec.names.columns.get(c.name) ?? c.name),
      truncate: spec.truncate,
      freeze: spec.truncate,
      chunks: counted,
      signal: attemptAbort.signal,
      identityColumns: spec.identityColumns,
      verify: (copiedRows) => {
        if (copiedRows !== rowsRead) {
          const rolledBack = spec.what === '' ? 'the table was rolled back' : 'the range was rolled back';
          throw new Mssql2pgError(
            `${spec.what}row count mismatch: read ${rowsRead} rows from SQL Server but COPY loaded ${copiedRows}; ${rolledBack}.`,
          );
        }
      },
      inTransaction: spec.inTransaction,
    });
    onProgress(copied, bytes);
    return { rows: copied, bytes };
  } catch (err) {
    if (err instanceof CopyValueError) throw describeValueError(err, spec.table);
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

export function identityColumnsOf(table: TableModel, names: TargetTableNames): IdentityColumn[] {
  return table.columns
    .filter((c) => c.identity !== null)
    .map((c) => ({ name: names.columns.get(c.name) ?? c.name, increment: c.identity!.increment }));
}

async function* countBytes(chunks: AsyncIterable<Buffer>, add: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    add(chunk.length);
    yield chunk;
  }
}

/** Names the row by its primary-key value (or its position when the table has no key) and says what to do. */
function describeValueError(err: CopyValueError, table: TableModel): Error {
  const key = describeRowKey(table, err.row);
  const hint =
    err.problem === 'nul-character'
      ? ' Clean the value in SQL Server, or run again with --strip-nul or --replace-nul <char>.'
      : err.problem === 'lone-surrogate'
        ? ' Clean the value in SQL Server, or run again with --replace-bad-unicode (writes U+FFFD).'
        : '';
  // The table's name goes into the message itself: the error text is all a user sees in the
  // summary and the progress file, and it must say which table, column and row to clean.
  return new TableError(qualifiedName(table), 'data', `${key}, ${err.message}.${hint}`, { cause: err });
}

export function describeRowKey(table: TableModel, row: readonly unknown[]): string {
  const pk = table.primaryKey?.columns ?? [];
  if (pk.length === 0) return 'row (table has no primary key)';
  const parts = pk.map((name) => {
    const index = table.columns.findIndex((c) => c.name === name);
    const value = index >= 0 ? row[index] : undefined;
    return `${name}=${describeKeyValue(value)}`;
  });
  return `row with ${parts.join(', ')}`;
}

/** Binary keys as 0x hex, date/time keys (read natively as Dates) as ISO text, the rest as text. */
function describeKeyValue(value: unknown): string {
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex')}`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  return String(value);
}
