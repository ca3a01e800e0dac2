/**
 * A big table copied in key ranges (issue 8 §2). The plan (ranges and a plan id) is persisted
 * in the progress file before any range starts; each range commits in its own transaction
 * together with its row in mssql2pg.loaded_ranges, so a resume loads exactly the ranges that
 * have no such row: none lost, none twice, whatever moment the process died at.
 */
import { randomUUID } from 'node:crypto';
import { type TableModel } from '../catalog/model.js';
import { quoteQualified } from '../ddl/quote.js';
import type { TargetTableNames } from '../naming/index.js';
import { planKeyRanges, rangeLabel, type ChunkKey, type KeyRange } from '../plan/key-ranges.js';
import type { ChunkProgress } from '../progress/types.js';
import { formatError } from '../run/format-error.js';
import { withRetries } from '../run/retry.js';
import type { TableContext, TableResult } from '../run/run-stage.js';
import { advanceIdentities } from '../postgres/copy-into-table.js';
import { forgetOtherPlans, loadedRanges } from '../postgres/loaded-ranges.js';
import { identityColumnsOf } from './copy-unit.js';
import type { DataWorkerDeps } from './data-table-worker.js';
import type { UnitJob } from './unit-job.js';

interface RangePlan {
  readonly id: string;
  readonly total: number;
  /** The ranges the progress file does not know committed (a superset of what is left). */
  readonly ranges: readonly KeyRange[];
}

/** Returns null when the table turns out to be one unit (small or empty after all). */
export async function copyChunked(
  deps: DataWorkerDeps,
  ctx: TableContext,
  table: TableModel,
  names: TargetTableNames,
  key: ChunkKey,
): Promise<TableResult | null> {
  const target = quoteQualified(names.schema, names.table);
  const resumed = deps.resume ? await resumedPlan(deps, ctx, target) : null;
  const plan = resumed?.plan ?? (await newPlan(deps, table, key));
  if (plan === null) {
    await ctx.reportChunks(null);
    return null;
  }
  await deps.ensureRangeTable();
  await forgetOtherPlans(deps.pool, target, plan.id);
  const loaded = resumed?.loaded ?? new Map<string, number>();
  const pending = plan.ranges.filter((r) => !loaded.has(rangeLabel(r)));
  const state = new ChunkState(plan, pending, [...loaded.values()].reduce((a, b) => a + b, 0), ctx);
  await state.persist();

  const spec = (range: KeyRange, truncate: boolean): UnitJob => ({
    table,
    names,
    encoder: deps.encoder,
    isolation: deps.isolation,
    nolock: deps.nolock,
    truncate,
    identityColumns: [],
    range: { key, range, chunkPlan: plan.id },
    what: `key range ${rangeLabel(range)} of ${key.column}: `,
  });
  // Nothing of this plan committed yet: the table still holds whatever was there before, so
  // the first range empties it in its own transaction (and may COPY FREEZE). The others wait
  // for it: they could not run during the TRUNCATE's lock anyway.
  await runRanges(deps, ctx, state, pending, deps.truncate && loaded.size === 0, spec);
  await advanceIdentities(deps.pool, target, identityColumnsOf(table, names));
  return { rows: state.committedRows, bytes: state.bytes };
}

/** The first range alone when it truncates, then the rest `--parallel` at a time. */
async function runRanges(
  deps: DataWorkerDeps,
  ctx: TableContext,
  state: ChunkState,
  pending: readonly KeyRange[],
  truncateFirst: boolean,
  spec: (range: KeyRange, truncate: boolean) => UnitJob,
): Promise<void> {
  const [first, ...rest] = pending;
  const tableAbort = new AbortController();
  const onAbort = (): void => tableAbort.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (first !== undefined && truncateFirst) {
      await deps.units(() => runRange(deps, ctx, state, spec(first, true), first, tableAbort.signal));
    }
    let failure: { error: unknown } | null = null;
    await Promise.all(
      (truncateFirst ? rest : pending).map((range) =>
        deps.units(async () => {
          if (tableAbort.signal.aborted) return;
          try {
            await runRange(deps, ctx, state, spec(range, false), range, tableAbort.signal);
          } catch (error) {
            // One range failed for good: stop this table's other ranges, report the first cause.
            failure ??= { error };
            tableAbort.abort(error);
          }
        }),
      ),
    );
    if (failure !== null) throw (failure as { error: unknown }).error;
    ctx.signal.throwIfAborted();
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

async function runRange(
  deps: DataWorkerDeps,
  ctx: TableContext,
  state: ChunkState,
  spec: UnitJob,
  range: KeyRange,
  signal: AbortSignal,
): Promise<void> {
  const result = await withRetries(
    () => deps.runUnit(spec, signal, (rows, bytes) => state.inFlight(range, rows, bytes)),
    {
      retries: deps.retries,
      backoff: deps.backoff,
      signal,
      onRetry: (attempt, delayMs, err) =>
        ctx.emit({ type: 'table:retry', table: ctx.table, attempt, delayMs, error: `${spec.what}${formatError(err)}` }),
    },
  ).finally(() => state.inFlight(range, 0, 0));
  await state.committed(range, result.rows, result.bytes);
}

/**
 * The plan of an earlier run of this table (only on --resume), with its committed ranges. Every
 * range the progress file counts as done must be recorded in mssql2pg.loaded_ranges: if some
 * are not (the schema was dropped between runs), those rows cannot be told apart from a half
 * load, so the table starts over rather than trust either side.
 */
async function resumedPlan(
  deps: DataWorkerDeps,
  ctx: TableContext,
  target: string,
): Promise<{ plan: RangePlan; loaded: Map<string, number> } | null> {
  const previous = ctx.previous;
  if (previous?.chunk_plan === undefined || previous.ranges_pending === undefined) return null;
  if (previous.status !== 'in_progress' && previous.status !== 'failed') return null;
  const total = previous.chunks_total ?? previous.ranges_pending.length;
  const plan: RangePlan = { id: previous.chunk_plan, total, ranges: previous.ranges_pending };
  await deps.ensureRangeTable();
  const loaded = await loadedRanges(deps.pool, target, plan.id);
  if (loaded.size < total - plan.ranges.length) {
    ctx.warn(
      `${total - plan.ranges.length} key ranges were recorded as done in the progress file but ${loaded.size} in mssql2pg.loaded_ranges; the table was copied again from the start.`,
    );
    return null;
  }
  return { plan, loaded };
}

async function newPlan(deps: DataWorkerDeps, table: TableModel, key: ChunkKey): Promise<RangePlan | null> {
  const bounds = await deps.source.keyBounds!(table, key, { nolock: deps.nolock });
  const ranges = planKeyRanges({ ...bounds, estimatedRows: table.rowCountEstimate, chunkRows: deps.chunkRows });
  return ranges === null ? null : { id: randomUUID(), total: ranges.length, ranges };
}

/** Rows and ranges of one chunked table; the main thread's view, written through ctx. */
class ChunkState {
  private readonly pending: KeyRange[];
  private readonly running = new Map<string, { rows: number; bytes: number }>();
  committedRows: number;
  bytes = 0;

  constructor(
    private readonly plan: RangePlan,
    pending: readonly KeyRange[],
    committedBefore: number,
    private readonly ctx: TableContext,
  ) {
    this.pending = [...pending];
    this.committedRows = committedBefore;
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
