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

export type StageName = 'schema' | 'data' | 'constraints';

export type TableStatus = 'pending' | 'in_progress' | 'completed' | 'failed';

export interface TableStageProgress {
  status: TableStatus;
  started_at: string | null;
  completed_at: string | null;
  failed_at: string | null;
  rows_synced: number;
  error: string | null;
}

export interface ProgressFile {
  session_start: string;
  last_updated: string;
  tables: Record<string, Partial<Record<StageName, TableStageProgress>>>;
}

export const PROGRESS_FILE_NAMES: Readonly<Record<StageName, string>> = {
  schema: 'schema_replication_progress.json',
  data: 'data_sync_progress.json',
  constraints: 'constraints_replication_progress.json',
};
