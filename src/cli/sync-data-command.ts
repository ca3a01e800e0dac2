import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import type { NulPolicy } from '../copy/index.js';
import { UsageError } from '../errors.js';
import { openSqlServerRowSource } from '../source/index.js';
import { syncData } from '../stages/sync-data.js';
import { openTargetPool } from '../target/pool.js';
import { siblingModule } from '../workers/source-spec.js';
import { resolveFromFlags, optionalPositiveInt, withCommonOptions, type CommonFlags } from './flags.js';
import { runWithOutput, windowOptions } from './run-with-output.js';

/** One unit per core: a unit's read, encode and COPY keep about one core busy. Capped at 4 so a
 * default run does not open more than a few connections on each server. */
export const DEFAULT_PARALLEL = Math.max(1, Math.min(4, availableParallelism()));

export function dataCommandBuilder(y: Argv) {
  return withCommonOptions(y)
    .option('parallel', { type: 'number', default: DEFAULT_PARALLEL, describe: 'units (tables or key ranges) copied at once, each on its own worker thread with its own connections (default: CPU cores, at most 4)', group: 'Run:' })
    .option('retries', { type: 'number', default: 3, describe: 'retries per table for transient failures (1 s, 2 s, 4 s … 60 s)', group: 'Run:' })
    .option('chunk-rows', { type: 'number', default: 2_000_000, describe: 'split a table with an integer key into key ranges of about this many rows, each its own transaction (0: one transaction per table)', group: 'Run:' })
    .option('isolation', { choices: ['read-committed', 'snapshot'] as const, default: 'read-committed' as const, describe: 'SQL Server read isolation', group: 'Reading:' })
    .option('nolock', { type: 'boolean', default: false, describe: 'read WITH (NOLOCK): may skip or double-read rows (warned in the summary)', group: 'Reading:' })
    .option('truncate', { type: 'boolean', default: true, describe: 'empty each target table before loading it (--no-truncate keeps rows)', group: 'Writing:' })
    .option('strip-nul', { type: 'boolean', default: false, describe: 'drop U+0000 characters from text (Postgres cannot store them)', group: 'Writing:' })
    .option('replace-nul', { type: 'string', describe: 'replace U+0000 in text with this character', group: 'Writing:' })
    .option('replace-bad-unicode', { type: 'boolean', default: false, describe: 'replace unpaired UTF-16 surrogates with U+FFFD', group: 'Writing:' })
    .conflicts('strip-nul', 'replace-nul')
    .example('$0 sync data --parallel 4', 'copy every table, four at a time')
    .example('$0 sync data --resume', 'after an interruption: finish the rest (a big table continues with its remaining key ranges)')
    .example('$0 sync data --start-from-table Orders --max-tables 50', 'one batch window');
}

export type DataFlags = CommonFlags & {
  parallel: number;
  retries: number;
  'chunk-rows': number;
  isolation: 'read-committed' | 'snapshot';
  nolock: boolean;
  truncate: boolean;
  'strip-nul': boolean;
  'replace-nul'?: string;
  'replace-bad-unicode': boolean;
};

/** `mssql2pg sync data`: returns the exit code. */
export async function runDataCommand(flags: DataFlags): Promise<number> {
  const parallel = optionalPositiveInt(flags.parallel, '--parallel') ?? DEFAULT_PARALLEL;
  if (!Number.isInteger(flags.retries) || flags.retries < 0) throw new UsageError('--retries must be a whole number of at least 0.');
  const chunkRows = flags['chunk-rows'];
  if (!Number.isSafeInteger(chunkRows) || chunkRows < 0) throw new UsageError('--chunk-rows must be a whole number of at least 0 (0 turns key ranges off).');
  const config = resolveFromFlags(flags, { source: true, target: true });
  const window = windowOptions(flags);
  const encoder = { nul: nulPolicy(flags), surrogates: flags['replace-bad-unicode'] ? ('replace' as const) : ('error' as const) };
  // Connect before the renderer and the Ctrl-C handler start: a failed connect then leaves no
  // listr2 redraw timer (which would keep the process alive) and no SIGINT listener behind.
  // The main thread only reads the catalog and MIN/MAX of chunk keys; rows are read by the
  // workers, each opening its own source from this spec.
  const source = await openSqlServerRowSource(config.source, 1);
  const workers = {
    source: { module: siblingModule(import.meta.url, '../source/sql-server-source'), exportName: 'openSqlServerRowSource', args: [config.source, 1] },
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

/** Shared with `verify`, which must encode the source exactly as the copy did. */
export function nulPolicy(flags: Pick<DataFlags, 'strip-nul' | 'replace-nul'>): NulPolicy {
  if (flags['strip-nul']) return 'strip';
  const r = flags['replace-nul'];
  if (r !== undefined) {
    if ([...r].length !== 1 || r === '\0') throw new UsageError('--replace-nul takes exactly one character (not U+0000).');
    return { replace: r };
  }
  return 'error';
}
