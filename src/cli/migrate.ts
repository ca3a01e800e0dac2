/**
 * `mssql2pg migrate`: the stages in order (schema, data, constraints, verify), each run exactly
 * as its own command would run it, stopping after the first stage that did not end cleanly.
 * The stages print their own live view and summary; this adds one line per stage and, when it
 * stops, the exact command that goes on from there.
 */
import type { MigrateStageState } from '../progress/migrate-record.js';
import { EXIT, exitFor } from './exit-codes.js';

export interface MigrateStage {
  /** The command a user would type for this stage alone, e.g. `sync data`. */
  readonly command: string;
  /** Runs the stage with the migrate flags; resolves with that command's exit code. */
  run(): Promise<number>;
}

export interface MigrateOptions {
  /** Where migrate's own lines go (stderr, so `--json` summaries keep stdout). */
  readonly write: (line: string) => void;
  /** The `mssql2pg migrate ... --resume` command that continues this migration. */
  readonly resume: string;
  /** Stages left out on purpose (`--skip-verify`), shown by status as such. */
  readonly skipped?: readonly { readonly command: string; readonly reason: string }[];
  /** Records every stage's state (progress/migrate_run.json) before and after each stage. */
  readonly record?: (stages: readonly MigrateStageState[]) => Promise<void>;
  /** The account of what was not migrated (once stage 3 wrote one), printed last. */
  readonly notMigrated?: () => Promise<string | null>;
}

export async function runMigrate(stages: readonly MigrateStage[], o: MigrateOptions): Promise<number> {
  const code = await runStages(stages, o);
  const account = await o.notMigrated?.().catch((err: unknown) => `The account of what was not migrated could not be read: ${(err as Error).message}`);
  if (account) o.write(`\n${account}`);
  return code;
}

async function runStages(stages: readonly MigrateStage[], o: MigrateOptions): Promise<number> {
  const states: MigrateStageState[] = [
    ...stages.map((s): MigrateStageState => ({ command: s.command, state: 'not started' })),
    ...(o.skipped ?? []).map((s): MigrateStageState => ({ command: s.command, state: 'skipped', reason: s.reason })),
  ];
  const record = async (): Promise<boolean> => {
    try {
      await o.record?.(states);
      return true;
    } catch (err) {
      o.write(exitFor(err).message);
      return false;
    }
  };
  if (!(await record())) return EXIT.FATAL;
  for (const [i, stage] of stages.entries()) {
    o.write(`\n=== migrate ${i + 1}/${stages.length}: mssql2pg ${stage.command} ===`);
    states[i] = { command: stage.command, state: 'running' };
    if (!(await record())) return EXIT.FATAL;
    const code = await runStage(stage, o.write);
    states[i] = code === EXIT.OK ? { command: stage.command, state: 'completed' } : { command: stage.command, state: 'stopped', exit_code: code };
    const recorded = await record();
    if (code === EXIT.OK && recorded) continue;
    o.write('');
    o.write(stopMessage(stage.command, code, stages.slice(i + 1).map((s) => s.command)));
    if (code !== EXIT.USAGE) o.write(`To go on from here, run: ${o.resume}`);
    return recorded ? code : EXIT.FATAL;
  }
  o.write(`\nmigrate: all ${stages.length} stages finished (${stages.map((s) => s.command).join(', ')}).`);
  for (const left of o.skipped ?? []) o.write(`Left out: ${left.command} (${left.reason}); \`mssql2pg status\` prints the command that runs it.`);
  return EXIT.OK;
}

function stopMessage(command: string, code: number, notRun: readonly string[]): string {
  const skipped = notRun.length > 0 ? ` Not run: ${notRun.join(', ')}.` : '';
  switch (code) {
    case EXIT.TABLES_FAILED:
      return command === 'verify'
        ? `migrate stopped: verify found tables that differ (see above).`
        : `migrate stopped after \`${command}\`: some tables failed or were not started (see the summary above).${skipped}`;
    case EXIT.INTERRUPTED:
      return `migrate interrupted during \`${command}\`; progress is saved.${skipped}`;
    case EXIT.USAGE:
      return `migrate stopped: \`${command}\` refused to start (see the error above); nothing was touched by it.${skipped}`;
    default:
      return `migrate stopped: \`${command}\` failed (exit ${code}, see the error above).${skipped}`;
  }
}

/**
 * A stage command returns its exit code, or throws what would have ended it as a command of its
 * own (bad configuration, cannot connect): printed and mapped the same way main() does.
 */
async function runStage(stage: MigrateStage, write: (line: string) => void): Promise<number> {
  try {
    return await stage.run();
  } catch (err) {
    const { code, message } = exitFor(err);
    write(message);
    return code;
  }
}
