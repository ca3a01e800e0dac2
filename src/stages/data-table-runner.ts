import { quotePgQualified } from '../ddl/quote.js';
import { chooseChunkKey, wantsChunks } from '../plan/key-ranges.js';
import { KEEP_ROWS } from '../postgres/copy-into-table.js';
import { requireTable } from '../postgres/inspect.js';
import { unitJob } from '../load/unit-job.js';
import type { TableContext, TableResult, TableRunner } from '../run/run-stage.js';
import { copyChunked } from './chunked-table.js';
import { runUnitWithRetries, type DataRun } from './data-run.js';
import { requireEmptyForRestart } from './restart-guard.js';

/**
 * Copies one table: as key ranges when it is big and has an integer key the source can range
 * over (chunked-table.ts), else as one unit. A table the resume found changed since it was
 * completed (run.restarts) starts over, with its reason as a warning.
 */
export function createDataTableRunner(run: DataRun): TableRunner {
  return async (ctx: TableContext): Promise<TableResult> => {
    await requireTable(run.pool, ctx.names.schema, ctx.names.table, 'run `mssql2pg replicate schema` first.');
    const restart = run.restarts.get(ctx.table);
    if (restart !== undefined) {
      await requireEmptyForRestart(run, ctx, quotePgQualified(ctx.names.schema, ctx.names.table), restart);
      ctx.warn(`${restart}; the table was copied again from the start.`);
      // Its old range plan, if any, is finished and describes a table that is gone.
      if (ctx.previous?.chunk_plan !== undefined) await ctx.reportChunks(null);
    }
    const table = restart === undefined ? ctx : { ...ctx, previous: undefined };
    const key = chooseChunkKey(table.model);
    const ranges = run.source.ranges;
    // A resumed table keeps its range plan even if the estimate or --chunk-rows changed since.
    const resumingChunks = run.resume && table.previous?.chunk_plan !== undefined;
    if (key !== null && ranges !== undefined && (wantsChunks(table.model.rowCountEstimate, run.load.chunkRows) || resumingChunks)) {
      const chunked = await copyChunked(run, ranges, table, key);
      if (chunked !== null) return chunked;
    } else if (table.previous?.chunk_plan !== undefined) {
      await ctx.reportChunks(null);
    }
    const clear = run.load.truncate ? ({ mode: 'truncate', freeze: true } as const) : KEEP_ROWS;
    const job = unitJob({ table: table.model, names: table.names, read: run.read, load: run.load, clear, range: null });
    const result = await run.units(() => runUnitWithRetries(run, ctx, job, ctx.signal, (rows, bytes) => ctx.reportRows(rows, bytes)));
    ctx.reportTarget(result.target);
    return { rows: result.rows, bytes: result.bytes };
  };
}
