/** `mssql2pg status` as lines: per stage, counts by status, rows, times, failures and what to run next. */
import { formatCount } from '../ui/format.js';
import type { StageStatus, StageTableLine } from './stage-status.js';

const TITLES: Readonly<Record<string, string>> = {
  schema: 'Schema (replicate schema)',
  data: 'Data (sync data)',
  constraints: 'Constraints (replicate constraints)',
};

export function formatStatus(progressDir: string, stages: readonly StageStatus[]): string[] {
  if (stages.length === 0) return [`No progress files in ${progressDir}: no stage has run yet (or --progress-dir points elsewhere).`];
  return stages.flatMap((s, i) => [...(i > 0 ? [''] : []), ...formatStage(s)]);
}

function formatStage(s: StageStatus): string[] {
  const c = s.by_status;
  const lines = [
    `${TITLES[s.stage] ?? s.stage}: ${s.file}`,
    `  Tables:   ${s.tables} recorded: ${c.completed} completed, ${c.failed} failed, ${c.in_progress} in progress, ${c.pending} pending`,
  ];
  if (s.stage === 'data') lines.push(`  Rows:     ${formatCount(s.rows_synced)} copied`);
  lines.push(`  Started:  ${s.started_at ?? '-'}   Finished: ${s.finished_at ?? (s.tables > 0 ? 'not yet' : '-')}   Last update: ${s.last_updated}`);
  if (s.failed.length > 0) {
    lines.push('  Failed:');
    for (const t of s.failed) lines.push(`    - ${t.table}: ${t.error ?? '(no error recorded)'}`);
  }
  if (s.unfinished.length > 0) {
    lines.push('  Not finished:');
    for (const t of s.unfinished) lines.push(`    - ${t.table}: ${describeUnfinished(t)}`);
  }
  if (s.resume_command) lines.push(`  Resume:   ${s.resume_command}`);
  else if (s.tables > 0) lines.push('  Every recorded table is completed.');
  if (s.last_window) {
    const w = s.last_window;
    lines.push(`  Last window: ${w.first_table ?? '(empty)'} … ${w.last_table ?? '(empty)'}${w.max_tables ? ` (--max-tables ${w.max_tables})` : ''}`);
  }
  if (s.next_window) {
    const hint = s.next_window.reason === 'first-unfinished' ? 'from the first unfinished table' : 'the table after the last window';
    lines.push(`  Next batch window: ${s.next_window.command}   (${hint})`);
  } else if (s.last_window && !s.resume_command) {
    lines.push('  The last window reached the end of the table list.');
  }
  return lines;
}

function describeUnfinished(t: StageTableLine): string {
  const parts: string[] = [t.status === 'in_progress' ? 'in progress (interrupted unless a run is going on)' : t.status];
  if (t.chunks) parts.push(`chunks ${t.chunks.chunks_done}/${t.chunks.chunks_total}`);
  if (t.rows_synced > 0) parts.push(`${formatCount(t.rows_synced)} rows`);
  return parts.join(', ');
}
