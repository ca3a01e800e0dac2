import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import { UsageError } from '../errors.js';
import { rerunLine } from '../progress/recorded-command.js';
import { replicateConstraints } from '../stages/replicate-constraints.js';
import { ddlTarget } from './ddl-target.js';
import { sourceGrantReader, type CommandContext, type PreparedCommand } from './command-context.js';
import { optionalPositiveInt, resolveFromFlags, withCommonOptions, type CommonFlags } from './flags.js';
import { recordedCommand } from './resume-command.js';
import { runWithOutput, windowOptions } from './run-with-output.js';

export function constraintsCommandBuilder(y: Argv) {
  return withCommonOptions(y)
    .option('dry-run', { type: 'boolean', default: false, describe: 'print the SQL on stdout (everything else on stderr); touch nothing', group: 'Run:' })
    .option('parallel', { type: 'number', default: DEFAULTS.constraintsParallel, describe: 'tables and index builds at once, each in its own transaction', group: 'Run:' })
    .option('maintenance-work-mem', { type: 'string', describe: 'maintenance_work_mem for each build, e.g. 1GB (default: the server setting)', group: 'Run:' })
    .option('fk-not-valid', {
      type: 'boolean',
      default: false,
      describe: 'create foreign keys NOT VALID, then VALIDATE CONSTRAINT separately (weaker lock; a failed validation leaves the key NOT VALID)',
      group: 'Run:',
    })
    .option('force', {
      type: 'boolean',
      default: false,
      describe: 'build keys and foreign keys on tables whose data (sync data) has not completed',
      group: 'Run:',
    })
    .example('$0 replicate constraints', 'after sync data: keys, indexes, checks, then foreign keys')
    .example('$0 replicate constraints --dry-run > post-data.sql', 'print the SQL only')
    .example('$0 replicate constraints --parallel 4 --maintenance-work-mem 1GB', 'four index builds at once, 1GB each')
    .example('$0 replicate constraints --resume', 'after fixing a failure: redo only unfinished tables');
}

export type ConstraintsFlags = CommonFlags & {
  'dry-run': boolean;
  parallel: number;
  'maintenance-work-mem'?: string;
  'fk-not-valid': boolean;
  force: boolean;
};

/** `1GB`, `512MB`, `65536kB`, or a plain number of kB: Postgres's units, case as Postgres wants it. */
export function parseMaintenanceWorkMem(value: string | undefined): string | null {
  if (value === undefined) return null;
  const m = /^\s*(\d+)\s*(kb|mb|gb|tb)?\s*$/i.exec(value);
  if (!m) throw new UsageError(`--maintenance-work-mem expects a size such as 1GB, 512MB or 65536kB (got "${value}").`);
  const unit = m[2] === undefined ? 'kB' : m[2].toLowerCase() === 'kb' ? 'kB' : m[2].toUpperCase();
  return `${m[1]}${unit}`;
}

/**
 * `mssql2pg replicate constraints`, checked and ready to run (see prepareDataCommand): flags,
 * configuration and --maintenance-work-mem are validated before anything connects.
 */
export function prepareConstraintsCommand(flags: ConstraintsFlags, ctx: CommandContext): PreparedCommand {
  const dryRun = flags['dry-run'];
  const parallel = optionalPositiveInt(flags.parallel, '--parallel') ?? DEFAULTS.constraintsParallel;
  const maintenanceWorkMem = parseMaintenanceWorkMem(flags['maintenance-work-mem']);
  const config = resolveFromFlags(flags, { source: true, target: !dryRun }, ctx.invocation.cwd);
  const window = windowOptions(flags);
  const command = recordedCommand(ctx.invocation, config);
  const output = { title: 'Replicating constraints', verbose: flags.verbose, json: flags.json, quiet: dryRun, rerun: rerunLine(command), signal: ctx.stop.signal };
  return {
    command: 'replicate constraints',
    run: () =>
      runWithOutput(output, (listener, signal) =>
        replicateConstraints(
          {
            config,
            loadCatalog: () => ctx.source.readCatalog(config.source, 'inventory'),
            target: ddlTarget(dryRun, config.target, signal),
            listener,
            signal,
            command,
            sourceGrants: sourceGrantReader(ctx, config),
          },
          { window, parallel, maintenanceWorkMem, fkNotValid: flags['fk-not-valid'], force: flags.force },
        ),
      ),
  };
}

/** `mssql2pg replicate constraints`: returns the exit code. */
export function runConstraintsCommand(flags: ConstraintsFlags, ctx: CommandContext): Promise<number> {
  return prepareConstraintsCommand(flags, ctx).run();
}
