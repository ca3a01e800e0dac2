/**
 * The coordinator's UnitRunner: instead of copying a unit, it queues it and waits until the
 * unit's record is in mssql2pg.loaded_ranges (then it committed, with exactly those rows), a
 * worker recorded it failed for good, or the queue gave up on it (its last attempt's heartbeat
 * was lost). So sync data's own loop (plan, largest first, key ranges, resume, progress file,
 * summary) drives a distributed run unchanged: only where a unit runs differs.
 *
 * One poll loop for all waiting units (one query), not one per unit.
 */
import type pg from 'pg';
import { qualifiedName } from '../catalog/model.js';
import { quotePgQualified } from '../ddl/quote.js';
import { Mssql2pgError } from '../errors.js';
import type { UnitResult, UnitRunner } from '../load/unit-job.js';
import { rangeLabel } from '../plan/key-ranges.js';
import { beatRun, committedRecord, forgetWholeTableRecords, markUnitDone, unitOutcomes, upsertWaitingUnit, type UnitOutcome } from '../postgres/run-state.js';
import { identityOf, type TargetIdentity } from '../postgres/table-identity.js';
import type { QueueRetry, UnitQueue } from '../postgres/unit-queue.js';
import { serverKey, type SourceIdentity } from './source-identity.js';
import { WHOLE_TABLE_PLAN_PREFIX, distributedJob, recordOf, toWire, unitId, type UnitMessage } from './unit-message.js';

export interface QueueRunnerDeps {
  readonly queue: UnitQueue;
  readonly db: pg.Pool;
  readonly runId: string;
  readonly source: SourceIdentity;
  readonly retry: QueueRetry;
  readonly pollMs: number;
}

interface Waiter {
  readonly unitId: string;
  jobId: string | null;
  readonly resolve: (r: UnitResult) => void;
  readonly reject: (e: unknown) => void;
  readonly signal: AbortSignal;
}

/** How often (in polls) the queue itself is asked about units it ended: a heavier query. */
const RECONCILE_EVERY = 10;

export class QueueRunner {
  private readonly waiting = new Map<string, Waiter>();
  private readonly toCancel = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private polls = 0;
  private polling: Promise<void> = Promise.resolve();

  constructor(private readonly deps: QueueRunnerDeps) {}

  start(): void {
    const tick = (): void => {
      this.polling = this.poll().finally(() => {
        if (this.timer !== null) this.timer = setTimeout(tick, this.deps.pollMs);
      });
    };
    this.timer = setTimeout(tick, this.deps.pollMs);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.polling;
  }

  readonly runUnit: UnitRunner = async (plain, signal) => {
    signal.throwIfAborted();
    const { db, runId } = this.deps;
    const job = distributedJob(runId, plain);
    const record = recordOf(job);
    const sourceTable = qualifiedName(job.table);
    const targetTable = quotePgQualified(job.names.schema, job.names.table);
    const id = unitId(runId, sourceTable, record);
    const label = rangeLabel(record.range);
    if (job.range === null) await forgetWholeTableRecords(db, targetTable, WHOLE_TABLE_PLAN_PREFIX, record.chunkPlan);
    // A resumed run: what committed before is done, whatever the queue or the state table say.
    const committed = await committedRecord(db, targetTable, record.chunkPlan, label);
    if (committed !== null) {
      await markUnitDone(db, { runId, unitId: id }, committed.rows, null);
      return resultOf(committed.rows, 0, committed.target, targetTable);
    }
    const priority = Math.round(Math.log2(1 + Math.max(0, job.table.rowCountEstimate)) * 1000);
    await upsertWaitingUnit(db, { runId, unitId: id, sourceTable, targetTable, chunkPlan: record.chunkPlan, rangeLabel: label, priority });
    const message: UnitMessage = { run: runId, unit: id, source: this.deps.source, job: toWire(job) };
    const sent = await this.deps.queue.send({ data: message, priority, group: serverKey(this.deps.source) }, this.deps.retry);
    // null: a live job for this unit is still queued or running (a coordinator restarted with --resume).
    const jobId = sent ?? (await this.deps.queue.liveJobId(id));
    return new Promise<UnitResult>((resolve, reject) => {
      const waiter: Waiter = { unitId: id, jobId, resolve, reject, signal };
      this.waiting.set(id, waiter);
      // Stop handing it out; a worker already copying it finishes (its commit still counts).
      signal.addEventListener('abort', () => this.toCancel.add(id), { once: true });
      if (signal.aborted) this.toCancel.add(id);
    });
  };

  private async poll(): Promise<void> {
    const { db, runId } = this.deps;
    try {
      await beatRun(db, runId);
      if (this.toCancel.size > 0) {
        const ids = new Set(this.toCancel);
        this.toCancel.clear();
        await this.deps.queue.cancelQueuedUnits(runId, ids);
      }
      if (this.waiting.size === 0) return;
      for (const o of await unitOutcomes(db, runId, [...this.waiting.keys()])) {
        if (o.committed_rows !== null) this.settle(o.unit_id, (w) => settleCommitted(w, o));
        else if (o.status === 'failed') this.settle(o.unit_id, (w) => w.reject(new Mssql2pgError(o.error ?? 'failed on a worker')));
      }
      if (++this.polls % RECONCILE_EVERY === 0) await this.reconcile();
    } catch {
      // A lost connection: the next poll asks again (the pool reconnects). Nothing is decided
      // from a poll that failed.
    }
  }

  /** Units the queue ended by itself; their record is checked again first (it may have committed just now). */
  private async reconcile(): Promise<void> {
    const ended = (await this.deps.queue.endedJobs(this.deps.runId)).filter((j) => this.waiting.get(j.unit)?.jobId === j.id);
    if (ended.length === 0) return;
    const outcomes = new Map((await unitOutcomes(this.deps.db, this.deps.runId, ended.map((j) => j.unit))).map((o) => [o.unit_id, o]));
    for (const j of ended) {
      const o = outcomes.get(j.unit);
      if (o?.committed_rows != null) {
        this.settle(j.unit, (w) => settleCommitted(w, o));
        continue;
      }
      this.settle(j.unit, (w) => w.reject(w.signal.aborted ? w.signal.reason : queueGaveUp(j.state, j.message)));
    }
  }

  private settle(unit: string, f: (w: Waiter) => void): void {
    const w = this.waiting.get(unit);
    if (w === undefined) return;
    this.waiting.delete(unit);
    f(w);
  }
}

/** A committed unit's result, from its record: the rows it loaded and the table they went into. */
function settleCommitted(w: Waiter, o: UnitOutcome): void {
  try {
    w.resolve(resultOf(Number(o.committed_rows), Number(o.bytes ?? 0), identityOf(o.target_oid, o.target_filenode), w.unitId));
  } catch (err) {
    w.reject(err);
  }
}

function resultOf(rows: number, bytes: number, target: TargetIdentity | null, what: string): UnitResult {
  // Every record written since the resume identity was added holds one; an older one cannot
  // tell which table its rows are in, and a resume must not guess.
  if (target === null) throw new Mssql2pgError(`the record of ${what} in mssql2pg.loaded_ranges holds no target table identity; run sync data --distributed --reset`);
  return { rows, bytes, target };
}

function queueGaveUp(state: string, message: string): Error {
  if (state === 'cancelled') return new Mssql2pgError('the unit was cancelled in the queue before it committed');
  const why = /heartbeat/i.test(message)
    ? 'the worker copying it stopped answering (heartbeat lost) on its last attempt'
    : `the queue failed it: ${message}`;
  return new Mssql2pgError(`${why}; it was rolled back. Run sync data --distributed --resume to load it again.`);
}
