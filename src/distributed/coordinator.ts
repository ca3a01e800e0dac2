/**
 * `sync data --distributed`: the coordinator. It plans exactly as sync data does (window,
 * largest first, key ranges, resume) and runs sync data's own loop, but each unit is put in the
 * queue for `mssql2pg worker` processes on any host (queue-runner.ts). It renders progress and
 * writes the progress file and summary from what committed. With `parallel > 0` it also runs a
 * worker loop itself.
 *
 * A run is registered in mssql2pg.dist_runs by its source (server and database). `--resume`
 * continues the latest unfinished run of that source (its queued units stay queued); a fresh
 * run supersedes earlier ones and cancels their queued units.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import { UsageError } from '../errors.js';
import type { StageSummary } from '../run/events.js';
import { withReleasers } from '../run/releasers.js';
import { claimRun, ensureRunStateTables, insertRun, latestOpenRun, setRunStatus, supersedeRuns } from '../postgres/run-state.js';
import { openUnitQueue, type QueueTiming, type UnitQueue } from '../postgres/unit-queue.js';
import { syncData, type SyncDataDeps, type SyncDataOptions } from '../stages/sync-data.js';
import { QueueRunner } from './queue-runner.js';
import { serverKey, sourceKey, type SourceIdentity } from './source-identity.js';
import type { RunningWorker } from './worker-loop.js';

export interface DistributedSettings {
  readonly timing: QueueTiming;
  /** Units queued or running at once (and tables under way). */
  readonly queueDepth: number;
}

export interface CoordinatorDeps extends Omit<SyncDataDeps, 'workers' | 'external'> {
  readonly identity: SourceIdentity;
  readonly targetUrl: string;
  /** Starts this process's own worker loop (`--parallel` units; not called with --parallel 0). */
  readonly startLocalWorker?: () => Promise<RunningWorker>;
  /** Tells the caller how to cancel the run's running units (the second Ctrl-C). */
  readonly onCancelHandle?: (cancelRunning: () => Promise<void>) => void;
}

export interface CoordinatorOptions extends SyncDataOptions {
  readonly distributed: DistributedSettings;
}


export async function coordinate(deps: CoordinatorDeps, o: CoordinatorOptions): Promise<StageSummary> {
  return withReleasers(async (onRelease) => {
    const db = await deps.openTarget(3);
    onRelease(() => db.end());
    await ensureRunStateTables(db);
    const queue = await openUnitQueue(deps.targetUrl, o.distributed.timing, {
      role: 'coordinator',
      onError: (message) => deps.listener?.({ type: 'notice', message: `queue: ${message}` }),
    });
    onRelease(() => queue.close());
    const runId = await openRun(db, queue, deps.identity, o.window.resume, o.distributed.timing.heartbeatSeconds);
    deps.listener?.({
      type: 'notice',
      message: `Distributed run ${runId} of ${sourceKey(deps.identity)}: units are queued in ${'mssql2pg_queue'} for mssql2pg worker processes.`,
    });
    let finished = false;
    onRelease(async () => {
      if (!finished) await setRunStatus(db, runId, 'stopped').catch(() => {});
    });
    deps.onCancelHandle?.(async () => {
      await queue.cancelRun(runId, 'all');
    });
    // The first Ctrl-C stops handing out units; the ones being copied run to their end.
    const onInterrupt = (): void => void queue.cancelRun(runId, 'queued').catch(() => {});
    deps.signal?.addEventListener('abort', onInterrupt, { once: true });
    onRelease(() => deps.signal?.removeEventListener('abort', onInterrupt));

    const runner = new QueueRunner({
      queue, db, runId, source: deps.identity, pollMs: Math.min(1000, o.distributed.timing.pollSeconds * 1000),
      retry: { retries: o.load.retries, baseMs: o.load.backoff.baseMs, capMs: o.load.backoff.capMs },
    });
    runner.start();
    onRelease(() => runner.stop());
    if (o.parallel > 0 && deps.startLocalWorker !== undefined) {
      const local = await deps.startLocalWorker();
      onRelease(async () => {
        // A worker in this process stops with the run: its unit in hand ends first (or, after
        // an interrupt, is aborted and rolled back: the run is over for this process).
        if (deps.signal?.aborted) local.abortUnits(new Error('the coordinator was interrupted'));
        await local.stop();
      });
    }
    const { startLocalWorker: _w, onCancelHandle: _c, identity: _i, targetUrl: _t, ...syncDeps } = deps;
    const summary = await syncData({ ...syncDeps, external: { runUnit: runner.runUnit, inFlight: o.distributed.queueDepth } }, o);
    const complete = !summary.interrupted && summary.failed.length === 0 && summary.notRun.length === 0;
    await setRunStatus(db, runId, complete ? 'finished' : 'stopped');
    finished = true;
    return summary;
  });
}

/** A coordinator on this host whose process is gone (kill -9): its run can be taken over at once. */
function deadHere(host: string, pid: number): boolean {
  if (host !== hostname()) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The run id to continue (--resume) or a new one; refuses while another coordinator of this source is alive. */
async function openRun(db: pg.Pool, queue: UnitQueue, identity: SourceIdentity, resume: boolean, heartbeatSeconds: number): Promise<string> {
  const key = sourceKey(identity);
  const open = await latestOpenRun(db, key);
  // The coordinator beats about every second; one silent for a heartbeat window is gone.
  if (open !== null && open.status === 'running' && open.heartbeat_age_s < heartbeatSeconds && !deadHere(open.coordinator_host, open.coordinator_pid)) {
    throw new UsageError(
      `A distributed run of ${key} is already being coordinated by pid ${open.coordinator_pid} on ${open.coordinator_host} ` +
        `(started ${open.started_at.toISOString()}). Stop it first, or wait ${heartbeatSeconds} s if it is gone.`,
    );
  }
  if (resume && open !== null) {
    await claimRun(db, open.run_id, hostname(), process.pid);
    return open.run_id;
  }
  const runId = randomUUID();
  await insertRun(db, { runId, sourceKey: key, sourceGroup: serverKey(identity), host: hostname(), pid: process.pid });
  let cancelled = 0;
  for (const old of await supersedeRuns(db, key, runId)) cancelled += await queue.cancelRun(old, 'all');
  // A cancelled claim learns it at its next heartbeat and rolls back; until then it could still
  // commit into a table this run is about to empty. Let that window pass first.
  if (cancelled > 0) await new Promise((resolve) => setTimeout(resolve, heartbeatSeconds * 1000));
  return runId;
}
