import pLimit from 'p-limit';
import type pg from 'pg';
import type { ResolvedConfig } from '../config/types.js';
import { inThreadRunner } from '../load/copy-unit.js';
import type { LoadSettings, ReadSettings } from '../load/settings.js';
import type { UnitRunner } from '../load/unit-job.js';
import { ensureLoadedRangesTable } from '../postgres/loaded-ranges.js';
import type { StageSummary } from '../run/events.js';
import { withReleasers, type Releaser } from '../run/releasers.js';
import { runStage } from '../run/run-stage.js';
import type { WindowOptions } from '../run/window.js';
import type { RowSource } from '../sqlserver/contract.js';
import type { WorkerMemory, WorkerSetup } from '../workers/messages.js';
import { WorkerPool } from '../workers/worker-pool.js';
import { createDataTableRunner } from './data-table-runner.js';
import { checkDataStage, type SourceGrantReader } from './check-grants.js';
import { planTrackedStage } from './plan-stage.js';
import { largestFirst, stageRunBase, type StageControl } from './stage-kit.js';

export interface SyncDataOptions {
  readonly window: WindowOptions;
  /** Units (whole tables or key ranges) in flight at once. */
  readonly parallel: number;
  readonly read: ReadSettings;
  readonly load: LoadSettings;
}

export interface SyncDataDeps extends Omit<StageControl, 'failFast'> {
  readonly config: ResolvedConfig;
  /** Opened by the caller, sized for `parallel` concurrent reads; closed by the caller. */
  readonly source: RowSource;
  readonly openTarget: (maxConnections: number) => Promise<pg.Pool>;
  /**
   * Run units on `parallel` worker threads, each opening its own source from this spec and its
   * own Postgres connection. Without it, units run in this thread over `source`.
   */
  readonly workers?: WorkerSetup & { readonly onMemory?: (workers: readonly WorkerMemory[]) => void };
  /** The source login's grants, checked before any table is touched (absent: not checked). */
  readonly sourceGrants?: SourceGrantReader;
}

/**
 * Stage 2: copy every table of the window, largest first, `parallel` units at a time (a unit is
 * a whole table in one transaction, or one key range of a big table), each recorded in
 * progress/data_sync_progress.json only after COMMIT.
 */
export async function syncData(deps: SyncDataDeps, o: SyncDataOptions): Promise<StageSummary> {
  return withReleasers(async (onRelease) => {
    const catalog = await deps.source.loadCatalog();
    const planned = await planTrackedStage({
      catalog, config: deps.config, stage: 'data', window: o.window, dryRun: false, onRelease, listener: deps.listener,
    });
    // One connection per unit in flight, plus one for the small queries around them.
    const pool = await deps.openTarget(o.parallel + 1);
    onRelease(() => pool.end());
    if (planned.plan.toRun.length > 0) {
      await checkDataStage(
        { pool, planned, source: deps.sourceGrants, listener: deps.listener },
        { truncate: o.load.truncate, chunkRows: o.load.chunkRows, resume: o.window.resume, hasChunkPlan: (t) => planned.tracker.statusOf(t)?.chunk_plan !== undefined },
      );
    }
    // No worker is started for a run with nothing to do (e.g. --resume after everything completed).
    const runUnit =
      planned.plan.toRun.length === 0 ? inThreadRunner({ source: deps.source, pool }) : await unitRunner(deps, o.parallel, pool, onRelease);
    let rangeTable: Promise<void> | null = null;
    return runStage({
      ...stageRunBase('data', planned, planned.tracker, { ...deps, failFast: o.window.failFast }),
      toRun: largestFirst(planned),
      concurrency: o.parallel,
      notices: loadNotices(o),
      runTable: createDataTableRunner({
        source: deps.source,
        pool,
        read: o.read,
        load: o.load,
        resume: o.window.resume,
        units: pLimit(Math.max(1, o.parallel)),
        runUnit,
        ensureRangeTable: () => (rangeTable ??= ensureLoadedRangesTable(pool)),
      }),
    });
  });
}

/** Printed at the start and repeated in the summary: settings that trade safety for something. */
function loadNotices(o: SyncDataOptions): string[] {
  const notices: string[] = [];
  if (o.read.nolock) {
    notices.push('Read with NOLOCK: SQL Server may skip or double-read rows that change during the copy. Verify counts.');
  }
  if (!o.load.truncate) {
    notices.push('--no-truncate: target tables were not emptied first; rows already there stay and may be duplicated.');
  }
  return notices;
}

async function unitRunner(deps: SyncDataDeps, parallel: number, pool: pg.Pool, onRelease: (release: Releaser) => void): Promise<UnitRunner> {
  if (deps.workers === undefined) return inThreadRunner({ source: deps.source, pool });
  const { source, targetUrl, targetTimeouts } = deps.workers;
  const workers = await WorkerPool.open({ source, targetUrl, targetTimeouts }, Math.max(1, parallel));
  const onMemory = deps.workers.onMemory;
  onRelease(async () => {
    await workers.close();
    onMemory?.(workers.memory());
  });
  return workers.run;
}
