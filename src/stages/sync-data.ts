import pLimit from 'p-limit';
import type pg from 'pg';
import type { ResolvedConfig } from '../config/types.js';
import type { EncoderOptions } from '../copy/index.js';
import { DEFAULT_CHUNK_ROWS } from '../plan/key-ranges.js';
import { orderLargestFirst } from '../plan/order-largest-first.js';
import type { StageListener, StageSummary } from '../run/events.js';
import { withReleasers } from '../run/releasers.js';
import type { BackoffOptions } from '../run/retry.js';
import { runStage } from '../run/run-stage.js';
import { ensureLoadedRangesTable } from '../postgres/loaded-ranges.js';
import { createDataTableWorker } from './data-table-worker.js';
import { planTrackedStage, windowFields } from './plan-stage.js';
import type { WindowOptions } from './replicate-schema.js';
import type { IsolationLevel, RowSource } from '../sqlserver/contract.js';
import { inThreadRunner, type UnitRunner } from './unit-job.js';
import type { WorkerMemory, WorkerSetup } from '../workers/messages.js';
import { WorkerPool } from '../workers/worker-pool.js';

export interface SyncDataOptions extends WindowOptions {
  readonly parallel: number;
  readonly retries: number;
  readonly isolation: IsolationLevel;
  readonly nolock: boolean;
  readonly truncate: boolean;
  readonly encoder: EncoderOptions;
  /** About this many rows per key range of a big table (default 2,000,000); 0 disables chunks. */
  readonly chunkRows?: number;
  /** Tests shorten the 1 s / 2 s / 4 s backoff. */
  readonly backoff?: BackoffOptions;
}

export interface SyncDataDeps {
  readonly config: ResolvedConfig;
  /** Opened by the caller, sized for `parallel` concurrent reads; closed by the caller. */
  readonly source: RowSource;
  readonly openTarget: (maxConnections: number) => Promise<pg.Pool>;
  readonly listener?: StageListener;
  readonly signal?: AbortSignal;
  /**
   * Run units on `parallel` worker threads, each opening its own source from this spec and its
   * own Postgres connection. Without it, units run in this thread over `source`.
   */
  readonly workers?: WorkerSetup & { readonly onMemory?: (workers: readonly WorkerMemory[]) => void };
}

/**
 * Stage 2: copy every table of the window, largest first, `parallel` units at a time (a unit is
 * a whole table in one transaction, or one key range of a big table), each recorded in
 * progress/data_sync_progress.json only after COMMIT.
 */
export async function syncData(deps: SyncDataDeps, o: SyncDataOptions): Promise<StageSummary> {
  return withReleasers(async (onRelease) => {
    const catalog = await deps.source.loadCatalog();
    const { tracker, byName, plan, names } = await planTrackedStage({
      catalog, config: deps.config, stage: 'data', window: o, dryRun: false, onRelease, listener: deps.listener,
    });
    // One connection per unit in flight, plus one for the small queries around them.
    const pool = await deps.openTarget(o.parallel + 1);
    onRelease(() => pool.end());

    const notices: string[] = [];
    if (o.nolock) {
      notices.push('Read with NOLOCK: SQL Server may skip or double-read rows that change during the copy. Verify counts.');
    }
    if (!o.truncate) {
      notices.push('--no-truncate: target tables were not emptied first; rows already there stay and may be duplicated.');
    }
    // No worker is started for a run with nothing to do (e.g. --resume after everything completed).
    const runUnit = plan.toRun.length === 0 ? inThreadRunner(deps.source, pool) : await unitRunner(deps, o.parallel, pool, onRelease);
    let rangeTable: Promise<void> | null = null;
    const ensureRangeTable = (): Promise<void> => (rangeTable ??= ensureLoadedRangesTable(pool));
    const estimate = (t: string): number => byName.get(t)?.rowCountEstimate ?? 0;
    return runStage({
      stage: 'data',
      ...windowFields(plan),
      toRun: orderLargestFirst(plan.toRun, estimate),
      estimatedRows: estimate,
      tracker,
      concurrency: o.parallel,
      failFast: o.failFast,
      signal: deps.signal,
      listener: deps.listener,
      notices,
      runTable: createDataTableWorker({
        byName,
        names,
        source: deps.source,
        pool,
        truncate: o.truncate,
        retries: o.retries,
        backoff: o.backoff,
        isolation: o.isolation,
        nolock: o.nolock,
        encoder: o.encoder,
        resume: o.resume,
        chunkRows: o.chunkRows ?? DEFAULT_CHUNK_ROWS,
        units: pLimit(Math.max(1, o.parallel)),
        runUnit,
        ensureRangeTable,
      }),
    });
  });
}

async function unitRunner(
  deps: SyncDataDeps,
  parallel: number,
  pool: pg.Pool,
  onRelease: (release: () => Promise<void> | void) => void,
): Promise<UnitRunner> {
  if (deps.workers === undefined) return inThreadRunner(deps.source, pool);
  const workers = await WorkerPool.open({ source: deps.workers.source, targetUrl: deps.workers.targetUrl }, Math.max(1, parallel));
  const onMemory = deps.workers.onMemory;
  onRelease(async () => {
    await workers.close();
    onMemory?.(workers.memory());
  });
  return workers.run;
}
