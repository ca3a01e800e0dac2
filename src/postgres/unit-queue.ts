/**
 * The queue that hands stage-2 units to workers on any host: pg-boss 12, in the schema
 * `mssql2pg_queue` of the target database. Claims are SKIP LOCKED; a worker that stops beating
 * its heartbeat (kill -9, host lost) has its unit failed by any instance's supervisor and
 * claimed again after the retry delay; group concurrency caps units per source server across
 * every worker. The queue only hands out work: a unit is done when its record is in
 * mssql2pg.loaded_ranges, never because the queue says so (src/postgres/run-state.ts).
 *
 * One queue for every run (`units`), so the cap per source server holds across runs: pg-boss
 * counts a group's active jobs within one queue. Policy `exclusive`: one live job (queued or
 * active) per singleton key, the unit's id, so a resumed coordinator cannot queue a unit twice.
 */
import type { Job, JobWithMetadata, PgBoss } from 'pg-boss';
import { redactRegisteredSecrets } from '../config/redact.js';

export const QUEUE_SCHEMA = 'mssql2pg_queue';
export const UNIT_QUEUE = 'units';
/** pg-boss refuses an expiration above 24 hours; the heartbeat, not this, finds a dead worker. */
const MAX_EXPIRE_SECONDS = 24 * 60 * 60;

export interface QueueTiming {
  /** A claim whose heartbeat is this old is failed and retried (pg-boss: at least 10). */
  readonly heartbeatSeconds: number;
  /** How often a waiting worker asks for a unit. */
  readonly pollSeconds: number;
}

export interface QueueRetry {
  readonly retries: number;
  readonly baseMs: number;
  readonly capMs: number;
}

export interface UnitJobData {
  readonly run: string;
  readonly unit: string;
}

export interface QueuedUnit<T extends UnitJobData> {
  readonly data: T;
  /** Higher first: the coordinator's largest-first order. */
  readonly priority: number;
  /** The source server: at most --max-per-source of its units run at once, fleet-wide. */
  readonly group: string;
}

export type ClaimedUnit<T> = JobWithMetadata<T>;

export interface UnitQueue {
  /** Queues a unit; returns its job id, or null when a live job for the same unit exists. */
  send<T extends UnitJobData>(unit: QueuedUnit<T>, retry: QueueRetry): Promise<string | null>;
  /** Calls `handle` for each claimed unit, `concurrency` at once; resolves once registered. */
  work<T>(o: WorkOptions, handle: (job: ClaimedUnit<T>) => Promise<void>): Promise<void>;
  /** Stops claiming and waits for the units being handled to return. */
  stopWorking(): Promise<void>;
  /** Cancels a run's jobs: only the queued ones, or every live one (a claim then aborts at its next heartbeat). */
  cancelRun(runId: string, which: 'queued' | 'all'): Promise<number>;
  /** Cancels these units' queued jobs (a claimed one keeps running to its end). */
  cancelQueuedUnits(runId: string, unitIds: ReadonlySet<string>): Promise<void>;
  /** The id of a unit's live (queued or active) job, or null. */
  liveJobId(unitId: string): Promise<string | null>;
  /** Jobs of a run that the queue ended by itself (failed, cancelled): what no worker could record. */
  endedJobs(runId: string): Promise<{ id: string; unit: string; state: string; message: string }[]>;
  close(): Promise<void>;
}

export interface WorkOptions {
  readonly concurrency: number;
  /** --max-per-source; null: no cap. */
  readonly maxPerSource: number | null;
}

export async function openUnitQueue(url: string, timing: QueueTiming, o: { readonly role: string; readonly onError: (message: string) => void }): Promise<UnitQueue> {
  // Loaded here, not at the top: only distributed runs use it, and it weighs about 4.5 MB of
  // heap in every process that loads it (sync data, verify and status without a queue do not).
  const { PgBoss: Boss } = await import('pg-boss');
  const boss = new Boss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    application_name: `mssql2pg-${o.role}`,
    max: 4,
    // Lost heartbeats are found by whichever instance supervises next: often enough that a dead
    // worker's unit goes back within about one heartbeat window.
    // pg-boss's heartbeat sweep is part of the monitor pass, which also waits for this interval.
    superviseIntervalSeconds: Math.max(1, Math.floor(timing.heartbeatSeconds / 3)),
    monitorIntervalSeconds: Math.max(1, Math.floor(timing.heartbeatSeconds / 3)),
    schedule: false,
    openTelemetry: { enabled: false },
  });
  // An EventEmitter 'error' without a listener would end the process; pg-boss reports here the
  // failures of its own background work (supervise, heartbeats), which it retries by itself.
  boss.on('error', (err: unknown) => o.onError(redactRegisteredSecrets(err instanceof Error ? err.message : String(err))));
  await boss.start();
  await boss.createQueue(UNIT_QUEUE, { policy: 'exclusive', heartbeatSeconds: timing.heartbeatSeconds, expireInSeconds: MAX_EXPIRE_SECONDS });
  let working = false;
  return {
    async send(unit, retry) {
      return boss.send(UNIT_QUEUE, unit.data, {
        singletonKey: unit.data.unit,
        priority: unit.priority,
        group: { id: unit.group },
        retryLimit: retry.retries,
        retryDelay: Math.max(1, Math.round(retry.baseMs / 1000)),
        retryBackoff: true,
        retryDelayMax: Math.max(1, Math.round(retry.capMs / 1000)),
        heartbeatSeconds: timing.heartbeatSeconds,
        expireInSeconds: MAX_EXPIRE_SECONDS,
      });
    },
    async work(w, handle) {
      working = true;
      await boss.work(
        UNIT_QUEUE,
        {
          includeMetadata: true,
          batchSize: 1,
          localConcurrency: w.concurrency,
          pollingIntervalSeconds: timing.pollSeconds,
          ...(w.maxPerSource === null ? {} : { groupConcurrency: w.maxPerSource }),
        },
        async (jobs) => {
          for (const job of jobs) await handle(job as ClaimedUnit<never>);
        },
      );
    },
    async stopWorking() {
      if (!working) return;
      working = false;
      await boss.offWork(UNIT_QUEUE, { wait: true });
    },
    async cancelRun(runId, which) {
      const jobs = await runJobs(boss, runId, which === 'queued');
      const live = jobs.filter((j) => j.state === 'created' || j.state === 'retry' || (which === 'all' && j.state === 'active'));
      if (live.length > 0) await boss.cancel(UNIT_QUEUE, live.map((j) => j.id));
      return live.length;
    },
    async cancelQueuedUnits(runId, unitIds) {
      const jobs = await runJobs(boss, runId, true);
      const ids = jobs.filter((j) => unitIds.has((j.data as UnitJobData).unit)).map((j) => j.id);
      if (ids.length > 0) await boss.cancel(UNIT_QUEUE, ids);
    },
    async liveJobId(unitId) {
      const jobs = await boss.findJobs<unknown>(UNIT_QUEUE, { key: unitId });
      return jobs.find((j) => j.state === 'created' || j.state === 'retry' || j.state === 'active')?.id ?? null;
    },
    async endedJobs(runId) {
      const jobs = await runJobs(boss, runId, false);
      return jobs
        .filter((j) => j.state === 'failed' || j.state === 'cancelled')
        .map((j) => ({ id: j.id, unit: (j.data as UnitJobData).unit, state: j.state, message: outputMessage(j.output) }));
    },
    async close() {
      await boss.stop({ graceful: false, close: true });
    },
  };
}

async function runJobs(boss: PgBoss, runId: string, queuedOnly: boolean): Promise<JobWithMetadata<unknown>[]> {
  const all: JobWithMetadata<unknown>[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await boss.findJobs<unknown>(UNIT_QUEUE, { data: { run: runId }, queued: queuedOnly, limit: 10_000, after });
    all.push(...page);
    if (page.length < 10_000) return all;
    after = page[page.length - 1]!.id;
  }
}

/** pg-boss stores a thrown error as its serialisation, its own timeouts as `{ value: { message } }`. */
function outputMessage(output: unknown): string {
  const o = output as { message?: unknown; value?: { message?: unknown } } | null;
  const message = o?.message ?? o?.value?.message;
  return typeof message === 'string' ? message : 'no reason recorded';
}

export type { Job };
