/**
 * The whole migration at a glance, for `mssql2pg status`: every stage in pipeline order
 * (replicate schema, sync data, replicate constraints, verify) with its state, including the
 * stages that never started and verify when `--skip-verify` left it out, and the one command to
 * run next. Pure: the stage summaries, the verify report's summary and the migrate record in.
 */
import type { MigrateRecord } from '../progress/migrate-record.js';
import { commandLine, resumeLine, sameRunCommand, type RecordedCommand } from '../progress/recorded-command.js';
import type { StageStatus } from './stage-status.js';
import type { VerifyStatus } from './read-verify-report.js';

export interface StageOverview {
  readonly command: string;
  /** completed, failed, not finished, not started, skipped, exact, differences found, counts match, … */
  readonly state: string;
  /** Why, in a few words (e.g. `3 of 11 tables failed`, `--skip-verify`, `stopped with exit code 130`). */
  readonly detail: string | null;
}

export interface MigrationOverview {
  readonly stages: readonly StageOverview[];
  /** The command to run next; null when everything is done. */
  readonly next: string | null;
  /** Why that command (or that nothing is left). */
  readonly reason: string;
}

const PIPELINE = [
  { stage: 'schema', command: 'replicate schema' },
  { stage: 'data', command: 'sync data' },
  { stage: 'constraints', command: 'replicate constraints' },
] as const;

export function migrationOverview(stages: readonly StageStatus[], verify: VerifyStatus | null, migrate: MigrateRecord | null): MigrationOverview {
  const recorded = (command: string) => migrate?.stages.find((s) => s.command === command);
  const out: (StageOverview & { done: boolean; resume: string | null })[] = [];
  for (const { stage, command } of PIPELINE) {
    const s = stages.find((x) => x.stage === stage);
    const r = recorded(command);
    const stopped = r?.state === 'stopped' ? `migrate stopped here with exit code ${r.exit_code}` : null;
    if (s === undefined || s.tables === 0) {
      out.push({ command, state: 'not started', detail: stopped, done: false, resume: null });
      continue;
    }
    const c = s.by_status;
    const unfinished = c.failed + c.in_progress + c.pending;
    const interrupted = r?.state === 'stopped' && r.exit_code === 130;
    const state =
      unfinished === 0 ? 'completed' : interrupted ? 'interrupted' : c.failed > 0 ? 'failed' : c.in_progress > 0 ? 'interrupted or running' : 'not finished';
    const counts = unfinished === 0 ? `${c.completed} tables` : `${unfinished} of ${s.tables} tables not completed`;
    out.push({ command, state, detail: [counts, stopped].filter((x) => x !== null).join('; '), done: unfinished === 0, resume: s.resume_command });
  }
  const v = recorded('verify');
  out.push(verifyOverview(verify, v?.state === 'skipped' ? v.reason : null, v?.state === 'stopped' ? v.exit_code : null, changedAfter(stages, verify)));
  const latest = latestCommand(stages, migrate);
  return { stages: out.map(({ command, state, detail }) => ({ command, state, detail })), ...nextStep(out, migrate, latest) };
}

/**
 * The stage that wrote the target after verify ended (stage 1 recreating tables, stage 2 loading
 * rows), the latest: verify's verdict is then about data that is no longer there.
 */
function changedAfter(stages: readonly StageStatus[], verify: VerifyStatus | null): { command: string; at: string } | null {
  if (verify === null) return null;
  let latest: { command: string; at: string } | null = null;
  for (const { stage, command } of PIPELINE.slice(0, 2)) {
    const s = stages.find((x) => x.stage === stage);
    if (s === undefined || s.tables === 0) continue;
    const at = s.last_table_event;
    if (at === null) continue;
    if (Date.parse(at) > Date.parse(verify.verified_at) && (latest === null || Date.parse(at) > Date.parse(latest.at))) latest = { command, at };
  }
  return latest;
}

function verifyOverview(
  v: VerifyStatus | null,
  skippedBy: string | null,
  stoppedWith: number | null,
  changed: { command: string; at: string } | null,
): StageOverview & { done: boolean; resume: null } {
  const stopped = stoppedWith === null ? null : `migrate stopped here with exit code ${stoppedWith}`;
  if (v === null) {
    return skippedBy !== null
      ? { command: 'verify', state: 'skipped', detail: `left out by ${skippedBy}`, done: false, resume: null }
      : { command: 'verify', state: 'not run', detail: stopped, done: false, resume: null };
  }
  // A verdict older than the last write to the target proves nothing about what is there now.
  if (changed !== null) {
    const verdict = v.counts_only ? (v.ok ? 'counts matched' : 'counts differed') : v.ok ? 'exact' : 'not exact';
    return { command: 'verify', state: 'out of date', detail: `${verdict} at ${v.verified_at}; ${changed.command} wrote the target after it, at ${changed.at}`, done: false, resume: null };
  }
  // --counts-only compares counts, never values: it says so, and it does not finish the job.
  if (v.counts_only) {
    return v.ok
      ? { command: 'verify', state: 'counts match', detail: `counts only, values not compared (${v.verified_at})`, done: false, resume: null }
      : { command: 'verify', state: 'counts differ', detail: `${v.not_exact.length} of ${v.tables} tables (${v.verified_at})`, done: false, resume: null };
  }
  return v.ok
    ? { command: 'verify', state: 'exact', detail: `every table, ${v.verified_at}`, done: true, resume: null }
    : { command: 'verify', state: 'differences found', detail: `${v.not_exact.length} of ${v.tables} tables not exact (${v.verified_at})`, done: false, resume: null };
}

/** The command of the latest run that recorded one: migrate's, or the newest stage file's. */
function latestCommand(stages: readonly StageStatus[], migrate: MigrateRecord | null): RecordedCommand | null {
  if (migrate !== null) return migrate.command;
  const withCommand = stages.filter((s) => s.last_command !== null).sort((a, b) => a.last_updated.localeCompare(b.last_updated));
  return withCommand.at(-1)?.last_command ?? null;
}

function nextStep(
  stages: readonly (StageOverview & { done: boolean; resume: string | null })[],
  migrate: MigrateRecord | null,
  latest: RecordedCommand | null,
): { next: string | null; reason: string } {
  const first = stages.find((s) => !s.done && s.state !== 'skipped');
  if (first === undefined) {
    const skipped = stages.some((s) => s.state === 'skipped');
    return skipped
      ? { next: latest ? commandLine(sameRunCommand(latest, 'verify')) : 'mssql2pg verify', reason: 'every stage completed; verify was skipped: prove the copy before cutover' }
      : { next: null, reason: 'every stage completed and verify found every table exact' };
  }
  // A migrate run goes on with its own command: each stage skips what it completed.
  const why = `\`${first.command}\`: ${first.state}${first.detail === null ? '' : `, ${first.detail}`}`;
  if (migrate !== null && first.command !== 'verify') return { next: resumeLine(migrate.command), reason: why };
  if (first.resume !== null) return { next: first.resume, reason: why };
  const base = latest ? sameRunCommand(latest, first.command) : { command: first.command, args: [] };
  const reason =
    first.command !== 'verify'
      ? `\`${first.command}\` has not started`
      : first.state === 'not run'
        ? 'verify has not run: prove the copy before cutover'
        : first.state === 'out of date'
          ? 'verify is out of date: verify again before cutover'
          : `verify: ${first.state}; after fixing (or re-syncing) those tables, verify again`;
  return { next: commandLine(base), reason };
}
