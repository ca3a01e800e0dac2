/**
 * `mssql2pg status --pg-url`: the shared state of distributed runs in the target database (any
 * host can ask): per run, per table (units committed, running, waiting, retrying, failed; rows
 * counted from committed records only) and per worker host (units running since when, rows/s).
 */
import type pg from 'pg';
import { hasRunState, listRuns, tableStates, workerStates, type RunRow, type TableStateRow, type WorkerStateRow } from '../postgres/run-state.js';
import { formatCount } from '../ui/format.js';

export interface DistributedRunStatus {
  readonly run: Omit<RunRow, 'heartbeat_age_s'> & { readonly coordinator_alive: boolean };
  readonly tables: readonly TableStateRow[];
  readonly workers: readonly WorkerStateRow[];
}

/** A coordinator whose heartbeat is older than this is reported as gone (it beats every second or so). */
const COORDINATOR_ALIVE_S = 30;

export async function readDistributedStatus(db: pg.Pool): Promise<DistributedRunStatus[]> {
  if (!(await hasRunState(db))) return [];
  const runs = await listRuns(db);
  const ids = runs.map((r) => r.run_id);
  const tables = await tableStates(db, ids);
  const workers = await workerStates(db, ids);
  return runs.map(({ heartbeat_age_s, ...run }) => ({
    run: { ...run, coordinator_alive: run.status === 'running' && heartbeat_age_s < COORDINATOR_ALIVE_S },
    tables: tables.filter((t) => t.run_id === run.run_id),
    workers: workers.filter((w) => w.run_id === run.run_id),
  }));
}

export function formatDistributedStatus(runs: readonly DistributedRunStatus[]): string[] {
  if (runs.length === 0) return ['Distributed runs: none in this database (no mssql2pg.dist_runs).'];
  return runs.flatMap((r, i) => [...(i > 0 ? [''] : []), ...formatRun(r)]);
}

function formatRun({ run, tables, workers }: DistributedRunStatus): string[] {
  const committedUnits = tables.reduce((n, t) => n + t.committed, 0);
  const units = tables.reduce((n, t) => n + t.units, 0);
  const rows = tables.reduce((n, t) => n + Number(t.committed_rows), 0);
  const coordinator = run.coordinator_alive ? 'alive' : run.status === 'running' ? 'not answering' : 'gone';
  const lines = [
    `Distributed run ${run.run_id} (${run.source_key}): ${run.status}`,
    `  Coordinator: pid ${run.coordinator_pid} on ${run.coordinator_host}, ${coordinator}; started ${run.started_at.toISOString()}` +
      (run.finished_at === null ? '' : `, ended ${run.finished_at.toISOString()}`),
    `  Units:    ${committedUnits}/${units} committed, ${formatCount(rows)} rows committed`,
  ];
  if (tables.length > 0) lines.push('  Tables:');
  for (const t of tables) {
    const parts = [`${t.committed}/${t.units} committed`, `${formatCount(Number(t.committed_rows))} rows`];
    for (const [n, what] of [[t.running, 'running'], [t.waiting, 'waiting'], [t.retrying, 'retrying'], [t.failed, 'failed']] as const) {
      if (n > 0) parts.push(`${n} ${what}`);
    }
    lines.push(`    - ${t.source_table}: ${parts.join(', ')}${t.error === null ? '' : `; ${t.error}`}`);
  }
  if (workers.length > 0) lines.push('  Workers:');
  for (const w of workers) {
    const running =
      w.running === 0
        ? 'idle for this run'
        : `${w.running} running since ${w.running_since?.toISOString() ?? '?'}, ${formatCount(Number(w.in_flight_rows))} rows read (not yet committed)` +
          (w.rows_per_s === null ? '' : `, ${formatCount(Math.round(w.rows_per_s))} rows/s`);
    lines.push(`    - ${w.worker_host}: ${running}; ${w.done} committed`);
  }
  if (run.status === 'stopped') lines.push('  Resume:   mssql2pg sync data --distributed --resume (with the same source and flags)');
  return lines;
}
