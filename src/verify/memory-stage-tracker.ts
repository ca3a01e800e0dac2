import type { TableStageProgress } from '../progress/types.js';
import type { StageTracker } from '../run/run-stage.js';

/**
 * runStage's tracker for verify, which keeps no progress file: verify has no resume (a table
 * is compared afresh each time), so its statuses only need to live as long as the run.
 */
export function memoryStageTracker(now: () => Date = () => new Date()): StageTracker {
  const tables = new Map<string, TableStageProgress>();
  const set = (table: string, change: Partial<TableStageProgress>): void => {
    const base: TableStageProgress = tables.get(table) ?? {
      status: 'pending', started_at: null, completed_at: null, failed_at: null, rows_synced: 0, error: null,
    };
    tables.set(table, { ...base, ...change });
  };
  return {
    statusOf: (table) => tables.get(table),
    markPending: async (list) => list.forEach((t) => set(t, { status: 'pending' })),
    markStarted: async (t) => set(t, { status: 'in_progress', started_at: now().toISOString() }),
    markCompleted: async (t, rows) => set(t, { status: 'completed', completed_at: now().toISOString(), rows_synced: rows }),
    markFailed: async (t, error) => set(t, { status: 'failed', failed_at: now().toISOString(), error }),
    updateRows: (t, rows) => set(t, { rows_synced: rows }),
    flush: async () => {},
  };
}
