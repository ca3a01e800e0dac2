/**
 * A big table copied in key ranges. The plan (ranges, key and a plan id) is persisted in the
 * progress file before any range starts; each range commits in its own transaction together
 * with its row in mssql2pg.loaded_ranges (which also records the key and the target table's
 * identity), so a resume loads exactly the ranges that have no such row: none lost, none twice,
 * whatever moment the process died at. A plan whose records no longer vouch for the table's
 * rows (chunk-resume.ts) is not continued: the table starts over.
 */
import { randomUUID } from 'node:crypto';
import { quotePgQualified } from '../ddl/quote.js';
import { identityColumnsOf, unitJob } from '../load/unit-job.js';
import { planKeyRanges, rangeLabel, type ChunkKey, type KeyRange } from '../plan/key-ranges.js';
import { advanceIdentities, KEEP_ROWS } from '../postgres/copy-into-table.js';
import { forgetOtherPlans } from '../postgres/loaded-ranges.js';
import type { ChunkProgress, TargetIdentity } from '../progress/types.js';
import { childAbort } from '../run/child-abort.js';
import type { TableContext, TableResult } from '../run/run-stage.js';
import type { RangeReader } from '../sqlserver/contract.js';
import { checkRangeCounts } from './chunk-count-check.js';
import { decideResume, type ContinuedPlan } from './chunk-resume.js';
import { runUnitWithRetries, type DataRun } from './data-run.js';
import { requireEmptyForRestart } from './restart-guard.js';

/** A stage-2 range plan as the progress file records it: its id in mssql2pg.loaded_ranges. */
export interface ChunkPlan {
  readonly id: string;
  readonly key: ChunkKey;
  readonly total: number;
  /** The ranges the progress file does not know committed (a superset of what is left). */
  readonly ranges: readonly KeyRange[];
}

/** Returns null when the table turns out to be one unit (small or empty after all). */
export async function copyChunked(run: DataRun, source: RangeReader, ctx: TableContext, key: ChunkKey): Promise<TableResult | null> {
  const quotedTable = quotePgQualified(ctx.names.schema, ctx.names.table);
  const continued = await continuedPlan(run, ctx, key, quotedTable);
  const plan = continued !== null ? { ...continued, key } : await newPlan(run, source, ctx, key);
  if (plan === null) {
    await ctx.reportChunks(null);
    return null;
  }
  await run.ensureRangeTable();
  await forgetOtherPlans(run.pool, quotedTable, plan.id);
  const loaded = continued?.loaded ?? new Map();
  const pending = plan.ranges.filter((r) => !loaded.has(rangeLabel(r)));
  const state = new ChunkState(plan, pending, new Map([...loaded].map(([label, r]) => [label, { range: r.range, rows: r.rows }])), ctx);
  await state.persist();
  // Nothing of this plan committed yet: the table still holds whatever was there before, so
  // the first range empties it in its own transaction (and may COPY FREEZE). The others wait
  // for it: they could not run during the TRUNCATE's lock anyway.
  const emptiedByPlan = run.load.truncate && loaded.size === 0;
  await runRanges(run, ctx, state, plan, pending, emptiedByPlan);
  // The table was emptied by this plan (now or in the run that started it): every row in it
  // came from a committed range, so the counts must add up.
  if (run.load.truncate) await checkRangeCounts(run.pool, ctx, plan, state.rowsByRange);
  await advanceIdentities(run.pool, quotedTable, identityColumnsOf(ctx.model, ctx.names));
  return { rows: state.committedRows, bytes: state.bytes, earlierRows: state.committedBefore };
}

/** The earlier run's plan when --resume may continue it; null for a new plan (with a warning when one was discarded). */
async function continuedPlan(run: DataRun, ctx: TableContext, key: ChunkKey, quotedTable: string): Promise<ContinuedPlan | null> {
  if (!run.resume) return null;
  const decision = await decideResume(run, ctx.previous, key, quotedTable);
  if (decision.kind === 'continue') return decision;
  if (decision.kind === 'start-over') {
    await requireEmptyForRestart(run, ctx, quotedTable, decision.reason);
    ctx.warn(`${decision.reason}; the table was copied again from the start.`);
  }
  return null;
}

/** The first range alone when it truncates, then the rest `--parallel` at a time. */
async function runRanges(
  run: DataRun,
  ctx: TableContext,
  state: ChunkState,
  plan: ChunkPlan,
  pending: readonly KeyRange[],
  truncateFirst: boolean,
): Promise<void> {
  const [first, ...rest] = pending;
  // One range failing for good stops this table's other ranges, not the other tables.
  const table = childAbort(ctx.signal);
  const runRange = async (range: KeyRange, truncate: boolean): Promise<void> => {
    const clear = truncate ? ({ mode: 'truncate', freeze: true } as const) : KEEP_ROWS;
    const job = unitJob({ table: ctx.model, names: ctx.names, read: run.read, load: run.load, clear, range: { key: plan.key, range, chunkPlan: plan.id } });
    const result = await runUnitWithRetries(run, ctx, job, table.signal, (rows, bytes) => state.inFlight(range, rows, bytes)).finally(() =>
      state.inFlight(range, 0, 0),
    );
    await state.committed(range, result.rows, result.bytes, result.target);
  };
  try {
    if (first !== undefined && truncateFirst) await run.units(() => runRange(first, true));
    let failure: { error: unknown } | null = null;
    await Promise.all(
      (truncateFirst ? rest : pending).map((range) =>
        run.units(async () => {
          if (table.signal.aborted) return;
          try {
            await runRange(range, false);
          } catch (error) {
            failure ??= { error };
            table.controller.abort(error);
          }
        }),
      ),
    );
    if (failure !== null) throw (failure as { error: unknown }).error;
    ctx.signal.throwIfAborted();
  } finally {
    table.dispose();
  }
}

async function newPlan(run: DataRun, source: RangeReader, ctx: TableContext, key: ChunkKey): Promise<ChunkPlan | null> {
  const bounds = await source.keyBounds(ctx.model, key, { nolock: run.read.nolock });
  const ranges = planKeyRanges({ ...bounds, estimatedRows: ctx.model.rowCountEstimate, chunkRows: run.load.chunkRows });
  return ranges === null ? null : { id: randomUUID(), key, total: ranges.length, ranges };
}

/** Rows and ranges of one chunked table; the main thread's view, written through ctx. */
class ChunkState {
  private readonly pending: KeyRange[];
  private readonly running = new Map<string, { rows: number; bytes: number }>();
  committedRows: number;
  /** Rows earlier runs of this plan committed (this run's summary counts them apart). */
  readonly committedBefore: number;
  bytes = 0;

  constructor(
    private readonly plan: ChunkPlan,
    pending: readonly KeyRange[],
    /** Committed ranges and their rows by range label, earlier runs' included. */
    readonly rowsByRange: Map<string, { readonly range: KeyRange; readonly rows: number }>,
    private readonly ctx: TableContext,
  ) {
    this.pending = [...pending];
    this.committedRows = [...rowsByRange.values()].reduce((a, b) => a + b.rows, 0);
    // What earlier runs committed: reported at once, so an interrupted run still counts it.
    this.committedBefore = this.committedRows;
    this.ctx.reportCommitted(this.committedRows, this.committedBefore, 0);
  }

  inFlight(range: KeyRange, rows: number, bytes: number): void {
    this.running.set(rangeLabel(range), { rows, bytes });
    let r = this.committedRows;
    let b = this.bytes;
    for (const u of this.running.values()) {
      r += u.rows;
      b += u.bytes;
    }
    this.ctx.reportRows(r, b);
  }

  async committed(range: KeyRange, rows: number, bytes: number, target: TargetIdentity): Promise<void> {
    this.running.delete(rangeLabel(range));
    this.committedRows += rows;
    this.bytes += bytes;
    this.rowsByRange.set(rangeLabel(range), { range, rows });
    const at = this.pending.findIndex((r) => rangeLabel(r) === rangeLabel(range));
    if (at >= 0) this.pending.splice(at, 1);
    this.ctx.reportTarget(target);
    this.ctx.reportRows(this.committedRows, this.bytes);
    this.ctx.reportCommitted(this.committedRows, this.committedBefore, this.bytes);
    await this.persist();
  }

  persist(): Promise<void> {
    const chunks: ChunkProgress = {
      chunks_total: this.plan.total,
      chunks_done: this.plan.total - this.pending.length,
      ranges_pending: this.pending.map((r) => ({ lo: r.lo, hi: r.hi })),
      chunk_plan: this.plan.id,
      chunk_key: { column: this.plan.key.column, sql_type: this.plan.key.sqlType },
    };
    return this.ctx.reportChunks(chunks);
  }
}
