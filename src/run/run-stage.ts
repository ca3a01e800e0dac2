import pLimit from 'p-limit';
import type { ChunkProgress, TableStageProgress, WindowRecord } from '../progress/types.js';
import type { RunStageName, StageEvent, StageListener, StageSummary, TableOutcome, TableWarning } from './events.js';
import { formatError } from './format-error.js';

/** What the run needs from the progress tracker (src/progress/tracker.ts satisfies it). */
export interface StageTracker {
  statusOf(table: string): TableStageProgress | undefined;
  markPending(tables: readonly string[]): Promise<void>;
  markStarted(table: string): Promise<void>;
  markCompleted(table: string, rowsSynced: number): Promise<void>;
  markFailed(table: string, error: string): Promise<void>;
  updateRows(table: string, rows: number): Promise<void> | void;
  /** Stage 2's key-range plan of a table (optional: other stages have none). */
  updateChunks?(table: string, chunks: ChunkProgress | null): Promise<void>;
  /** The run's batch window (optional: verify keeps no progress file). */
  recordWindow?(window: WindowRecord | null): Promise<void>;
  flush(): Promise<void>;
}

/** Per-table context handed to the stage's table worker. */
export interface TableContext {
  readonly table: string;
  /** Aborted on interrupt (SIGINT/SIGTERM) or fail-fast: the worker must stop and roll back. */
  readonly signal: AbortSignal;
  /** Status recorded by an earlier run, before this run touched it (resume decisions). */
  readonly previous: TableStageProgress | undefined;
  reportRows(rows: number, bytes: number): void;
  /** Persists the table's range plan and progress (stage 2); resolves once written. */
  reportChunks(chunks: ChunkProgress | null): Promise<void>;
  warn(message: string): void;
  emit(event: StageEvent): void;
}

export interface TableResult {
  readonly rows: number;
  readonly bytes?: number;
}

export interface StageRun {
  readonly stage: RunStageName;
  /** Tables after include/exclude (sorted): positions in "[45/300]" count within this list. */
  readonly selected: readonly string[];
  /** Window tables to run, in the order to start them. */
  readonly toRun: readonly string[];
  readonly skippedCompleted: readonly string[];
  readonly windowSize: number;
  /** The batch window to record in the progress file (undefined: leave the file's as it is). */
  readonly windowRecord?: WindowRecord | null;
  readonly position: ReadonlyMap<string, number>;
  readonly estimatedRows?: (table: string) => number;
  readonly tracker: StageTracker;
  readonly concurrency: number;
  readonly failFast: boolean;
  /** Aborted by the interrupt handler: no new table starts, running ones are aborted. */
  readonly signal?: AbortSignal;
  readonly listener?: StageListener;
  readonly runTable: (ctx: TableContext) => Promise<TableResult>;
  /** Printed at the start and repeated in the summary (e.g. the NOLOCK warning). */
  readonly notices?: readonly string[];
  readonly now?: () => number;
}

/**
 * The orchestrator loop (umzug's shape): run each pending table, record it only after it
 * committed, keep going past failures unless fail-fast, and never start a table after an
 * interrupt. Returns the summary; never throws for a table's failure.
 */
export async function runStage(run: StageRun): Promise<StageSummary> {
  const now = run.now ?? Date.now;
  const started = now();
  const emit: StageListener = run.listener ?? (() => {});
  const stop = new AbortController();
  const onOuterAbort = (): void => stop.abort(run.signal?.reason);
  run.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (run.signal?.aborted) stop.abort(run.signal.reason);

  const total = run.selected.length;
  const failed: TableOutcome[] = [];
  const warnings: TableWarning[] = [];
  const notices: string[] = [];
  const notRun: string[] = [];
  let succeeded = 0;
  let rows = 0;
  let bytes = 0;

  const listener: StageListener = (event) => {
    if (event.type === 'notice') notices.push(event.message);
    emit(event);
  };
  listener({
    type: 'stage:start',
    stage: run.stage,
    selected: total,
    window: run.windowSize,
    toRun: run.toRun.length,
    skipped: run.skippedCompleted,
  });
  for (const message of run.notices ?? []) listener({ type: 'notice', message });
  // The file shows what is left from the start; an interrupt before the start writes nothing.
  if (!stop.signal.aborted) {
    if (run.windowRecord !== undefined) await run.tracker.recordWindow?.(run.windowRecord);
    await run.tracker.markPending(run.toRun);
  }
  for (const table of run.skippedCompleted) {
    listener({ type: 'table:skip', table, position: run.position.get(table) ?? 0, total });
  }

  const runOne = async (table: string): Promise<void> => {
    if (stop.signal.aborted) {
      notRun.push(table);
      return;
    }
    const position = run.position.get(table) ?? 0;
    const previous = run.tracker.statusOf(table);
    const t0 = now();
    listener({ type: 'table:start', table, position, total, estimatedRows: run.estimatedRows?.(table) ?? 0 });
    await run.tracker.markStarted(table);
    const ctx: TableContext = {
      table,
      signal: stop.signal,
      previous: previous ? { ...previous } : undefined,
      reportRows: (r, b) => {
        void run.tracker.updateRows(table, r);
        listener({ type: 'table:progress', table, rows: r, bytes: b });
      },
      reportChunks: async (chunks) => {
        await run.tracker.updateChunks?.(table, chunks);
      },
      warn: (message) => {
        warnings.push({ table, message });
        listener({ type: 'table:warning', table, message });
      },
      emit: listener,
    };
    try {
      const result = await run.runTable(ctx);
      await run.tracker.markCompleted(table, result.rows);
      succeeded += 1;
      rows += result.rows;
      bytes += result.bytes ?? 0;
      listener({ type: 'table:done', table, position, total, rows: result.rows, bytes: result.bytes ?? 0, durationMs: now() - t0 });
    } catch (err) {
      const error = stop.signal.aborted && run.signal?.aborted ? `interrupted (${formatError(err)})` : formatError(err);
      failed.push({ table, error });
      await run.tracker.markFailed(table, error);
      listener({ type: 'table:fail', table, position, total, error, durationMs: now() - t0 });
      if (run.failFast && !stop.signal.aborted) stop.abort(new Error('fail-fast'));
    }
  };

  try {
    const limit = pLimit(Math.max(1, run.concurrency));
    await Promise.all(run.toRun.map((table) => limit(() => runOne(table))));
  } finally {
    run.signal?.removeEventListener('abort', onOuterAbort);
    await run.tracker.flush();
  }

  return {
    stage: run.stage,
    selected: total,
    window: run.windowSize,
    succeeded,
    skipped: run.skippedCompleted.length,
    failed,
    notRun: run.toRun.filter((t) => notRun.includes(t)),
    warnings,
    notices,
    rows,
    bytes,
    durationMs: now() - started,
    interrupted: run.signal?.aborted ?? false,
  };
}
