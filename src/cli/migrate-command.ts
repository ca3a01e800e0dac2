import type { Argv } from 'yargs';
import { notMigratedParagraph } from '../assess/not-migrated-paragraph.js';
import { DEFAULTS } from '../config/defaults.js';
import { withQueueOptions, type QueueFlags } from './distributed-flags.js';
import { resolveFromFlags, withCommonOptions, type CommonFlags } from './flags.js';
import { withLoadOptions, type LoadFlags } from './load-flags.js';
import { withReadOptions, type ReadFlags } from './read-flags.js';
import { writeMigrateRecord } from '../progress/migrate-record.js';
import { resumeLine } from '../progress/recorded-command.js';
import type { CommandContext, PreparedCommand } from './command-context.js';
import { exitFor } from './exit-codes.js';
import { runMigrate, type MigrateStage } from './migrate.js';
import { prepareConstraintsCommand } from './replicate-constraints-command.js';
import { prepareSchemaCommand } from './replicate-schema-command.js';
import { recordedCommand } from './resume-command.js';
import { prepareDataCommand } from './sync-data-command.js';
import { prepareVerifyCommand } from './verify-command.js';

/**
 * The union of the four stages' own flags (each described as in its command), so that
 * `migrate` runs every stage exactly as `mssql2pg <stage> <same flags>` would.
 */
export function migrateCommandBuilder(y: Argv) {
  return withQueueOptions(withLoadOptions(withReadOptions(withCommonOptions(y))))
    .option('distributed', { type: 'boolean', default: false, describe: 'stage 2 as a distributed run: units queued for `mssql2pg worker` processes (see sync data --distributed)', group: 'Distributed:' })
    .option('queue-depth', { type: 'number', default: DEFAULTS.distributed.queueDepth, describe: 'with --distributed: units queued or running at once', group: 'Distributed:' })
    .option('parallel', { type: 'number', default: DEFAULTS.parallel, describe: 'units at once in every stage: tables or key ranges (data), builds (constraints), tables (verify); default CPU cores, at most 4; with --distributed, 0 = stage 2 only coordinates (constraints and verify then take their defaults)', group: 'Run:' })
    .option('drop-existing', { type: 'boolean', default: false, describe: 'replicate schema: drop target tables that already exist (their data is lost)', group: 'Run:' })
    .option('primary-keys', { type: 'boolean', default: false, describe: 'replicate schema: create primary keys before the data instead of after it', group: 'Run:' })
    .option('maintenance-work-mem', { type: 'string', describe: 'replicate constraints: maintenance_work_mem per build, e.g. 1GB', group: 'Run:' })
    .option('fk-not-valid', { type: 'boolean', default: false, describe: 'replicate constraints: foreign keys NOT VALID, then VALIDATE separately', group: 'Run:' })
    .option('force', { type: 'boolean', default: false, describe: 'replicate constraints: also on tables whose data has not completed', group: 'Run:' })
    .option('skip-verify', { type: 'boolean', default: false, describe: 'stop after replicate constraints (run mssql2pg verify later)', group: 'Run:' })
    .option('counts-only', { type: 'boolean', default: false, describe: 'verify: compare exact row counts only', group: 'Run:' })
    .option('range-rows', { type: 'number', describe: 'verify: rows per key range compared at once', group: 'Run:' })
    .option('accept-override', { type: 'string', array: true, describe: 'verify: accept the differences a changed column type causes (money, or schema.table.column)', group: 'Run:' })
    .option('repair', { type: 'boolean', default: false, describe: 'verify: reload the key ranges found different, then compare them again', group: 'Run:' })
    .example('$0 migrate', 'schema, data, constraints, verify: the whole migration')
    .example('$0 migrate --resume', 'after a failure or Ctrl-C: go on where it stopped')
    .example('$0 migrate --include "sales.*" --parallel 4', 'one schema, four at a time');
}

type MigrateFlags = CommonFlags & {
  parallel: number;
  'drop-existing': boolean;
  'primary-keys': boolean;
  'maintenance-work-mem'?: string;
  'fk-not-valid': boolean;
  force: boolean;
  'skip-verify': boolean;
  'counts-only': boolean;
  'range-rows'?: number;
  'accept-override'?: string[];
  repair: boolean;
} & ReadFlags &
  LoadFlags &
  QueueFlags & { distributed: boolean; 'queue-depth': number };

/**
 * The stages with the flags each takes from migrate's, every one checked and its settings
 * built now: a bad flag of any stage (`--parallel 0`, `--range-rows 0`) stops migrate before
 * stage 1 touches anything. Each stage runs as its own command would, and prints migrate's own
 * command (with --resume) as the one that goes on.
 */
export function migrateStages(f: MigrateFlags, ctx: CommandContext): MigrateStage[] {
  // `--distributed --parallel 0`: stage 2 only coordinates (the workers copy); the stages that
  // run here alone then take their own default.
  const alone = f.distributed && f.parallel === 0;
  const prepare: [string, () => PreparedCommand][] = [
    ['replicate schema', () => prepareSchemaCommand({ ...f, 'dry-run': false }, ctx)],
    // migrate's flags are a superset of each stage's: every stage reads its own from them.
    ['sync data', () => prepareDataCommand(f, ctx)],
    ['replicate constraints', () => prepareConstraintsCommand({ ...f, 'dry-run': false, ...(alone ? { parallel: DEFAULTS.constraintsParallel } : {}) }, ctx)],
  ];
  // verify keeps no progress: it compares everything again, so --resume/--reset do not apply.
  if (!f['skip-verify']) prepare.push(['verify', () => prepareVerifyCommand({ ...f, resume: undefined, reset: undefined, ...(alone ? { parallel: DEFAULTS.verifyParallel } : {}) }, ctx)]);
  return prepare.map(([command, build]) => {
    try {
      return build();
    } catch (err) {
      throw new StageRefused(command, prepare.map(([c]) => c), err);
    }
  });
}

/** A stage's flags or configuration refused before any stage ran. */
class StageRefused extends Error {
  constructor(
    readonly command: string,
    readonly all: readonly string[],
    override readonly cause: unknown,
  ) {
    super(`\`${command}\` refused to start`, { cause });
  }

  /** migrate's own line after the stage's error: what did not run, and that nothing was touched. */
  stopLine(): string {
    const first = this.all[0] === this.command;
    const notRun = first ? this.all.slice(1) : this.all;
    return (
      `migrate stopped: \`${this.command}\` refused to start (see the error above); nothing was touched` +
      `${first ? ' by it' : ': its flags are checked before the first stage runs'}. Not run: ${notRun.join(', ')}.`
    );
  }
}

/** `mssql2pg migrate`: the stages in order; stops after the first that did not end cleanly. */
export async function runMigrateCommand(flags: MigrateFlags, ctx: CommandContext): Promise<number> {
  const write = (line: string): void => void process.stderr.write(`${line}\n`);
  let stages: MigrateStage[];
  try {
    stages = migrateStages(flags, ctx);
  } catch (err) {
    if (!(err instanceof StageRefused)) throw err;
    const { code, message } = exitFor(err.cause);
    write(message);
    write('');
    write(err.stopLine());
    return code;
  }
  const config = resolveFromFlags(flags, { source: true, target: true }, ctx.invocation.cwd);
  const command = recordedCommand(ctx.invocation, config);
  const startedAt = new Date().toISOString();
  return runMigrate(stages, {
    write,
    resume: resumeLine(command),
    skipped: flags['skip-verify'] ? [{ command: 'verify', reason: '--skip-verify' }] : [],
    record: (states) =>
      writeMigrateRecord(config.progressDir, { started_at: startedAt, updated_at: new Date().toISOString(), command, stages: states }),
    notMigrated: () => notMigratedParagraph(config.progressDir),
  });
}
