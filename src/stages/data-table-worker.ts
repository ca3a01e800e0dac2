import type pg from 'pg';
import { qualifiedName, type TableModel } from '../catalog/model.js';
import { CopyValueError, createRowEncoder, encodeCopyChunks, type EncoderOptions } from '../copy/index.js';
import { quoteQualified } from '../ddl/quote.js';
import { Mssql2pgError, TableError } from '../errors.js';
import type { TargetTableNames } from '../naming/index.js';
import { withRetries, type BackoffOptions } from '../run/retry.js';
import type { TableContext, TableResult } from '../run/run-stage.js';
import { formatError } from '../run/format-error.js';
import { copyIntoTable } from '../target/copy-into-table.js';
import { tableExists } from '../target/inspect.js';
import type { IsolationLevel, RowSource } from './row-source.js';

export interface DataWorkerDeps {
  readonly byName: ReadonlyMap<string, TableModel>;
  readonly names: ReadonlyMap<string, TargetTableNames>;
  readonly source: RowSource;
  readonly pool: pg.Pool;
  readonly truncate: boolean;
  readonly retries: number;
  readonly backoff?: BackoffOptions;
  readonly isolation: IsolationLevel;
  readonly nolock: boolean;
  readonly encoder: EncoderOptions;
}

/**
 * Copies one table, retrying transient failures from scratch (the COPY is one transaction, so
 * a failed attempt leaves nothing behind). The number of rows read must equal Postgres's
 * `COPY n`, checked before COMMIT.
 */
export function createDataTableWorker(deps: DataWorkerDeps) {
  return async (ctx: TableContext): Promise<TableResult> => {
    const table = deps.byName.get(ctx.table)!;
    const names = deps.names.get(ctx.table)!;
    if (!(await tableExists(deps.pool, names.schema, names.table))) {
      throw new Mssql2pgError(
        `target table ${quoteQualified(names.schema, names.table)} does not exist: run \`mssql2pg replicate schema\` first.`,
      );
    }
    return withRetries(() => copyOnce(deps, ctx, table, names), {
      retries: deps.retries,
      backoff: deps.backoff,
      signal: ctx.signal,
      onRetry: (attempt, delayMs, err) =>
        ctx.emit({ type: 'table:retry', table: ctx.table, attempt, delayMs, error: formatError(err) }),
    });
  };
}

async function copyOnce(
  deps: DataWorkerDeps,
  ctx: TableContext,
  table: TableModel,
  names: TargetTableNames,
): Promise<TableResult> {
  // One controller per attempt: aborting it (on interrupt) cancels the SQL Server request and
  // the COPY together; a failed attempt's reader is cancelled by pipeline's cleanup.
  const attemptAbort = new AbortController();
  const onAbort = (): void => attemptAbort.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let rowsRead = 0;
  let bytes = 0;
  try {
    const read = deps.source.readTable(table, { signal: attemptAbort.signal, isolation: deps.isolation, nolock: deps.nolock });
    const encodeRow = createRowEncoder(read.columns, deps.encoder);
    const chunks = encodeCopyChunks(read.rows, encodeRow, {
      onRows: (n) => {
        rowsRead += n;
        ctx.reportRows(rowsRead, bytes);
      },
    });
    const counted = countBytes(chunks, (n) => (bytes += n));
    const copied = await copyIntoTable({
      pool: deps.pool,
      qualifiedTarget: quoteQualified(names.schema, names.table),
      columns: read.columns.map((c) => names.columns.get(c.name) ?? c.name),
      truncate: deps.truncate,
      chunks: counted,
      signal: attemptAbort.signal,
      identityColumns: table.columns
        .filter((c) => c.identity !== null)
        .map((c) => ({ name: names.columns.get(c.name) ?? c.name, increment: c.identity!.increment })),
      verify: (copiedRows) => {
        if (copiedRows !== rowsRead) {
          throw new Mssql2pgError(
            `row count mismatch: read ${rowsRead} rows from SQL Server but COPY loaded ${copiedRows}; the table was rolled back.`,
          );
        }
      },
    });
    ctx.reportRows(copied, bytes);
    return { rows: copied, bytes };
  } catch (err) {
    if (err instanceof CopyValueError) throw describeValueError(err, table);
    throw err;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
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
    return `${name}=${Buffer.isBuffer(value) ? `0x${value.toString('hex')}` : String(value)}`;
  });
  return `row with ${parts.join(', ')}`;
}
