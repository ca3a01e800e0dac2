import pLimit from 'p-limit';
import type pg from 'pg';
import { DEFAULTS } from '../config/defaults.js';
import type { ResolvedConfig } from '../config/types.js';
import { inThreadRunner } from '../load/copy-unit.js';
import type { LoadSettings, ReadSettings } from '../load/settings.js';
import type { UnitRunner } from '../load/unit-job.js';
import { ensureLoadedRangesTable } from '../postgres/loaded-ranges.js';
import type { StageSummary } from '../run/events.js';
import { withReleasers, type Releaser } from '../run/releasers.js';
import { runStage } from '../run/run-stage.js';
import type { WindowOptions } from '../run/window.js';
import type { EncoderFault } from '../copy/index.js';
import type { RowSource } from '../sqlserver/contract.js';
import type { WorkerMemory, WorkerSetup } from '../workers/messages.js';
import { WorkerPool } from '../workers/worker-pool.js';
import { createDataTableRunner } from './data-table-runner.js';
import { checkDataStage, type SourceGrantReader } from './check-grants.js';
import { changedSinceCompleted } from './completed-identity.js';
import { planStage, planTrackedStage } from './plan-stage.js';
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
  /** Units run elsewhere (a distributed run's queue, src/distributed); overrides `workers`. */
  readonly external?: ExternalUnits;
  /** Tests only: wraps each unit's COPY encoder (src/copy/row-encoder.ts EncoderFault); units in this thread only. */
  readonly encoderFault?: EncoderFault;
  /** The source login's grants, checked before any table is touched (absent: not checked). */
  readonly sourceGrants?: SourceGrantReader;
}

/**
 * Units handed to someone else: `runUnit` resolves once the unit committed (or rejects with why
 * it did not). Up to `inFlight` units, and as many tables, are under way at once, since the
 * limit is the workers', not this process's. That executor retries transient failures itself,
 * so the stage loop does not retry them a second time.
 */
export interface ExternalUnits {
  readonly runUnit: UnitRunner;
  readonly inFlight: number;
}

/**
 * Stage 2: copy every table of the window, largest first, `parallel` units at a time (a unit is
 * a whole table in one transaction, or one key range of a big table), each recorded in
 * progress/data_sync_progress.json only after COMMIT.
 */
export async function syncData(deps: SyncDataDeps, o: SyncDataOptions): Promise<StageSummary> {
  return withReleasers(async (onRelease) => {
    const catalog = await deps.source.loadCatalog();
    const tracked = await planTrackedStage({
      catalog, config: deps.config, stage: 'data', window: o.window, dryRun: false, onRelease, listener: deps.listener,
    });
    const external = deps.external;
    // One connection per unit in flight, plus one for the small queries around them; units run
    // elsewhere need only the small queries.
    const pool = await deps.openTarget(external === undefined ? o.parallel + 1 : 4);
    onRelease(() => pool.end());
    const statusOf = (t: string) => tracked.tracker.statusOf(t);
    const restarts = o.window.resume ? await changedSinceCompleted(pool, tracked, statusOf) : new Map<string, string>();
    // Completed tables whose target changed are planned as if they had failed: loaded again.
    const planned =
      restarts.size === 0
        ? tracked
        : { ...tracked, ...planStage(catalog, deps.config, o.window, (t) => (restarts.has(t) ? 'failed' : statusOf(t)?.status)) };
    if (planned.plan.toRun.length > 0) {
      await checkDataStage(
        { pool, planned, source: deps.sourceGrants, listener: deps.listener },
        { truncate: o.load.truncate, chunkRows: o.load.chunkRows, resume: o.window.resume, hasChunkPlan: (t) => planned.tracker.statusOf(t)?.chunk_plan !== undefined },
      );
    }
    // No worker is started for a run with nothing to do (e.g. --resume after everything completed).
    const runUnit =
      external?.runUnit ??
      (planned.plan.toRun.length === 0 ? inThreadRunner({ source: deps.source, pool }) : await unitRunner(deps, o, pool, onRelease));
    const inFlight = external?.inFlight ?? o.parallel;
    let rangeTable: Promise<void> | null = null;
    return runStage({
      ...stageRunBase('data', planned, planned.tracker, { ...deps, failFast: o.window.failFast }),
      toRun: largestFirst(planned),
      concurrency: inFlight,
      notices: loadNotices(o),
      runTable: createDataTableRunner({
        source: deps.source,
        pool,
        read: o.read,
        load: external === undefined ? o.load : { ...o.load, retries: 0 },
        resume: o.window.resume,
        units: pLimit(Math.max(1, inFlight)),
        runUnit,
        ensureRangeTable: () => (rangeTable ??= ensureLoadedRangesTable(pool)),
        decoderFallbacks: new Set(),
        restarts,
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

async function unitRunner(deps: SyncDataDeps, o: SyncDataOptions, pool: pg.Pool, onRelease: (release: Releaser) => void): Promise<UnitRunner> {
  if (deps.workers === undefined) return inThreadRunner({ source: deps.source, pool, encoderFault: deps.encoderFault });
  if (deps.encoderFault !== undefined) throw new Error('internal: an encoder fault cannot cross to worker threads');
  const youngGeneration = o.read.decoder ? { youngGenerationMb: DEFAULTS.decoderWorkerYoungGenerationMb } : {};
  const { source, targetUrl, targetTimeouts } = deps.workers;
  const workers = await WorkerPool.open({ source, targetUrl, targetTimeouts, ...youngGeneration }, Math.max(1, o.parallel));
  const onMemory = deps.workers.onMemory;
  onRelease(async () => {
    await workers.close();
    onMemory?.(workers.memory());
  });
  return workers.run;
}
