import type { Argv } from 'yargs';
import { resolveConfig } from '../config/resolve.js';
import { readCatalogFromServer } from '../source/index.js';
import { replicateSchema } from '../stages/replicate-schema.js';
import { openTargetPool } from '../target/pool.js';
import { EXIT } from './exit-codes.js';
import { layerFromFlags, optionalPositiveInt, withCommonOptions, type CommonFlags } from './flags.js';
import { installInterruptHandler } from './interrupts.js';
import { createOutput } from './output.js';

export function schemaCommandBuilder(y: Argv) {
  return withCommonOptions(y)
    .option('dry-run', { type: 'boolean', default: false, describe: 'print the DDL; touch nothing in the target', group: 'Run:' })
    .option('drop-existing', { type: 'boolean', default: false, describe: 'drop target tables that already exist (their data is lost)', group: 'Run:' })
    .example('$0 replicate schema', 'create every table (config from config/mssql2pg.json, MSSQL_URL, PG_URL)')
    .example('$0 replicate schema --dry-run > schema.sql', 'print the DDL only')
    .example('$0 replicate schema --resume', 'after fixing a failure: redo only unfinished tables');
}

type SchemaFlags = CommonFlags & { 'dry-run': boolean; 'drop-existing': boolean };

/** `mssql2pg replicate schema`: returns the exit code. */
export async function runSchemaCommand(flags: SchemaFlags): Promise<number> {
  const dryRun = flags['dry-run'];
  const config = resolveConfig({
    flags: layerFromFlags(flags),
    configPath: flags.config,
    env: process.env,
    cwd: process.cwd(),
    needSource: true,
    needTarget: !dryRun,
  });
  const output = createOutput({ title: 'Replicating schema', verbose: flags.verbose, json: flags.json, quiet: dryRun });
  const interrupts = installInterruptHandler((l) => process.stderr.write(`${l}\n`));
  try {
    const summary = await replicateSchema(
      {
        config,
        loadCatalog: () => readCatalogFromServer(config.source),
        openTarget: () => openTargetPool(config.target.url, 1),
        listener: output.listener,
        signal: interrupts.signal,
        printDdl: (sql) => process.stdout.write(`${sql}\n`),
      },
      {
        resume: flags.resume,
        reset: flags.reset,
        startFrom: flags['start-from-table'] ?? null,
        until: flags['until-table'] ?? null,
        maxTables: optionalPositiveInt(flags['max-tables'], '--max-tables'),
        failFast: flags['fail-fast'],
        dryRun,
        dropExisting: flags['drop-existing'],
      },
    );
    await output.finish(summary);
    if (summary.interrupted) return EXIT.INTERRUPTED;
    return summary.failed.length > 0 || summary.notRun.length > 0 ? EXIT.TABLES_FAILED : EXIT.OK;
  } catch (err) {
    await output.finish(null);
    throw err;
  } finally {
    interrupts.dispose();
  }
}
