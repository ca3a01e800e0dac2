import pLimit from 'p-limit';
import { Mssql2pgError } from '../errors.js';
import { childAbort } from './child-abort.js';
import type { StageListener, StageSummary } from './events.js';
import { formatError } from './format-error.js';
import type { ContextOf, StageRun } from './stage-run.js';
import { StageTally } from './stage-tally.js';

export type { ContextOf, PlannedTable, StageRun, StageTracker, TableContext, TableResult, TableRunner, UnitContext } from './stage-run.js';

/**
 * The orchestrator loop (umzug's shape): run each pending table, record it only after it
 * committed, keep going past failures unless fail-fast, and never start a table after an
 * interrupt. Returns the summary; never throws for a table's failure.
 */
export async function runStage<U>(run: StageRun<U>): Promise<StageSummary> {
  const now = run.now ?? Date.now;
  const started = now();
  // Aborted by the caller's signal (interrupt) or by fail-fast: no new table starts.
  const stop = childAbort(run.signal);
  const tally = new StageTally();
  const emit = run.listener ?? (() => {});
  const listener: StageListener = (event) => {
    if (event.type === 'notice') tally.notices.push(event.message);
    emit(event);
  };
  await announce(run, listener, stop.signal);

  const runOne = async (table: string): Promise<void> => {
    if (stop.signal.aborted) return tally.skippedByStop(table);
    const position = run.position.get(table) ?? 0;
    const total = run.selected.length;
    const t0 = now();
    const ctx = tableContext(run, table, stop.signal, listener, tally);
    listener({ type: 'table:start', table, position, total, estimatedRows: run.estimatedRows?.(table) ?? 0 });
    await run.tracker.markStarted(table);
    try {
      const result = await run.runTable(ctx);
      await run.tracker.markCompleted(table, result.rows);
      tally.done(result.rows, result.bytes ?? 0);
      listener({ type: 'table:done', table, position, total, rows: result.rows, bytes: result.bytes ?? 0, durationMs: now() - t0 });
    } catch (err) {
      const interrupted = stop.signal.aborted && run.signal?.aborted === true;
      const error = interrupted ? `interrupted (${formatError(err)})` : formatError(err);
      tally.failed.push({ table, error });
      await run.tracker.markFailed(table, error);
      listener({ type: 'table:fail', table, position, total, error, durationMs: now() - t0 });
      if (run.failFast && !stop.signal.aborted) stop.controller.abort(new Error('fail-fast'));
    }
  };

  try {
    const limit = pLimit(Math.max(1, run.concurrency));
    await Promise.all(run.toRun.map((table) => limit(() => runOne(table))));
  } finally {
    stop.dispose();
    await run.tracker.flush();
  }
  return tally.summary({
    stage: run.stage,
    selected: run.selected.length,
    window: run.windowSize,
    toRun: run.toRun,
    skipped: run.skippedCompleted.length,
    durationMs: now() - started,
    interrupted: run.signal?.aborted ?? false,
  });
}

/** The start of a run: its event and notices, the window and pending tables in the file, the skips. */
async function announce<U>(run: StageRun<U>, listener: StageListener, stopped: AbortSignal): Promise<void> {
  const total = run.selected.length;
  listener({ type: 'stage:start', stage: run.stage, selected: total, window: run.windowSize, toRun: run.toRun.length, skipped: run.skippedCompleted });
  for (const message of run.notices ?? []) listener({ type: 'notice', message });
  // The file shows what is left from the start; an interrupt before the start writes nothing.
  if (!stopped.aborted) {
    if (run.windowRecord !== undefined) await run.tracker.recordWindow?.(run.windowRecord);
    await run.tracker.markPending(run.toRun);
  }
  for (const table of run.skippedCompleted) {
    listener({ type: 'table:skip', table, position: run.position.get(table) ?? 0, total });
  }
}

function tableContext<U>(run: StageRun<U>, table: string, signal: AbortSignal, listener: StageListener, tally: StageTally): ContextOf<U> {
  const planned = run.tables.get(table);
  if (planned === undefined) throw new Mssql2pgError(`internal: ${table} is in the run but not in its plan`);
  const previous = run.tracker.statusOf(table);
  return {
    ...planned,
    table,
    signal,
    previous: previous ? { ...previous } : undefined,
    reportRows: (rows, bytes) => {
      void run.tracker.updateRows(table, rows);
      listener({ type: 'table:progress', table, rows, bytes });
    },
    reportChunks: async (chunks) => {
      await run.tracker.updateChunks?.(table, chunks);
    },
    reportTarget: (target) => run.tracker.updateTarget?.(table, target),
    warn: (message) => {
      tally.warnings.push({ table, message });
      listener({ type: 'table:warning', table, message });
    },
    emit: listener,
  };
}
