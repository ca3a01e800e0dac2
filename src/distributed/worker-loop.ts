/**
 * `mssql2pg worker`: claims units from the queue and copies each with stage 2's own unit code on
 * worker threads (one transaction per unit, its record in mssql2pg.loaded_ranges committed with
 * the rows). It serves whichever run has work, reading each unit's source with credentials it
 * finds for that server and database itself (the queue holds none).
 *
 * A unit's outcome, as the queue and the run state see it:
 * - committed: done (its record is the proof);
 * - its record was already there (a second claim of a unit, e.g. after a lost heartbeat): the
 *   second commit failed on the record's primary key and was rolled back; dropped, done;
 * - a transient error with attempts left: thrown, so the queue retries it after its backoff;
 * - anything else: recorded failed with the message stage 2 gives, and settled in the queue.
 */
import { DEFAULTS } from '../config/defaults.js';
import { hostname } from 'node:os';
import { formatError } from '../run/format-error.js';
import { isTransientError } from '../run/retry.js';
import { quotePgQualified } from '../ddl/quote.js';
import { rangeLabel } from '../plan/key-ranges.js';
import { unitLabel, type UnitJob } from '../load/unit-job.js';
import { openTargetPool } from '../postgres/pool.js';
import {
  committedRecord, ensureRunStateTables, markUnitDone, markUnitFailed, markUnitRunning, reportUnitRows, runStatus,
} from '../postgres/run-state.js';
import { openUnitQueue, type ClaimedUnit, type QueueTiming } from '../postgres/unit-queue.js';
import type { SourceSpec } from '../workers/source-spec.js';
import { WorkerPool } from '../workers/worker-pool.js';
import { sourceKey, type SourceIdentity } from './source-identity.js';
import { fromWire, recordOf, type UnitMessage } from './unit-message.js';

export interface WorkerLoopDeps {
  readonly targetUrl: string;
  /** How this worker reads a source: a spec with its own credentials, or null when it has none. */
  readonly sourceSpecFor: (source: SourceIdentity) => SourceSpec | null;
  readonly log: (line: string) => void;
  /** The name this worker shows in the run state (default: the host name). */
  readonly host?: string;
}

export interface WorkerLoopOptions {
  /** Units this worker copies at once, each on its own thread. */
  readonly parallel: number;
  /** Units of one source server at once over every worker (null: no cap). */
  readonly maxPerSource: number | null;
  readonly timing: QueueTiming;
}

export interface WorkerTally {
  done: number;
  dropped: number;
  failed: number;
  retried: number;
}

export interface RunningWorker {
  /** Stops claiming; resolves when the units in hand have ended and everything is closed. */
  stop(): Promise<WorkerTally>;
  /** Aborts the units in hand (rolled back; the queue gives them to another worker). */
  abortUnits(reason: Error): void;
}

/** Throttle for the rows-read reports in the run state. */
const REPORT_MS = 2000;

export async function startWorkerLoop(deps: WorkerLoopDeps, o: WorkerLoopOptions): Promise<RunningWorker> {
  const host = deps.host ?? hostname();
  const db = await openTargetPool(deps.targetUrl, 2);
  const pools = new Map<string, Promise<WorkerPool>>();
  const hard = new AbortController();
  const tally: WorkerTally = { done: 0, dropped: 0, failed: 0, retried: 0 };
  const slots = new SlotNumbers();
  let queue;
  try {
    await ensureRunStateTables(db);
    queue = await openUnitQueue(deps.targetUrl, o.timing, { role: 'worker', onError: (m) => deps.log(`queue: ${m}`) });
  } catch (err) {
    await db.end();
    throw err;
  }
  const poolFor = (spec: SourceSpec): Promise<WorkerPool> => {
    const key = JSON.stringify([spec.module, spec.exportName]) + sourceKeyOfSpec(spec);
    let pool = pools.get(key);
    if (pool === undefined) {
      // Units read through the TDS decoder unless their run says otherwise (src/workers/messages.ts).
      pool = WorkerPool.open({ source: spec, targetUrl: deps.targetUrl, youngGenerationMb: DEFAULTS.decoderWorkerYoungGenerationMb }, Math.max(1, o.parallel));
      pool.catch(() => pools.delete(key));
      pools.set(key, pool);
    }
    return pool;
  };

  const handle = async (claimed: ClaimedUnit<UnitMessage>): Promise<void> => {
    const m = claimed.data;
    const key = { runId: m.run, unitId: m.unit };
    const status = await runStatus(db, m.run);
    if (status !== 'running') {
      // Superseded or finished since it was queued: nothing wants this unit any more.
      tally.dropped += 1;
      return;
    }
    const slot = slots.take();
    const slotName = `${host}:${process.pid}:${slot}`;
    try {
      const spec = deps.sourceSpecFor(m.source);
      if (spec === null) {
        tally.failed += 1;
        await markUnitFailed(db, key, 'failed', noCredentials(m.source, host));
        deps.log(noCredentials(m.source, host));
        return;
      }
      await markUnitRunning(db, { ...key, attempt: claimed.retryCount + 1, host, pid: process.pid, slot: slotName, claimedAt: claimed.startedOn ?? null });
      await copyClaimed(claimed, key, slotName, await poolFor(spec));
    } finally {
      slots.give(slot);
    }
  };

  const copyClaimed = async (claimed: ClaimedUnit<UnitMessage>, key: { runId: string; unitId: string }, slot: string, pool: WorkerPool): Promise<void> => {
    const m = claimed.data;
    const signal = AbortSignal.any([claimed.signal, hard.signal]);
    const job = fromWire(m.job);
    const what = unitName(job);
    const attempt = claimed.retryCount + 1;
    const startedAt = Date.now();
    let reportedAt = 0;
    try {
      const result = await pool.run(job, signal, (rows) => {
        const now = Date.now();
        if (now - reportedAt < REPORT_MS) return;
        reportedAt = now;
        void reportUnitRows(db, key, slot, rows).catch(() => {});
      });
      await markUnitDone(db, key, result.rows, result.bytes);
      tally.done += 1;
      deps.log(`${what}: ${result.rows.toLocaleString('en-US')} rows committed in ${((Date.now() - startedAt) / 1000).toFixed(1)} s${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
    } catch (err) {
      if (isDuplicateRecord(err)) {
        // Another claim of this unit committed first; this copy was rolled back whole.
        const record = recordOf(m.job);
        const committed = await committedRecord(db, quotePgQualified(m.job.names.schema, m.job.names.table), record.chunkPlan, rangeLabel(record.range));
        if (committed !== null) await markUnitDone(db, key, committed.rows, null);
        tally.dropped += 1;
        deps.log(`${what}: already committed by another claim; this copy was rolled back and dropped`);
        return;
      }
      if (claimed.signal.aborted && !hard.signal.aborted) {
        // The claim went away (its heartbeat was lost, or the run cancelled it): the queue has
        // already given the unit to someone else, or to no one; this copy was rolled back.
        tally.dropped += 1;
        deps.log(`${what}: its claim ended (heartbeat lost or run cancelled); this copy was rolled back`);
        return;
      }
      const message = formatError(err);
      const attemptsLeft = claimed.retryCount < claimed.retryLimit;
      if ((isTransientError(err) || hard.signal.aborted) && attemptsLeft) {
        tally.retried += 1;
        await markUnitFailed(db, key, 'retrying', message).catch(() => {});
        deps.log(`${what}: rolled back, the queue retries it (attempt ${attempt} of ${claimed.retryLimit + 1}): ${message}`);
        throw err;
      }
      tally.failed += 1;
      await markUnitFailed(db, key, 'failed', message);
      deps.log(`${what}: failed: ${message}`);
    }
  };

  await queue.work<UnitMessage>({ concurrency: Math.max(1, o.parallel), maxPerSource: o.maxPerSource }, handle);
  const q = queue;
  let stopping: Promise<WorkerTally> | null = null;
  return {
    abortUnits: (reason) => hard.abort(reason),
    stop: () =>
      (stopping ??= (async () => {
        try {
          await q.stopWorking();
        } finally {
          await Promise.allSettled([...pools.values()].map(async (p) => (await p).close()));
          await q.close().catch(() => {});
          await db.end();
        }
        return tally;
      })()),
  };
}

/** A unit as the worker's log names it: the source table, and its key range when it has one. */
function unitName(job: UnitJob): string {
  const range = unitLabel(job);
  return `${job.table.schema}.${job.table.name}${range === null ? '' : `, ${range}`}`;
}

/** Postgres refused the unit's record: a unique violation on mssql2pg.loaded_ranges's key. */
export function isDuplicateRecord(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < 6; depth++) {
    const e = current as { code?: unknown; constraint?: unknown; table?: unknown; cause?: unknown };
    if (e.code === '23505' && (e.table === 'loaded_ranges' || (typeof e.constraint === 'string' && e.constraint.startsWith('loaded_ranges')))) return true;
    current = e.cause;
  }
  return false;
}

function noCredentials(source: SourceIdentity, host: string): string {
  return (
    `worker ${host} has no credentials for SQL Server ${sourceKey(source)}: add it to the file given to ` +
    'mssql2pg worker --sources (or set MSSQL_URL on that host), then run sync data --distributed --resume'
  );
}

/** A pool per source: the spec's args name the server and database (the credentials stay in the thread). */
function sourceKeyOfSpec(spec: SourceSpec): string {
  const first = spec.args[0] as { host?: unknown; port?: unknown; instanceName?: unknown; database?: unknown } | undefined;
  return JSON.stringify([first?.host, first?.port, first?.instanceName, first?.database]);
}

/** Slot numbers of the units in hand, lowest free first: a slot's claims follow each other (bench figures). */
class SlotNumbers {
  private readonly used = new Set<number>();
  take(): number {
    let n = 1;
    while (this.used.has(n)) n++;
    this.used.add(n);
    return n;
  }
  give(n: number): void {
    this.used.delete(n);
  }
}
