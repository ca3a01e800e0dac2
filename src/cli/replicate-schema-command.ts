import type { Argv } from 'yargs';
import { rerunLine } from '../progress/recorded-command.js';
import { replicateSchema } from '../stages/replicate-schema.js';
import { ddlTarget } from './ddl-target.js';
import { sourceGrantReader, type CommandContext, type PreparedCommand } from './command-context.js';
import { resolveFromFlags, withCommonOptions, type CommonFlags } from './flags.js';
import { recordedCommand } from './resume-command.js';
import { runWithOutput, windowOptions } from './run-with-output.js';

export function schemaCommandBuilder(y: Argv) {
  return withCommonOptions(y)
    .option('dry-run', { type: 'boolean', default: false, describe: 'print the DDL; touch nothing in the target', group: 'Run:' })
    .option('drop-existing', { type: 'boolean', default: false, describe: 'drop target tables that already exist (their data is lost)', group: 'Run:' })
    .option('primary-keys', {
      type: 'boolean',
      default: false,
      describe:
        'create primary keys now (duplicates are refused during the load) instead of in "replicate constraints" ' +
        'after the data; loading through the key is slower (1M rows: 3.5 s vs 2.8 s for COPY then ADD PRIMARY KEY)',
      group: 'Run:',
    })
    .example('$0 replicate schema', 'create every table (config from config/mssql2pg.json, MSSQL_URL, PG_URL)')
    .example('$0 replicate schema --dry-run > schema.sql', 'print the DDL only')
    .example('$0 replicate schema --resume', 'after fixing a failure: redo only unfinished tables');
}

export type SchemaFlags = CommonFlags & { 'dry-run': boolean; 'drop-existing': boolean; 'primary-keys': boolean };

/**
 * `mssql2pg replicate schema`, checked and ready to run: flags and configuration are validated
 * here, so a bad one stops it (and `migrate`, before its first stage) with nothing touched.
 */
export function prepareSchemaCommand(flags: SchemaFlags, ctx: CommandContext): PreparedCommand {
  const dryRun = flags['dry-run'];
  const config = resolveFromFlags(flags, { source: true, target: !dryRun }, ctx.invocation.cwd);
  const window = windowOptions(flags);
  const command = recordedCommand(ctx.invocation, config);
  const output = { title: 'Replicating schema', verbose: flags.verbose, json: flags.json, quiet: dryRun, rerun: rerunLine(command), signal: ctx.stop.signal };
  return {
    command: 'replicate schema',
    run: () =>
      runWithOutput(output, (listener, signal) =>
        replicateSchema(
          {
            config,
            loadCatalog: () => ctx.source.readCatalog(config.source, 'objects'),
            target: ddlTarget(dryRun, config.target, signal),
            listener,
            signal,
            command,
            sourceGrants: sourceGrantReader(ctx, config),
          },
          { window, dropExisting: flags['drop-existing'], primaryKeys: flags['primary-keys'] },
        ),
      ),
  };
}

/** `mssql2pg replicate schema`: returns the exit code. */
export function runSchemaCommand(flags: SchemaFlags, ctx: CommandContext): Promise<number> {
  return prepareSchemaCommand(flags, ctx).run();
}
