import { chooseChunkKey, wantsChunks } from '../plan/key-ranges.js';
import { requireTable } from '../postgres/inspect.js';
import { unitJob } from '../load/unit-job.js';
import type { TableContext, TableResult, TableRunner } from '../run/run-stage.js';
import { copyChunked } from './chunked-table.js';
import { runUnitWithRetries, type DataRun } from './data-run.js';

/**
 * Copies one table: as key ranges when it is big and has an integer key the source can range
 * over (chunked-table.ts), else as one unit.
 */
export function createDataTableRunner(run: DataRun): TableRunner {
  return async (ctx: TableContext): Promise<TableResult> => {
    await requireTable(run.pool, ctx.names.schema, ctx.names.table, 'run `mssql2pg replicate schema` first.');
    const key = chooseChunkKey(ctx.model);
    const ranges = run.source.ranges;
    // A resumed table keeps its range plan even if the estimate or --chunk-rows changed since.
    const resumingChunks = run.resume && ctx.previous?.chunk_plan !== undefined;
    if (key !== null && ranges !== undefined && (wantsChunks(ctx.model.rowCountEstimate, run.load.chunkRows) || resumingChunks)) {
      const chunked = await copyChunked(run, ranges, ctx, key);
      if (chunked !== null) return chunked;
    } else if (ctx.previous?.chunk_plan !== undefined) {
      await ctx.reportChunks(null);
    }
    const job = unitJob({ table: ctx.model, names: ctx.names, read: run.read, load: run.load, truncate: run.load.truncate, range: null });
    return run.units(() => runUnitWithRetries(run, ctx, job, ctx.signal, (rows, bytes) => ctx.reportRows(rows, bytes)));
  };
}
