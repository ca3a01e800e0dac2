/**
 * A big table copied in key ranges. The plan (ranges and a plan id) is persisted in the progress
 * file before any range starts; each range commits in its own transaction together with its row
 * in mssql2pg.loaded_ranges, so a resume loads exactly the ranges that have no such row: none
 * lost, none twice, whatever moment the process died at.
 */
import { randomUUID } from 'node:crypto';
import { quotePgQualified } from '../ddl/quote.js';
import { identityColumnsOf, unitJob } from '../load/unit-job.js';
import { planKeyRanges, rangeLabel, type ChunkKey, type KeyRange, type RangePlan } from '../plan/key-ranges.js';
import { advanceIdentities } from '../postgres/copy-into-table.js';
import { forgetOtherPlans, loadedRanges } from '../postgres/loaded-ranges.js';
import type { ChunkProgress } from '../progress/types.js';
import { childAbort } from '../run/child-abort.js';
import type { TableContext, TableResult } from '../run/run-stage.js';
import type { RangeReader } from '../sqlserver/contract.js';
import { runUnitWithRetries, type DataRun } from './data-run.js';

/** A stage-2 range plan as the progress file records it: its id in mssql2pg.loaded_ranges. */
interface ChunkPlan extends RangePlan {
  readonly id: string;
  readonly total: number;
  /** The ranges the progress file does not know committed (a superset of what is left). */
  readonly ranges: readonly KeyRange[];
}

/** Returns null when the table turns out to be one unit (small or empty after all). */
export async function copyChunked(run: DataRun, source: RangeReader, ctx: TableContext, key: ChunkKey): Promise<TableResult | null> {
  const quotedTable = quotePgQualified(ctx.names.schema, ctx.names.table);
  const resumed = run.resume ? await resumedPlan(run, ctx, key, quotedTable) : null;
  const plan = resumed?.plan ?? (await newPlan(run, source, ctx, key));
  if (plan === null) {
    await ctx.reportChunks(null);
    return null;
  }
  await run.ensureRangeTable();
  await forgetOtherPlans(run.pool, quotedTable, plan.id);
  const loaded = resumed?.loaded ?? new Map<string, number>();
  const pending = plan.ranges.filter((r) => !loaded.has(rangeLabel(r)));
  const state = new ChunkState(plan, pending, [...loaded.values()].reduce((a, b) => a + b, 0), ctx);
  await state.persist();
  // Nothing of this plan committed yet: the table still holds whatever was there before, so
  // the first range empties it in its own transaction (and may COPY FREEZE). The others wait
  // for it: they could not run during the TRUNCATE's lock anyway.
  await runRanges(run, ctx, state, plan, pending, run.load.truncate && loaded.size === 0);
  await advanceIdentities(run.pool, quotedTable, identityColumnsOf(ctx.model, ctx.names));
  return { rows: state.committedRows, bytes: state.bytes, earlierRows: state.committedBefore };
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
    const job = unitJob({ table: ctx.model, names: ctx.names, read: run.read, load: run.load, truncate, range: { key: plan.key, range, chunkPlan: plan.id } });
    const result = await runUnitWithRetries(run, ctx, job, table.signal, (rows, bytes) => state.inFlight(range, rows, bytes)).finally(() =>
      state.inFlight(range, 0, 0),
    );
    await state.committed(range, result.rows, result.bytes);
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

/**
 * The plan of an earlier run of this table (only on --resume), with its committed ranges. Every
 * range the progress file counts as done must be recorded in mssql2pg.loaded_ranges: if some
 * are not (the schema was dropped between runs), those rows cannot be told apart from a half
 * load, so the table starts over rather than trust either side.
 */
async function resumedPlan(
  run: DataRun,
  ctx: TableContext,
  key: ChunkKey,
  quotedTable: string,
): Promise<{ plan: ChunkPlan; loaded: Map<string, number> } | null> {
  const previous = ctx.previous;
  if (previous?.chunk_plan === undefined || previous.ranges_pending === undefined) return null;
  if (previous.status !== 'in_progress' && previous.status !== 'failed') return null;
  const total = previous.chunks_total ?? previous.ranges_pending.length;
  const plan: ChunkPlan = { id: previous.chunk_plan, key, total, ranges: previous.ranges_pending };
  await run.ensureRangeTable();
  const loaded = await loadedRanges(run.pool, quotedTable, plan.id);
  if (loaded.size < total - plan.ranges.length) {
    ctx.warn(
      `${total - plan.ranges.length} key ranges were recorded as done in the progress file but ${loaded.size} in mssql2pg.loaded_ranges; the table was copied again from the start.`,
    );
    return null;
  }
  return { plan, loaded };
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
  bytes = 0;

  constructor(
    private readonly plan: ChunkPlan,
    pending: readonly KeyRange[],
    readonly committedBefore: number,
    private readonly ctx: TableContext,
  ) {
    this.pending = [...pending];
    this.committedRows = committedBefore;
    this.ctx.reportCommitted(committedBefore, committedBefore, 0);
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

  async committed(range: KeyRange, rows: number, bytes: number): Promise<void> {
    this.running.delete(rangeLabel(range));
    this.committedRows += rows;
    this.bytes += bytes;
    const at = this.pending.findIndex((r) => rangeLabel(r) === rangeLabel(range));
    if (at >= 0) this.pending.splice(at, 1);
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
    };
    return this.ctx.reportChunks(chunks);
  }
}
