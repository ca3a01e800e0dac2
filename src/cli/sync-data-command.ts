import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import { openTargetPool } from '../postgres/pool.js';
import { openSqlServerRowSource } from '../sqlserver/index.js';
import { syncData } from '../stages/sync-data.js';
import { siblingModule } from '../workers/source-spec.js';
import { optionalPositiveInt, resolveFromFlags, withCommonOptions, type CommonFlags } from './flags.js';
import { loadSettings, withLoadOptions, type LoadFlags } from './load-flags.js';
import { readSettings, withReadOptions, type ReadFlags } from './read-flags.js';
import { runWithOutput, windowOptions } from './run-with-output.js';

export function dataCommandBuilder(y: Argv) {
  return withLoadOptions(withReadOptions(withCommonOptions(y)))
    .option('parallel', { type: 'number', default: DEFAULTS.parallel, describe: 'units (tables or key ranges) copied at once, each on its own worker thread with its own connections (default: CPU cores, at most 4)', group: 'Run:' })
    .example('$0 sync data --parallel 4', 'copy every table, four at a time')
    .example('$0 sync data --resume', 'after an interruption: finish the rest (a big table continues with its remaining key ranges)')
    .example('$0 sync data --start-from-table Orders --max-tables 50', 'one batch window');
}

export type DataFlags = CommonFlags & { parallel: number } & ReadFlags & LoadFlags;

/** `mssql2pg sync data`: returns the exit code. */
export async function runDataCommand(flags: DataFlags): Promise<number> {
  const parallel = optionalPositiveInt(flags.parallel, '--parallel') ?? DEFAULTS.parallel;
  const load = loadSettings(flags);
  const read = readSettings(flags);
  const config = resolveFromFlags(flags, { source: true, target: true });
  const window = windowOptions(flags);
  // Connect before the renderer and the Ctrl-C handler start: a failed connect then leaves no
  // listr2 redraw timer (which would keep the process alive) and no SIGINT listener behind.
  // The main thread only reads the catalog and MIN/MAX of chunk keys; rows are read by the
  // workers, each opening its own source from this spec.
  const source = await openSqlServerRowSource(config.source, 1);
  const workers = {
    source: { module: siblingModule(import.meta.url, '../sqlserver/sql-server-source'), exportName: 'openSqlServerRowSource', args: [config.source, 1] },
    targetUrl: config.target.url,
  };
  try {
    return await runWithOutput({ title: 'Syncing data', verbose: flags.verbose, json: flags.json }, (listener, signal) =>
      syncData(
        { config, source, openTarget: (max) => openTargetPool(config.target.url, max), listener, signal, workers },
        { window, parallel, read, load },
      ),
    );
  } finally {
    await source.close();
  }
}
