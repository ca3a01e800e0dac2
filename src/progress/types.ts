/**
 * The progress file format, shared by both stages:
 *   progress/schema_replication_progress.json  (stage "schema")
 *   progress/data_sync_progress.json           (stage "data")
 *   progress/constraints_replication_progress.json (stage "constraints")
 *
 * {"session_start": ISO, "last_updated": ISO,
 *  "tables": {"dbo.Orders": {"schema": {"status": ..., "started_at", "completed_at",
 *                                       "failed_at", "rows_synced", "error"}}}}
 */

import type { RecordedCommand } from './recorded-command.js';

export type StageName = 'schema' | 'data' | 'constraints';

export type TableStatus = 'pending' | 'in_progress' | 'completed' | 'failed';

export interface TableStageProgress {
  status: TableStatus;
  started_at: string | null;
  completed_at: string | null;
  failed_at: string | null;
  rows_synced: number;
  error: string | null;
  /**
   * Stage 2, tables copied in key ranges only: how many ranges, how many committed,
   * the ranges not yet known committed, and the id of the range plan (the key of its rows in
   * the target's mssql2pg.loaded_ranges). Absent for tables copied as one unit.
   */
  chunks_total?: number;
  chunks_done?: number;
  ranges_pending?: RangeProgress[];
  chunk_plan?: string;
  /** The key the range plan splits on (absent in files written before plans recorded it). */
  chunk_key?: ChunkKeyRecord;
  /**
   * Stage 2: the target table the rows were loaded into, as of the latest committed unit. A
   * resume compares it with the table as it is now: a table dropped, recreated or truncated
   * since then has another identity, and is loaded again rather than skipped as completed.
   */
  target?: TargetIdentity;
}

/**
 * Which Postgres table holds the rows: its oid (a dropped and recreated table gets a new one)
 * and its relfilenode (TRUNCATE, VACUUM FULL and a rewriting ALTER TABLE give it a new one).
 * Read inside the unit's own transaction, so it is the identity its rows committed into.
 */
export interface TargetIdentity {
  oid: number;
  filenode: number;
}

/** A range plan's key, as recorded: source column name and the T-SQL type bounds are cast to. */
export interface ChunkKeyRecord {
  column: string;
  sql_type: string;
}

export interface RangeProgress {
  lo: string | null;
  hi: string | null;
}

/** The chunk fields of a TableStageProgress, all present together. */
export interface ChunkProgress {
  chunks_total: number;
  chunks_done: number;
  ranges_pending: RangeProgress[];
  chunk_plan: string;
  chunk_key?: ChunkKeyRecord;
}

export interface ProgressFile {
  session_start: string;
  last_updated: string;
  tables: Record<string, Partial<Record<StageName, TableStageProgress>>>;
  /**
   * The batch window of the latest run that used one (--start-from-table, --until-table,
   * --max-tables), so `mssql2pg status` can name where the next window starts without reading
   * the catalog. Absent after a run without a window.
   */
  last_window?: WindowRecord;
  /**
   * The command of the latest run, ready to run again (src/progress/recorded-command.ts), so
   * `mssql2pg status` prints the command that resumes this run. Absent in older files.
   */
  last_command?: RecordedCommand;
}

/** A run's batch window, resolved to qualified table names. */
export interface WindowRecord {
  first_table: string | null;
  last_table: string | null;
  /** The selected table after last_table: where the next window starts; null at the end of the list. */
  next_table: string | null;
  /** --max-tables as given, repeated in the next window's command. */
  max_tables: number | null;
}

export const PROGRESS_FILE_NAMES: Readonly<Record<StageName, string>> = {
  schema: 'schema_replication_progress.json',
  data: 'data_sync_progress.json',
  constraints: 'constraints_replication_progress.json',
};
