import type pg from 'pg';
import type { TableModel } from '../catalog/model.js';
import type { EncoderOptions } from '../copy/index.js';
import { quoteQualified } from '../ddl/quote.js';
import { Mssql2pgError } from '../errors.js';
import type { TargetTableNames } from '../naming/index.js';
import { chooseChunkKey, wantsChunks } from '../plan/key-ranges.js';
import { formatError } from '../run/format-error.js';
import { withRetries, type BackoffOptions } from '../run/retry.js';
import type { TableContext, TableResult } from '../run/run-stage.js';
import { tableExists } from '../postgres/inspect.js';
import { copyChunked } from './chunked-table.js';
import { identityColumnsOf } from './copy-unit.js';
import type { IsolationLevel, RowSource } from '../sqlserver/contract.js';
import type { UnitRunner } from './unit-job.js';

export { describeRowKey } from './copy-unit.js';

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
  /** --resume: a chunked table continues its recorded range plan instead of starting over. */
  readonly resume: boolean;
  /** --chunk-rows: about this many rows per key range; 0 copies every table as one unit. */
  readonly chunkRows: number;
  /** Every unit (whole table or key range) runs through this limiter: `--parallel` in flight. */
  readonly units: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Runs each unit: in this thread, or on a worker thread (src/workers). */
  readonly runUnit: UnitRunner;
  /** Creates mssql2pg.loaded_ranges once per run, before the first range. */
  readonly ensureRangeTable: () => Promise<void>;
}

/**
 * Copies one table: as key ranges when it is big and has an integer key the source can range
 * over (chunked-table.ts), else as one unit retried from scratch on transient failures (the
 * COPY is one transaction, so a failed attempt leaves nothing behind).
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
    const key = chooseChunkKey(table);
    const canChunk = deps.source.keyBounds !== undefined && deps.source.readTableRange !== undefined;
    // A resumed table keeps its range plan even if the estimate or --chunk-rows changed since.
    const resumingChunks = deps.resume && ctx.previous?.chunk_plan !== undefined;
    if (key !== null && canChunk && (wantsChunks(table.rowCountEstimate, deps.chunkRows) || resumingChunks)) {
      const chunked = await copyChunked(deps, ctx, table, names, key);
      if (chunked !== null) return chunked;
    } else if (ctx.previous?.chunk_plan !== undefined) {
      await ctx.reportChunks(null);
    }
    return deps.units(() => copyWhole(deps, ctx, table, names));
  };
}

function copyWhole(deps: DataWorkerDeps, ctx: TableContext, table: TableModel, names: TargetTableNames): Promise<TableResult> {
  const job = {
    table,
    names,
    encoder: deps.encoder,
    isolation: deps.isolation,
    nolock: deps.nolock,
    truncate: deps.truncate,
    identityColumns: identityColumnsOf(table, names),
    range: null,
    what: '',
  };
  return withRetries(() => deps.runUnit(job, ctx.signal, (rows, bytes) => ctx.reportRows(rows, bytes)), {
    retries: deps.retries,
    backoff: deps.backoff,
    signal: ctx.signal,
    onRetry: (attempt, delayMs, err) =>
      ctx.emit({ type: 'table:retry', table: ctx.table, attempt, delayMs, error: formatError(err) }),
  });
}
