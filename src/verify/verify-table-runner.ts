/**
 * Verifies one table: exact counts on both sides, then (unless --counts-only) the content,
 * range by range on stage 2's chunk key (src/plan/key-ranges.ts), whole otherwise. A table that
 * is not exact throws TableDiffersError, so runStage records it like a failure and the exit
 * code is 1.
 */
import type pg from 'pg';
import type { TableModel } from '../catalog/model.js';
import { CopyValueError } from '../copy/index.js';
import { Mssql2pgError } from '../errors.js';
import { describeValueError } from '../load/row-error.js';
import type { ReadSettings } from '../load/settings.js';
import type { TargetTableNames } from '../naming/index.js';
import { chooseChunkKey, planKeyRanges, type ChunkKey, type KeyRange, type RangePlan } from '../plan/key-ranges.js';
import { requireTable } from '../postgres/inspect.js';
import type { TableContext, TableResult, TableRunner } from '../run/run-stage.js';
import type { KeyBounds, ReadTableOptions, VerifySource } from '../sqlserver/contract.js';
import { compareLoadedRange, loadRange, type RangeResult, type RangeTarget } from './compare-range.js';
import { buildTargetCountQuery, MAX_EXAMPLES } from './compare-sql.js';
import { pairDifferences, type DiffRow, type RowDifference } from './differences.js';
import { verdictLine, type TableVerdict } from './report.js';
import { createScratchTable, dropScratchTable, scratchTableName } from './scratch-table.js';
import { hasKeyIndex } from './target-key-index.js';

export interface VerifyRunnerDeps {
  readonly source: VerifySource;
  readonly pool: pg.Pool;
  readonly read: ReadSettings;
  readonly countsOnly: boolean;
  /** The scratch table holds at most about this many rows at a time (tables with a chunk key). */
  readonly rangeRows: number;
  /** Filled with every table's verdict, for the report. */
  readonly verdicts: Map<string, TableVerdict>;
}

/** The source's exact count, and MIN/MAX of the chunk key when there is one (null under --counts-only). */
interface SourceStats {
  readonly rows: number;
  readonly key: ChunkKey | null;
  readonly bounds: KeyBounds | null;
}

/** The table was compared and is not exact: not an error of the tool, but exit code 1. */
export class TableDiffersError extends Mssql2pgError {}

export function createVerifyTableRunner(deps: VerifyRunnerDeps): TableRunner {
  return async (ctx: TableContext): Promise<TableResult> => {
    const { model: table, names } = ctx;
    const target = await requireTable(deps.pool, names.schema, names.table, 'nothing to verify.');
    const key = chooseChunkKey(table);
    const countOptions = { nolock: deps.read.nolock, signal: ctx.signal };
    // All at once: each count is a full scan on its own server.
    const [sourceRows, targetRows, bounds] = await Promise.all([
      deps.source.countRows(table, countOptions),
      deps.pool.query<{ count: string }>(buildTargetCountQuery(target)).then((r) => Number(r.rows[0]!.count)),
      key && !deps.countsOnly ? deps.source.ranges.keyBounds(table, key, countOptions) : null,
    ]);
    const stats: SourceStats = { rows: sourceRows, key, bounds };
    const countsDiffer = sourceRows !== targetRows;
    let found: { differences: RowDifference[]; more: boolean } = { differences: [], more: false };
    if (!deps.countsOnly) found = await compareContent(deps, ctx, table, names, target, stats);
    const verdict: TableVerdict =
      !countsDiffer && found.differences.length === 0
        ? { table: ctx.table, status: 'exact', sourceRows, targetRows }
        : {
            table: ctx.table,
            status: countsDiffer ? 'count-differs' : 'differs',
            sourceRows,
            targetRows,
            differences: found.differences,
            moreDifferences: found.more,
          };
    deps.verdicts.set(ctx.table, verdict);
    if (verdict.status !== 'exact') throw new TableDiffersError(verdictLine(verdict));
    return { rows: sourceRows };
  };
}

/**
 * Range by range, two scratch tables in turn: range i+1 is read from SQL Server and loaded
 * while Postgres compares range i, so a table takes about as long as its copy did, not the
 * copy plus the comparison. Stops once 10 differing rows are known.
 */
async function compareContent(
  deps: VerifyRunnerDeps,
  ctx: TableContext,
  table: TableModel,
  names: TargetTableNames,
  target: string,
  stats: SourceStats,
): Promise<{ differences: RowDifference[]; more: boolean }> {
  const readOptions: ReadTableOptions = { signal: ctx.signal, isolation: deps.read.isolation, nolock: deps.read.nolock };
  const targetName = (c: string): string => names.columns.get(c) ?? c;
  const plan = await planRanges(deps, ctx, names, stats);
  const ranges = plan?.ranges ?? [WHOLE_TABLE];
  const keyColumns = table.primaryKey?.columns ?? [];
  const found: DiffRow[] = [];
  const scratches: string[] = [];
  let compared = 0;
  let pending: Promise<RangeResult> | null = null;
  let columnNames: string[] = [];
  // The examples gathered so far; null while fewer than MAX_EXAMPLES are known.
  const collect = (result: RangeResult, moreRangesLeft: boolean): { differences: RowDifference[]; more: boolean } | null => {
    found.push(...result.rows);
    const differences = pairDifferences({ columns: columnNames, keyColumns }, found);
    if (differences.length < MAX_EXAMPLES) return null;
    // A range that hit the row limit has at least MAX_EXAMPLES differences, so it stops here too.
    return { differences: differences.slice(0, MAX_EXAMPLES), more: differences.length > MAX_EXAMPLES || result.truncated || moreRangesLeft };
  };
  try {
    for (const [i, range] of ranges.entries()) {
      const read = plan ? deps.source.ranges.readTableRange(table, plan.key, range, readOptions) : deps.source.readTable(table, readOptions);
      columnNames = read.columns.map((c) => c.name);
      const t: RangeTarget = {
        pool: deps.pool,
        target,
        columns: read.columns.map((c) => targetName(c.name)),
        keyColumns: keyColumns.map(targetName),
        rangeColumn: plan ? targetName(plan.key.column) : null,
        encoder: deps.read.encoder,
        signal: ctx.signal,
        onRows: (n) => ctx.reportRows((compared += n), 0),
      };
      scratches[i % 2] ??= await createScratchTable(deps.pool, scratchTableName(ctx.table, i % 2), target, t.columns);
      const scratch = scratches[i % 2]!;
      await loadRange(read, t, scratch).catch((err: unknown) => {
        throw err instanceof CopyValueError ? describeValueError(err, table, 'verify') : err;
      });
      if (pending) {
        const done = collect(await pending, true);
        pending = null;
        if (done) return done;
      }
      pending = compareLoadedRange(t, scratch, range, MAX_EXAMPLES);
      // Awaited in the next turn or in finally; until then a rejection must not count as unhandled.
      pending.catch(() => {});
    }
    const last = pending ? collect(await pending, false) : null;
    pending = null;
    return last ?? { differences: pairDifferences({ columns: columnNames, keyColumns }, found), more: false };
  } finally {
    await pending?.catch(() => {});
    for (const scratch of scratches) if (scratch) await dropScratchTable(deps.pool, scratch);
  }
}

const WHOLE_TABLE: KeyRange = { lo: null, hi: null };

/**
 * Stage 2's ranges, sized by the exact count, when the table has a chunk key, is bigger than
 * one range and the target can read a range by index; else null (the table is compared whole).
 */
async function planRanges(deps: VerifyRunnerDeps, ctx: TableContext, names: TargetTableNames, stats: SourceStats): Promise<RangePlan | null> {
  if (!stats.key || !stats.bounds) return null;
  const ranges = planKeyRanges({ ...stats.bounds, estimatedRows: stats.rows, chunkRows: deps.rangeRows });
  if (ranges === null) return null;
  const column = names.columns.get(stats.key.column) ?? stats.key.column;
  if (!(await hasKeyIndex(deps.pool, names.schema, names.table, column))) {
    ctx.warn(
      `no index on ${column} in the target (\`mssql2pg replicate constraints\` creates the primary key): ` +
        'compared whole, with a scratch copy of the whole table, instead of one full scan per key range',
    );
    return null;
  }
  return { key: stats.key, ranges };
}
