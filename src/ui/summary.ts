import type { StageSummary } from '../run/events.js';
import { formatCount, formatDuration, formatMegabytesPerSecond, formatRate } from './format.js';

const STAGE_TITLES = {
  schema: 'Schema replication',
  data: 'Data sync',
  constraints: 'Constraint replication',
  verify: 'Verify',
} as const;
const RESUME_COMMANDS = {
  schema: 'mssql2pg replicate schema --resume',
  data: 'mssql2pg sync data --resume',
  constraints: 'mssql2pg replicate constraints --resume',
  // Verify keeps no progress: it is run again (after re-syncing the tables it named).
  verify: 'mssql2pg verify',
} as const;

/**
 * The final summary, as lines. Both renderers print it; `--json` prints `summaryAsJson` instead.
 * `rerun` is the command that goes on from here, built from the user's own arguments
 * (src/cli/resume-command.ts); without it, the stage's plain command.
 */
export function formatSummary(s: StageSummary, rerun: string = RESUME_COMMANDS[s.stage]): string[] {
  const lines: string[] = [];
  lines.push('');
  const state = s.fault !== undefined ? ' (stopped by an error)' : s.interrupted ? ' (interrupted)' : '';
  lines.push(`${STAGE_TITLES[s.stage]} summary${state}`);
  lines.push(`  Tables:    ${s.selected} selected, ${s.window} in this run`);
  // A table that verify finds different is not a failure of the tool: name it for what it is.
  const verify = s.stage === 'verify';
  lines.push(
    (verify
      ? `  Exact:     ${s.succeeded}   Not exact or not verified: ${s.failed.length}`
      : `  Succeeded: ${s.succeeded}   Skipped: ${s.skipped}   Failed: ${s.failed.length}`) +
      (s.notRun.length > 0 ? `   Not started: ${s.notRun.length}` : ''),
  );
  if (s.stage === 'data' || s.stage === 'verify') {
    // After an interrupt these are the rows that committed (what a resume keeps), never rows
    // read into a transaction that rolled back.
    const what = s.stage === 'data' && s.interrupted ? ' committed' : '';
    lines.push(
      `  Rows:      ${formatCount(s.rows)}${what} (${formatRate(s.rows, s.durationMs)} rows/s, ` +
        `${formatMegabytesPerSecond(s.bytes, s.durationMs)} MB/s)` +
        (s.totalRows !== undefined ? `; ${formatCount(s.totalRows)} in these tables with earlier runs` : ''),
    );
  }
  lines.push(`  Duration:  ${formatDuration(s.durationMs)}`);
  if (s.fault !== undefined) lines.push(`  Stopped:   ${s.fault}`);
  if (s.notices.length > 0) {
    lines.push('  Notes:');
    for (const n of s.notices) lines.push(`    - ${n}`);
  }
  if (s.warnings.length > 0) {
    lines.push(`  Warnings (${s.warnings.length}):`);
    for (const w of s.warnings) lines.push(`    - ${w.table}: ${w.message}`);
  }
  if (s.failed.length > 0) {
    lines.push(verify ? '  Not exact (details below):' : '  Failed tables:');
    for (const f of s.failed) lines.push(`    - ${f.table}: ${f.error}`);
  }
  if (s.failed.length > 0 || s.notRun.length > 0 || s.interrupted) {
    lines.push('');
    lines.push(`Fix the problems above, then run: ${rerun}`);
  }
  return lines;
}

/** `rerun`: the command that goes on, included (as `nextCommand`) when something is left to do. */
export function summaryAsJson(s: StageSummary, rerun?: string): string {
  const ok = s.failed.length === 0 && s.notRun.length === 0 && !s.interrupted;
  return JSON.stringify(
    {
      stage: s.stage,
      ok,
      interrupted: s.interrupted,
      // Present only when set, so the shape of an ordinary run stays as it was.
      ...(s.fault !== undefined ? { fault: s.fault } : {}),
      tables: {
        selected: s.selected,
        window: s.window,
        succeeded: s.succeeded,
        skipped: s.skipped,
        failed: s.failed.length,
        notStarted: s.notRun.length,
      },
      rows: s.rows,
      ...(s.totalRows !== undefined ? { totalRows: s.totalRows } : {}),
      bytes: s.bytes,
      durationMs: s.durationMs,
      rowsPerSecond: s.durationMs > 0 ? Math.round((s.rows * 1000) / s.durationMs) : 0,
      failed: s.failed,
      notStarted: s.notRun,
      warnings: s.warnings,
      notices: s.notices,
      ...(rerun !== undefined && !ok ? { nextCommand: rerun } : {}),
    },
    null,
    2,
  );
}
