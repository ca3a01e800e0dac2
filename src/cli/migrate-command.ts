import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import { notMigratedParagraph } from '../assess/not-migrated-paragraph.js';
import { resolveFromFlags, withCommonOptions, type CommonFlags } from './flags.js';
import { withLoadOptions, type LoadFlags } from './load-flags.js';
import { withQueueOptions, type QueueFlags } from './distributed-flags.js';
import { withReadOptions, type ReadFlags } from './read-flags.js';
import { runMigrate, type MigrateStage } from './migrate.js';
import { runConstraintsCommand } from './replicate-constraints-command.js';
import { runSchemaCommand } from './replicate-schema-command.js';
import { resumeCommand } from './resume-command.js';
import { runDataCommand } from './sync-data-command.js';
import { runVerifyCommand } from './verify-command.js';

/**
 * The union of the four stages' own flags (each described as in its command), so that
 * `migrate` runs every stage exactly as `mssql2pg <stage> <same flags>` would.
 */
export function migrateCommandBuilder(y: Argv) {
  return withQueueOptions(withLoadOptions(withReadOptions(withCommonOptions(y))))
    .option('distributed', { type: 'boolean', default: false, describe: 'stage 2 as a distributed run: units queued for `mssql2pg worker` processes (see sync data --distributed)', group: 'Distributed:' })
    .option('queue-depth', { type: 'number', default: DEFAULTS.distributed.queueDepth, describe: 'with --distributed: units queued or running at once', group: 'Distributed:' })
    .option('parallel', { type: 'number', default: DEFAULTS.parallel, describe: 'units at once in every stage: tables or key ranges (data), builds (constraints), tables (verify); default CPU cores, at most 4', group: 'Run:' })
    .option('drop-existing', { type: 'boolean', default: false, describe: 'replicate schema: drop target tables that already exist (their data is lost)', group: 'Run:' })
    .option('primary-keys', { type: 'boolean', default: false, describe: 'replicate schema: create primary keys before the data instead of after it', group: 'Run:' })
    .option('maintenance-work-mem', { type: 'string', describe: 'replicate constraints: maintenance_work_mem per build, e.g. 1GB', group: 'Run:' })
    .option('fk-not-valid', { type: 'boolean', default: false, describe: 'replicate constraints: foreign keys NOT VALID, then VALIDATE separately', group: 'Run:' })
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
  'skip-verify': boolean;
  'counts-only': boolean;
  'range-rows'?: number;
  'accept-override'?: string[];
  repair: boolean;
} & ReadFlags &
  LoadFlags &
  QueueFlags & { distributed: boolean; 'queue-depth': number };

/** The stages with the flags each takes from migrate's. */
export function migrateStages(f: MigrateFlags): MigrateStage[] {
  const stages: MigrateStage[] = [
    {
      command: 'replicate schema',
      run: () => runSchemaCommand({ ...f, 'dry-run': false }),
    },
    {
      command: 'sync data',
      // migrate's flags are a superset of each stage's: every stage reads its own from them.
      run: () => runDataCommand(f),
    },
    {
      command: 'replicate constraints',
      run: () => runConstraintsCommand({ ...f, 'dry-run': false }),
    },
  ];
  if (!f['skip-verify']) {
    stages.push({
      command: 'verify',
      // verify keeps no progress: it compares everything again, so --resume/--reset do not apply.
      run: () => runVerifyCommand({ ...f, resume: undefined, reset: undefined }),
    });
  }
  return stages;
}

/** `mssql2pg migrate`: the stages in order; stops after the first that did not end cleanly. */
export async function runMigrateCommand(flags: MigrateFlags, args: readonly string[]): Promise<number> {
  return runMigrate(migrateStages(flags), {
    write: (line) => void process.stderr.write(`${line}\n`),
    resume: resumeCommand('migrate', args),
    notMigrated: () => notMigratedParagraph(resolveFromFlags(flags, { source: false, target: false }).progressDir),
  });
}
