/**
 * The shared state of distributed runs, in the target database beside mssql2pg.loaded_ranges:
 *
 *   mssql2pg.dist_runs   one row per coordinator run: its source (server and database, never a
 *                        login or password), status, coordinator host and pid, heartbeat
 *   mssql2pg.dist_units  one row per unit (a table or a key range): waiting, running (on which
 *                        worker, since when, rows read so far), retrying, done or failed (error)
 *
 * Informational, never the authority for "done": a unit is done when its record is in
 * mssql2pg.loaded_ranges (it commits with the unit's rows), so every read of progress here
 * joins that table. Workers write their units' rows; the coordinator writes the runs.
 */
import type pg from 'pg';
import type { Queryable } from './queryable.js';
import { COMPLETION_SCHEMA, createLoadedRangesTable } from './loaded-ranges.js';
import { serializedDdl } from './serialized-ddl.js';
import { identityOf, type TargetIdentity } from './table-identity.js';

const RUNS = `${COMPLETION_SCHEMA}.dist_runs`;
const UNITS = `${COMPLETION_SCHEMA}.dist_units`;
const RANGES = `${COMPLETION_SCHEMA}.loaded_ranges`;

/** running; stopped: ended with work left (failures, Ctrl-C), `--resume` continues it; finished; superseded by a fresh run. */
export type RunStatus = 'running' | 'stopped' | 'finished' | 'superseded';
export type UnitStatus = 'waiting' | 'running' | 'retrying' | 'done' | 'failed';

/**
 * Idempotent, and safe while other coordinators and workers run it too (serialized-ddl.ts);
 * creates mssql2pg.loaded_ranges too, which every progress read joins.
 */
export async function ensureRunStateTables(pool: pg.Pool): Promise<void> {
  await serializedDdl(pool, createRunStateTables);
}

async function createRunStateTables(db: Queryable): Promise<void> {
  await createLoadedRangesTable(db);
  await db.query(
    `CREATE TABLE IF NOT EXISTS ${RUNS} (
       run_id text PRIMARY KEY,
       source_key text NOT NULL,
       source_group text NOT NULL,
       status text NOT NULL,
       coordinator_host text NOT NULL,
       coordinator_pid int NOT NULL,
       started_at timestamptz NOT NULL DEFAULT now(),
       heartbeat_at timestamptz NOT NULL DEFAULT now(),
       finished_at timestamptz
     )`,
  );
  await db.query(
    `CREATE TABLE IF NOT EXISTS ${UNITS} (
       run_id text NOT NULL REFERENCES ${RUNS} (run_id) ON DELETE CASCADE,
       unit_id text NOT NULL,
       source_table text NOT NULL,
       target_table text NOT NULL,
       chunk_plan text NOT NULL,
       range_label text NOT NULL,
       priority int NOT NULL DEFAULT 0,
       status text NOT NULL,
       attempt int NOT NULL DEFAULT 0,
       worker_host text,
       worker_pid int,
       worker_slot text,
       claimed_at timestamptz,
       started_at timestamptz,
       progress_at timestamptz,
       finished_at timestamptz,
       rows_read bigint NOT NULL DEFAULT 0,
       bytes bigint,
       error text,
       PRIMARY KEY (run_id, unit_id)
     )`,
  );
}

export interface RunRow {
  readonly run_id: string;
  readonly source_key: string;
  readonly source_group: string;
  readonly status: RunStatus;
  readonly coordinator_host: string;
  readonly coordinator_pid: number;
  readonly started_at: Date;
  readonly heartbeat_at: Date;
  readonly finished_at: Date | null;
  /** Seconds since the coordinator's last heartbeat, by the database's clock. */
  readonly heartbeat_age_s: number;
}

const RUN_COLUMNS = `run_id, source_key, source_group, status, coordinator_host, coordinator_pid, started_at, heartbeat_at,
  finished_at, extract(epoch FROM now() - heartbeat_at)::float8 AS heartbeat_age_s`;

/** The latest unfinished run of a source (what `--resume` continues), or null. */
export async function latestOpenRun(db: Queryable, sourceKey: string): Promise<RunRow | null> {
  const r = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM ${RUNS} WHERE source_key = $1 AND status IN ('running', 'stopped')
      ORDER BY started_at DESC LIMIT 1`,
    [sourceKey],
  );
  return r.rows[0] ?? null;
}

export async function insertRun(
  db: Queryable,
  run: { readonly runId: string; readonly sourceKey: string; readonly sourceGroup: string; readonly host: string; readonly pid: number },
): Promise<void> {
  await db.query(
    `INSERT INTO ${RUNS} (run_id, source_key, source_group, status, coordinator_host, coordinator_pid) VALUES ($1, $2, $3, 'running', $4, $5)`,
    [run.runId, run.sourceKey, run.sourceGroup, run.host, run.pid],
  );
}

/** The coordinator takes the run (again, on --resume) and beats its heartbeat. */
export async function claimRun(db: Queryable, runId: string, host: string, pid: number): Promise<void> {
  await db.query(
    `UPDATE ${RUNS} SET status = 'running', coordinator_host = $2, coordinator_pid = $3, heartbeat_at = now(), finished_at = NULL WHERE run_id = $1`,
    [runId, host, pid],
  );
}

export async function setRunStatus(db: Queryable, runId: string, status: RunStatus): Promise<void> {
  const finished = status === 'running' ? 'NULL' : 'now()';
  await db.query(`UPDATE ${RUNS} SET status = $2, finished_at = ${finished}, heartbeat_at = now() WHERE run_id = $1`, [runId, status]);
}

export async function beatRun(db: Queryable, runId: string): Promise<void> {
  await db.query(`UPDATE ${RUNS} SET heartbeat_at = now() WHERE run_id = $1`, [runId]);
}

/** Earlier unfinished runs of the source, superseded by a fresh (not --resume) run. */
export async function supersedeRuns(db: Queryable, sourceKey: string, exceptRunId: string): Promise<string[]> {
  const r = await db.query<{ run_id: string }>(
    `UPDATE ${RUNS} SET status = 'superseded', finished_at = now()
      WHERE source_key = $1 AND run_id <> $2 AND status IN ('running', 'stopped') RETURNING run_id`,
    [sourceKey, exceptRunId],
  );
  return r.rows.map((row) => row.run_id);
}

export async function runStatus(db: Queryable, runId: string): Promise<RunStatus | null> {
  const r = await db.query<{ status: RunStatus }>(`SELECT status FROM ${RUNS} WHERE run_id = $1`, [runId]);
  return r.rows[0]?.status ?? null;
}

export interface UnitKey {
  readonly runId: string;
  readonly unitId: string;
}

export interface NewUnit extends UnitKey {
  readonly sourceTable: string;
  readonly targetTable: string;
  readonly chunkPlan: string;
  readonly rangeLabel: string;
  readonly priority: number;
}

/** Registers a unit as waiting; a unit already known (a resumed run) is set waiting again unless done or being copied. */
export async function upsertWaitingUnit(db: Queryable, u: NewUnit): Promise<void> {
  await db.query(
    `INSERT INTO ${UNITS} (run_id, unit_id, source_table, target_table, chunk_plan, range_label, priority, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'waiting')
     ON CONFLICT (run_id, unit_id) DO UPDATE SET status = 'waiting', error = NULL, priority = EXCLUDED.priority
       WHERE ${UNITS}.status NOT IN ('done', 'running')`,
    [u.runId, u.unitId, u.sourceTable, u.targetTable, u.chunkPlan, u.rangeLabel, u.priority],
  );
}

export interface Claim extends UnitKey {
  readonly attempt: number;
  readonly host: string;
  readonly pid: number;
  readonly slot: string;
  /** When pg-boss handed the job out (its started_on), for the queue's overhead figures. */
  readonly claimedAt: Date | null;
}

export async function markUnitRunning(db: Queryable, c: Claim): Promise<void> {
  await db.query(
    `UPDATE ${UNITS} SET status = 'running', attempt = $3, worker_host = $4, worker_pid = $5, worker_slot = $6,
            claimed_at = coalesce($7, now()), started_at = now(), progress_at = now(), rows_read = 0, error = NULL
      WHERE run_id = $1 AND unit_id = $2 AND status <> 'done'`,
    [c.runId, c.unitId, c.attempt, c.host, c.pid, c.slot, c.claimedAt],
  );
}

/** Rows read so far by the claim in `slot` (a later claim of the unit is not overwritten). */
export async function reportUnitRows(db: Queryable, k: UnitKey, slot: string, rowsRead: number): Promise<void> {
  await db.query(
    `UPDATE ${UNITS} SET rows_read = $4, progress_at = now() WHERE run_id = $1 AND unit_id = $2 AND worker_slot = $3 AND status = 'running'`,
    [k.runId, k.unitId, slot, rowsRead],
  );
}

/** After COMMIT (the record in loaded_ranges is what counts; this is for status and figures). */
export async function markUnitDone(db: Queryable, k: UnitKey, rows: number, bytes: number | null): Promise<void> {
  await db.query(
    `UPDATE ${UNITS} SET status = 'done', rows_read = $3, bytes = coalesce($4, bytes), finished_at = now(), progress_at = now(), error = NULL
      WHERE run_id = $1 AND unit_id = $2`,
    [k.runId, k.unitId, rows, bytes],
  );
}

/** `retrying`: the queue runs it again after its backoff; `failed`: for good, with the error the summary shows. */
export async function markUnitFailed(db: Queryable, k: UnitKey, status: 'retrying' | 'failed', error: string): Promise<void> {
  await db.query(
    `UPDATE ${UNITS} SET status = $3, error = $4, finished_at = now() WHERE run_id = $1 AND unit_id = $2 AND status <> 'done'`,
    [k.runId, k.unitId, status, error],
  );
}

export interface UnitOutcome {
  readonly unit_id: string;
  readonly status: UnitStatus;
  readonly error: string | null;
  readonly bytes: string | null;
  /** From the unit's record in mssql2pg.loaded_ranges: set exactly when the unit committed. */
  readonly committed_rows: string | null;
  /** The record's target table identity (oid, relfilenode), as the unit's transaction saw it. */
  readonly target_oid: string | null;
  readonly target_filenode: string | null;
}

/** What the coordinator waits on: each unit's state, and its committed rows from loaded_ranges. */
export async function unitOutcomes(db: Queryable, runId: string, unitIds: readonly string[]): Promise<UnitOutcome[]> {
  const r = await db.query<UnitOutcome>(
    `SELECT u.unit_id, u.status, u.error, u.bytes::text AS bytes, lr.rows::text AS committed_rows,
            lr.target_oid::text AS target_oid, lr.target_filenode::text AS target_filenode
       FROM ${UNITS} u
       LEFT JOIN ${RANGES} lr ON lr.target_table = u.target_table AND lr.chunk_plan = u.chunk_plan AND lr.range_label = u.range_label
      WHERE u.run_id = $1 AND u.unit_id = ANY($2)`,
    [runId, unitIds],
  );
  return r.rows;
}

/** The committed rows of one record and the table identity it recorded, or null when it has not committed. */
export async function committedRecord(
  db: Queryable,
  targetTable: string,
  chunkPlan: string,
  rangeLabel: string,
): Promise<{ rows: number; target: TargetIdentity | null } | null> {
  const r = await db.query<{ rows: string; oid: string | null; filenode: string | null }>(
    `SELECT rows::text AS rows, target_oid::text AS oid, target_filenode::text AS filenode
       FROM ${RANGES} WHERE target_table = $1 AND chunk_plan = $2 AND range_label = $3`,
    [targetTable, chunkPlan, rangeLabel],
  );
  const row = r.rows[0];
  return row === undefined ? null : { rows: Number(row.rows), target: identityOf(row.oid, row.filenode) };
}

/** Records of a table's earlier whole-table units: a new one replaces them (keeps the table small). */
export async function forgetWholeTableRecords(db: Queryable, targetTable: string, prefix: string, keep: string): Promise<void> {
  await db.query(`DELETE FROM ${RANGES} WHERE target_table = $1 AND starts_with(chunk_plan, $2) AND chunk_plan <> $3`, [
    targetTable,
    prefix,
    keep,
  ]);
}

export interface TableStateRow {
  readonly run_id: string;
  readonly source_table: string;
  readonly units: number;
  /** Units whose record is in mssql2pg.loaded_ranges. */
  readonly committed: number;
  readonly running: number;
  readonly waiting: number;
  readonly retrying: number;
  readonly failed: number;
  readonly committed_rows: string;
  readonly error: string | null;
}

export interface WorkerStateRow {
  readonly run_id: string;
  readonly worker_host: string;
  readonly running: number;
  readonly done: number;
  /** Rows read by its running units, not yet committed. */
  readonly in_flight_rows: string;
  readonly rows_per_s: number | null;
  readonly running_since: Date | null;
}

/** Runs, newest first: every unfinished one and the latest `recent` others. */
export async function listRuns(db: Queryable, recent = 5): Promise<RunRow[]> {
  const r = await db.query<RunRow>(
    `(SELECT ${RUN_COLUMNS} FROM ${RUNS} WHERE status IN ('running', 'stopped'))
     UNION
     (SELECT ${RUN_COLUMNS} FROM ${RUNS} WHERE status NOT IN ('running', 'stopped') ORDER BY started_at DESC LIMIT $1)
     ORDER BY started_at DESC`,
    [recent],
  );
  return r.rows;
}

/** Per table of the runs: units by state, committed counted from the records only. */
export async function tableStates(db: Queryable, runIds: readonly string[]): Promise<TableStateRow[]> {
  const r = await db.query<TableStateRow>(
    `SELECT u.run_id, u.source_table, count(*)::int AS units,
            count(lr.rows)::int AS committed,
            count(*) FILTER (WHERE lr.rows IS NULL AND u.status = 'running')::int AS running,
            count(*) FILTER (WHERE lr.rows IS NULL AND u.status = 'waiting')::int AS waiting,
            count(*) FILTER (WHERE lr.rows IS NULL AND u.status = 'retrying')::int AS retrying,
            count(*) FILTER (WHERE lr.rows IS NULL AND u.status = 'failed')::int AS failed,
            coalesce(sum(lr.rows), 0)::text AS committed_rows,
            min(u.error) FILTER (WHERE lr.rows IS NULL AND u.status IN ('failed', 'retrying')) AS error
       FROM ${UNITS} u
       LEFT JOIN ${RANGES} lr ON lr.target_table = u.target_table AND lr.chunk_plan = u.chunk_plan AND lr.range_label = u.range_label
      WHERE u.run_id = ANY($1)
      GROUP BY u.run_id, u.source_table
      ORDER BY u.run_id, u.source_table`,
    [runIds],
  );
  return r.rows;
}

/** Per worker host of the runs: its running units, their rows read so far and rate, its committed units. */
export async function workerStates(db: Queryable, runIds: readonly string[]): Promise<WorkerStateRow[]> {
  const r = await db.query<WorkerStateRow>(
    `SELECT u.run_id, u.worker_host,
            count(*) FILTER (WHERE lr.rows IS NULL AND u.status = 'running')::int AS running,
            count(lr.rows)::int AS done,
            coalesce(sum(u.rows_read) FILTER (WHERE lr.rows IS NULL AND u.status = 'running'), 0)::text AS in_flight_rows,
            sum(u.rows_read) FILTER (WHERE lr.rows IS NULL AND u.status = 'running')::float8
              / nullif(extract(epoch FROM max(u.progress_at) FILTER (WHERE lr.rows IS NULL AND u.status = 'running')
                                         - min(u.started_at) FILTER (WHERE lr.rows IS NULL AND u.status = 'running')), 0) AS rows_per_s,
            min(u.started_at) FILTER (WHERE lr.rows IS NULL AND u.status = 'running') AS running_since
       FROM ${UNITS} u
       LEFT JOIN ${RANGES} lr ON lr.target_table = u.target_table AND lr.chunk_plan = u.chunk_plan AND lr.range_label = u.range_label
      WHERE u.run_id = ANY($1) AND u.worker_host IS NOT NULL
      GROUP BY u.run_id, u.worker_host
      ORDER BY u.run_id, u.worker_host`,
    [runIds],
  );
  return r.rows;
}

/** Whether the run-state tables exist (status on a target that never had a distributed run). */
export async function hasRunState(db: Queryable): Promise<boolean> {
  const r = await db.query<{ t: string | null }>(`SELECT to_regclass('${UNITS}')::text AS t`);
  return r.rows[0]?.t != null;
}
