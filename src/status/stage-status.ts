/**
 * What one progress file says, condensed for `mssql2pg status`. Pure: the parsed file in, a
 * plain object out (also the `--json` output), so every state is testable from fixtures.
 */
import { compareQualifiedNames } from '../plan/table-names.js';
import { resumeLine, windowLine, type RecordedCommand } from '../progress/recorded-command.js';
import type { ProgressFile, TableStageProgress, TableStatus, WindowRecord } from '../progress/types.js';

/** Chunk fields a data-stage entry may carry for a table copied in key ranges. */
export interface ChunkInfo {
  readonly chunks_total: number;
  readonly chunks_done: number;
  readonly ranges_pending: number;
}

export interface StageTableLine {
  readonly table: string;
  readonly status: TableStatus;
  readonly rows_synced: number;
  readonly started_at: string | null;
  readonly error: string | null;
  readonly chunks: ChunkInfo | null;
}

export interface StageStatus {
  readonly stage: string;
  readonly file: string;
  readonly session_start: string;
  readonly last_updated: string;
  readonly tables: number;
  readonly by_status: Readonly<Record<TableStatus, number>>;
  readonly rows_synced: number;
  /** Earliest start and, once nothing is pending or running, the latest finish. */
  readonly started_at: string | null;
  readonly finished_at: string | null;
  /** The latest start, completion or failure of any table: when the stage last wrote the target (a run that skipped every table leaves it). */
  readonly last_table_event: string | null;
  readonly failed: readonly StageTableLine[];
  /** Pending (interrupted or not reached) and in-progress tables, and chunked tables of any status. */
  readonly unfinished: readonly StageTableLine[];
  /**
   * The command that finishes the stage: the latest run's own arguments (progress dir, config,
   * window, …) with --resume; null when every recorded table is completed.
   */
  readonly resume_command: string | null;
  /** The latest run's command as recorded (null in files written before it was recorded). */
  readonly last_command: RecordedCommand | null;
  /** The latest run's batch window, as the file recorded it; null when it ran without one. */
  readonly last_window: WindowRecord | null;
  /**
   * Only when the latest run used a batch window: with unfinished tables, the first of them in
   * table order (`first-unfinished`); when all are completed, the table after the window
   * (`after-window`, recorded by that run from the catalog); null when the window reached the
   * end of the table list or no window was used.
   */
  readonly next_window: {
    readonly start_from_table: string;
    readonly command: string;
    readonly reason: 'first-unfinished' | 'after-window';
  } | null;
}

const STAGE_COMMANDS: Readonly<Record<string, string>> = {
  schema: 'replicate schema',
  data: 'sync data',
  constraints: 'replicate constraints',
};

export function stageCommand(stage: string): string {
  return `mssql2pg ${STAGE_COMMANDS[stage] ?? stage}`;
}

export function summarizeStage(
  stage: string,
  file: string,
  progress: ProgressFile,
  chunksOf: (table: string) => ChunkInfo | null = () => null,
): StageStatus {
  const entries = Object.entries(progress.tables)
    .flatMap(([table, stages]) => {
      const p = (stages as Record<string, TableStageProgress | undefined>)[stage];
      return p ? [{ table, p }] : [];
    })
    .sort((a, b) => compareQualifiedNames(a.table, b.table));
  const lines: StageTableLine[] = entries.map(({ table, p }) => ({
    table, status: p.status, rows_synced: p.rows_synced, started_at: p.started_at, error: p.error, chunks: chunksOf(table),
  }));
  const by_status: Record<TableStatus, number> = { pending: 0, in_progress: 0, completed: 0, failed: 0 };
  for (const l of lines) by_status[l.status] += 1;
  const unfinishedTables = lines.filter((l) => l.status !== 'completed');
  // Without a recorded command (older files) the stage's bare command.
  const command: RecordedCommand = progress.last_command ?? { command: STAGE_COMMANDS[stage] ?? stage, args: [] };
  const finishes = entries.flatMap(({ p }) => [p.completed_at, p.failed_at]).filter((t): t is string => t !== null);
  const starts = entries.map(({ p }) => p.started_at).filter((t): t is string => t !== null);
  const window = progress.last_window ?? null;
  const anchor = window ? (unfinishedTables[0]?.table ?? window.next_table) : null;
  return {
    stage,
    file,
    session_start: progress.session_start,
    last_updated: progress.last_updated,
    tables: lines.length,
    by_status,
    rows_synced: lines.reduce((n, l) => n + l.rows_synced, 0),
    started_at: starts.sort()[0] ?? null,
    finished_at: by_status.pending + by_status.in_progress === 0 ? (finishes.sort().at(-1) ?? null) : null,
    last_table_event: [...finishes, ...starts].sort().at(-1) ?? null,
    failed: lines.filter((l) => l.status === 'failed'),
    unfinished: lines.filter((l) => l.status === 'pending' || l.status === 'in_progress' || (l.chunks !== null && l.status !== 'completed')),
    resume_command: unfinishedTables.length > 0 ? resumeLine(command) : null,
    last_command: progress.last_command ?? null,
    last_window: window,
    next_window:
      anchor === null || anchor === undefined
        ? null
        : {
            start_from_table: anchor,
            command: windowLine(command, anchor, window?.max_tables ?? null),
            reason: unfinishedTables.length > 0 ? 'first-unfinished' : 'after-window',
          },
  };
}
