import pLimit from 'p-limit';
import { Mssql2pgError } from '../errors.js';
import { childAbort, type ChildAbort } from './child-abort.js';
import type { StageListener, StageSummary } from './events.js';
import { formatError } from './format-error.js';
import type { ContextOf, StageRun } from './stage-run.js';
import { StageTally } from './stage-tally.js';
import { faultOf, RunFault } from './stop-reason.js';

export type { ContextOf, PlannedTable, StageRun, StageTracker, TableContext, TableResult, TableRunner, UnitContext } from './stage-run.js';

/**
 * The orchestrator loop (umzug's shape): run each pending table, record it only after it
 * committed, keep going past failures unless fail-fast, and never start a table after an
 * interrupt. Returns the summary; never throws for a table's failure, nor for a progress file
 * that cannot be written: that stops the run the way an interrupt does (running tables are
 * aborted and rolled back, nothing new starts) and the summary carries it as its `fault`.
 */
export async function runStage<U>(run: StageRun<U>): Promise<StageSummary> {
  const now = run.now ?? Date.now;
  // Aborted by the caller's signal (interrupt, fault) or by fail-fast or a fault found here.
  const stop = childAbort(run.signal);
  const tally = new StageTally();
  const guard = guardedTracker(stop);
  const emit = run.listener ?? (() => {});
  const listener: StageListener = (event) => {
    if (event.type === 'notice') tally.notices.push(event.message);
    emit(event);
  };
  // One clock: the renderers start theirs at this stage:start, the summary's duration ends it.
  const started = now();
  await announce(run, guard, listener, stop.signal);
  for (const table of run.skippedCompleted) tally.earlier += run.tracker.statusOf(table)?.rows_synced ?? 0;

  const runOne = async (table: string): Promise<void> => {
    if (stop.signal.aborted) return tally.skippedByStop(table);
    const position = run.position.get(table) ?? 0;
    const total = run.selected.length;
    const t0 = now();
    const committed = { rows: 0, earlier: 0, bytes: 0 };
    const ctx = tableContext(run, table, stop.signal, listener, tally, guard, committed);
    // A table whose start cannot be recorded is not started: the file must know what runs.
    if (!(await guard.try(() => run.tracker.markStarted(table)))) return tally.skippedByStop(table);
    listener({ type: 'table:start', table, position, total, estimatedRows: run.estimatedRows?.(table) ?? 0 });
    try {
      const result = await run.runTable(ctx);
      const earlier = result.earlierRows ?? 0;
      // Committed, whatever happens to the progress file now: counted as done.
      tally.done(result.rows - earlier, result.bytes ?? 0, earlier);
      await guard.try(() => run.tracker.markCompleted(table, result.rows));
      listener({ type: 'table:done', table, position, total, rows: result.rows, bytes: result.bytes ?? 0, durationMs: now() - t0 });
    } catch (err) {
      const reason = stopReason(run, stop);
      const error = reason !== null ? `interrupted (${formatError(reason === 'interrupt' ? err : reason)})` : formatError(err);
      tally.failed.push({ table, error });
      // Ranges that committed before the failure stay in the table and count (key ranges).
      tally.rows += committed.rows - committed.earlier;
      tally.bytes += committed.bytes;
      tally.earlier += committed.earlier;
      await guard.try(() => run.tracker.markFailed(table, error, committed.rows));
      listener({ type: 'table:fail', table, position, total, error, durationMs: now() - t0 });
      if (run.failFast && !stop.signal.aborted) stop.controller.abort(new Error('fail-fast'));
    }
  };

  try {
    const limit = pLimit(Math.max(1, run.concurrency));
    await Promise.all(run.toRun.map((table) => limit(() => runOne(table))));
  } finally {
    stop.dispose();
    await guard.try(() => run.tracker.flush());
  }
  const fault = faultOf(run.signal) ?? guard.fault();
  return tally.summary({
    stage: run.stage,
    selected: run.selected.length,
    window: run.windowSize,
    toRun: run.toRun,
    skipped: run.skippedCompleted.length,
    durationMs: now() - started,
    interrupted: (run.signal?.aborted ?? false) || fault !== null,
    fault: fault === null ? undefined : formatError(fault),
  });
}

/**
 * Why the running tables are being stopped: an interrupt from outside, a fault (a progress
 * write that failed here, or one the caller's signal carries), or null (fail-fast, or not
 * stopped: the table failed by itself).
 */
function stopReason<U>(run: StageRun<U>, stop: ChildAbort): 'interrupt' | RunFault | null {
  if (!stop.signal.aborted) return null;
  if (stop.signal.reason instanceof RunFault) return stop.signal.reason;
  return run.signal?.aborted === true ? 'interrupt' : null;
}

interface GuardedTracker {
  /** Runs a tracker call; a failure stops the run (once) and resolves false. */
  try(call: () => Promise<void> | void): Promise<boolean>;
  /** The first progress write that failed, as the run's fault. */
  fault(): RunFault | null;
}

/**
 * Progress writes that fail (a full disk, a directory that went read-only) must not kill the
 * process (an unhandled rejection) nor leave running units committing into a run whose file no
 * longer follows: the first failure aborts the run, with the store's error (which names the
 * file and the OS error) as the reason. Later writes are still tried: an "interrupted" mark
 * that does reach the file helps the next run.
 */
function guardedTracker(stop: ChildAbort): GuardedTracker {
  let first: RunFault | null = null;
  return {
    async try(call) {
      try {
        await call();
        return true;
      } catch (err) {
        if (first === null) {
          // The store's message already names the file and the OS error; formatError adds the code.
          first = new RunFault(`${err instanceof Error ? err.message : String(err)}. The run stopped: its progress could not be saved`, { cause: err });
          // A no-op when already stopped (an interrupt): the fault is still reported.
          stop.controller.abort(first);
        }
        return false;
      }
    },
    fault: () => first,
  };
}

/** The start of a run: its event and notices, the window and pending tables in the file, the skips. */
async function announce<U>(run: StageRun<U>, guard: GuardedTracker, listener: StageListener, stopped: AbortSignal): Promise<void> {
  const total = run.selected.length;
  listener({ type: 'stage:start', stage: run.stage, selected: total, window: run.windowSize, toRun: run.toRun.length, skipped: run.skippedCompleted });
  for (const message of run.notices ?? []) listener({ type: 'notice', message });
  // The file shows what is left from the start; an interrupt before the start writes nothing.
  if (!stopped.aborted) {
    if (run.command !== undefined) await guard.try(() => run.tracker.recordCommand?.(run.command!));
    if (run.windowRecord !== undefined) await guard.try(() => run.tracker.recordWindow?.(run.windowRecord!));
    await guard.try(() => run.tracker.markPending(run.toRun));
  }
  for (const table of run.skippedCompleted) {
    listener({ type: 'table:skip', table, position: run.position.get(table) ?? 0, total });
  }
}

function tableContext<U>(
  run: StageRun<U>,
  table: string,
  signal: AbortSignal,
  listener: StageListener,
  tally: StageTally,
  guard: GuardedTracker,
  committed: { rows: number; earlier: number; bytes: number },
): ContextOf<U> {
  const planned = run.tables.get(table);
  if (planned === undefined) throw new Mssql2pgError(`internal: ${table} is in the run but not in its plan`);
  const previous = run.tracker.statusOf(table);
  return {
    ...planned,
    table,
    signal,
    previous: previous ? { ...previous } : undefined,
    reportRows: (rows, bytes) => {
      void guard.try(() => run.tracker.updateRows(table, rows));
      listener({ type: 'table:progress', table, rows, bytes });
    },
    reportCommitted: (rows, earlier, bytes) => {
      Object.assign(committed, { rows, earlier, bytes });
    },
    reportChunks: async (chunks) => {
      // A range plan that is not in the file must not start: the runner gets the error.
      if (!(await guard.try(() => run.tracker.updateChunks?.(table, chunks)))) throw guard.fault()!;
      if (chunks !== null) listener({ type: 'table:chunks', table, done: chunks.chunks_done, total: chunks.chunks_total });
    },
    reportTarget: (target) => run.tracker.updateTarget?.(table, target),
    warn: (message) => {
      tally.warnings.push({ table, message });
      listener({ type: 'table:warning', table, message });
    },
    emit: listener,
  };
}
