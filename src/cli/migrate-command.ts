import type { Argv } from 'yargs';
import { withCommonOptions, type CommonFlags } from './flags.js';
import { withReadOptions, type ReadFlags } from './read-flags.js';
import { runMigrate, type MigrateStage } from './migrate.js';
import { runConstraintsCommand } from './replicate-constraints-command.js';
import { runSchemaCommand } from './replicate-schema-command.js';
import { resumeCommand } from './resume-command.js';
import { DEFAULT_PARALLEL, runDataCommand } from './sync-data-command.js';
import { runVerifyCommand } from './verify-command.js';

/**
 * The union of the four stages' own flags (each described as in its command), so that
 * `migrate` runs every stage exactly as `mssql2pg <stage> <same flags>` would.
 */
export function migrateCommandBuilder(y: Argv) {
  return withReadOptions(withCommonOptions(y))
    .option('parallel', { type: 'number', default: DEFAULT_PARALLEL, describe: 'units at once in every stage: tables or key ranges (data), builds (constraints), tables (verify); default CPU cores, at most 4', group: 'Run:' })
    .option('retries', { type: 'number', default: 3, describe: 'sync data: retries per table for transient failures', group: 'Run:' })
    .option('chunk-rows', { type: 'number', default: 2_000_000, describe: 'sync data: key ranges of about this many rows for big tables (0: off)', group: 'Run:' })
    .option('drop-existing', { type: 'boolean', default: false, describe: 'replicate schema: drop target tables that already exist (their data is lost)', group: 'Run:' })
    .option('primary-keys', { type: 'boolean', default: false, describe: 'replicate schema: create primary keys before the data instead of after it', group: 'Run:' })
    .option('maintenance-work-mem', { type: 'string', describe: 'replicate constraints: maintenance_work_mem per build, e.g. 1GB', group: 'Run:' })
    .option('fk-not-valid', { type: 'boolean', default: false, describe: 'replicate constraints: foreign keys NOT VALID, then VALIDATE separately', group: 'Run:' })
    .option('skip-verify', { type: 'boolean', default: false, describe: 'stop after replicate constraints (run mssql2pg verify later)', group: 'Run:' })
    .option('counts-only', { type: 'boolean', default: false, describe: 'verify: compare exact row counts only', group: 'Run:' })
    .option('range-rows', { type: 'number', describe: 'verify: rows per key range compared at once', group: 'Run:' })
    .option('truncate', { type: 'boolean', default: true, describe: 'sync data: empty each target table before loading it', group: 'Writing:' })
    .example('$0 migrate', 'schema, data, constraints, verify: the whole migration')
    .example('$0 migrate --resume', 'after a failure or Ctrl-C: go on where it stopped')
    .example('$0 migrate --include "sales.*" --parallel 4', 'one schema, four at a time');
}

type MigrateFlags = CommonFlags & {
  parallel: number;
  retries: number;
  'chunk-rows': number;
  'drop-existing': boolean;
  'primary-keys': boolean;
  'maintenance-work-mem'?: string;
  'fk-not-valid': boolean;
  'skip-verify': boolean;
  'counts-only': boolean;
  'range-rows'?: number;
  truncate: boolean;
} & ReadFlags;

/** The stages with the flags each takes from migrate's. */
export function migrateStages(f: MigrateFlags): MigrateStage[] {
  const reading = { isolation: f.isolation, nolock: f.nolock };
  const nul = { 'strip-nul': f['strip-nul'], 'replace-nul': f['replace-nul'], 'replace-bad-unicode': f['replace-bad-unicode'] };
  const stages: MigrateStage[] = [
    {
      command: 'replicate schema',
      run: () => runSchemaCommand({ ...f, 'dry-run': false, 'drop-existing': f['drop-existing'], 'primary-keys': f['primary-keys'] }),
    },
    {
      command: 'sync data',
      run: () => runDataCommand({ ...f, ...reading, ...nul, parallel: f.parallel, retries: f.retries, 'chunk-rows': f['chunk-rows'], truncate: f.truncate }),
    },
    {
      command: 'replicate constraints',
      run: () =>
        runConstraintsCommand({ ...f, 'dry-run': false, parallel: f.parallel, 'maintenance-work-mem': f['maintenance-work-mem'], 'fk-not-valid': f['fk-not-valid'] }),
    },
  ];
  if (!f['skip-verify']) {
    stages.push({
      command: 'verify',
      // verify keeps no progress: it compares everything again, so --resume/--reset do not apply.
      run: () =>
        runVerifyCommand({ ...f, ...reading, ...nul, resume: undefined, reset: undefined, parallel: f.parallel, 'counts-only': f['counts-only'], 'range-rows': f['range-rows'] }),
    });
  }
  return stages;
}

/** `mssql2pg migrate`: the stages in order; stops after the first that did not end cleanly. */
export async function runMigrateCommand(flags: MigrateFlags, args: readonly string[]): Promise<number> {
  return runMigrate(migrateStages(flags), {
    write: (line) => void process.stderr.write(`${line}\n`),
    resume: resumeCommand('migrate', args),
  });
}
