import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { openSqlServerRowSource } from '../sqlserver/index.js';
import { syncData } from '../stages/sync-data.js';
import { openTargetPool } from '../postgres/pool.js';
import { siblingModule } from '../workers/source-spec.js';
import { resolveFromFlags, optionalPositiveInt, withCommonOptions, type CommonFlags } from './flags.js';
import { encoderOptions, withReadOptions, type ReadFlags } from './read-flags.js';
import { runWithOutput, windowOptions } from './run-with-output.js';

/** One unit per core: a unit's read, encode and COPY keep about one core busy. Capped at 4 so a
 * default run does not open more than a few connections on each server. */
export const DEFAULT_PARALLEL = Math.max(1, Math.min(4, availableParallelism()));

export function dataCommandBuilder(y: Argv) {
  return withReadOptions(withCommonOptions(y))
    .option('parallel', { type: 'number', default: DEFAULT_PARALLEL, describe: 'units (tables or key ranges) copied at once, each on its own worker thread with its own connections (default: CPU cores, at most 4)', group: 'Run:' })
    .option('retries', { type: 'number', default: 3, describe: 'retries per table for transient failures (1 s, 2 s, 4 s … 60 s)', group: 'Run:' })
    .option('chunk-rows', { type: 'number', default: 2_000_000, describe: 'split a table with an integer key into key ranges of about this many rows, each its own transaction (0: one transaction per table)', group: 'Run:' })
    .option('truncate', { type: 'boolean', default: true, describe: 'empty each target table before loading it (--no-truncate keeps rows)', group: 'Writing:' })
    .example('$0 sync data --parallel 4', 'copy every table, four at a time')
    .example('$0 sync data --resume', 'after an interruption: finish the rest (a big table continues with its remaining key ranges)')
    .example('$0 sync data --start-from-table Orders --max-tables 50', 'one batch window');
}

export type DataFlags = CommonFlags & {
  parallel: number;
  retries: number;
  'chunk-rows': number;
  truncate: boolean;
} & ReadFlags;

/** `mssql2pg sync data`: returns the exit code. */
export async function runDataCommand(flags: DataFlags): Promise<number> {
  const parallel = optionalPositiveInt(flags.parallel, '--parallel') ?? DEFAULT_PARALLEL;
  if (!Number.isInteger(flags.retries) || flags.retries < 0) throw new UsageError('--retries must be a whole number of at least 0.');
  const chunkRows = flags['chunk-rows'];
  if (!Number.isSafeInteger(chunkRows) || chunkRows < 0) throw new UsageError('--chunk-rows must be a whole number of at least 0 (0 turns key ranges off).');
  const config = resolveFromFlags(flags, { source: true, target: true });
  const window = windowOptions(flags);
  const encoder = encoderOptions(flags);
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
        {
          ...window,
          parallel,
          retries: flags.retries,
          chunkRows,
          isolation: flags.isolation,
          nolock: flags.nolock,
          truncate: flags.truncate,
          encoder,
        },
      ),
    );
  } finally {
    await source.close();
  }
}

