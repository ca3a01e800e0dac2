import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import type { ResolvedConfig } from '../config/types.js';
import { coordinate } from '../distributed/coordinator.js';
import { identityOf, sameSource } from '../distributed/source-identity.js';
import { startWorkerLoop } from '../distributed/worker-loop.js';
import { UsageError } from '../errors.js';
import type { LoadSettings, ReadSettings } from '../load/settings.js';
import { openTargetPool } from '../postgres/pool.js';
import type { RowSource } from '../sqlserver/contract.js';
import { openSqlServerRowSource } from '../sqlserver/index.js';
import { syncData } from '../stages/sync-data.js';
import type { WindowOptions } from '../run/window.js';
import { siblingModule, type SourceSpec } from '../workers/source-spec.js';
import { maxPerSource, queueTiming, withQueueOptions, type QueueFlags } from './distributed-flags.js';
import { optionalPositiveInt, resolveFromFlags, withCommonOptions, type CommonFlags } from './flags.js';
import { loadSettings, withLoadOptions, type LoadFlags } from './load-flags.js';
import { readSettings, withReadOptions, type ReadFlags } from './read-flags.js';
import { runWithOutput, windowOptions } from './run-with-output.js';

export function dataCommandBuilder(y: Argv) {
  return withQueueOptions(withLoadOptions(withReadOptions(withCommonOptions(y))))
    .option('parallel', { type: 'number', default: DEFAULTS.parallel, describe: 'units (tables or key ranges) copied at once, each on its own worker thread with its own connections (default: CPU cores, at most 4; with --distributed, 0 = coordinate only)', group: 'Run:' })
    .option('distributed', { type: 'boolean', default: false, describe: 'coordinate: queue the units in the target database for `mssql2pg worker` processes on any host (see README "Distributed runs")', group: 'Distributed:' })
    .option('queue-depth', { type: 'number', default: DEFAULTS.distributed.queueDepth, describe: 'with --distributed: units queued or running at once', group: 'Distributed:' })
    .example('$0 sync data --parallel 4', 'copy every table, four at a time')
    .example('$0 sync data --resume', 'after an interruption: finish the rest (a big table continues with its remaining key ranges)')
    .example('$0 sync data --start-from-table Orders --max-tables 50', 'one batch window')
    .example('$0 sync data --distributed --parallel 0', 'coordinate a run that `mssql2pg worker` processes on other hosts copy');
}

export type DataFlags = CommonFlags & { parallel: number; distributed: boolean; 'queue-depth': number } & ReadFlags & LoadFlags & QueueFlags;

/** `mssql2pg sync data`: returns the exit code. */
export async function runDataCommand(flags: DataFlags): Promise<number> {
  const distributed = flags.distributed;
  const parallel = distributed && flags.parallel === 0 ? 0 : (optionalPositiveInt(flags.parallel, '--parallel') ?? DEFAULTS.parallel);
  const load = loadSettings(flags);
  const read = readSettings(flags);
  const config = resolveFromFlags(flags, { source: true, target: true });
  const window = windowOptions(flags);
  // Connect before the renderer and the Ctrl-C handler start: a failed connect then leaves no
  // listr2 redraw timer (which would keep the process alive) and no SIGINT listener behind.
  // The main thread only reads the catalog and MIN/MAX of chunk keys; rows are read by the
  // workers, each opening its own source from this spec.
  const source = await openSqlServerRowSource(config.source, 1);
  try {
    if (distributed) return await runCoordinator(flags, { config, source, window, parallel, read, load });
    if (flags['max-per-source'] !== undefined) throw new UsageError('--max-per-source applies to --distributed runs and mssql2pg worker only.');
    const workers = { source: sqlServerSpec(config), targetUrl: config.target.url };
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

/** Every unit goes through the queue; with --parallel N this process is also one of the workers. */
function runCoordinator(
  flags: DataFlags,
  o: { config: ResolvedConfig; source: RowSource; window: WindowOptions; parallel: number; read: ReadSettings; load: LoadSettings },
): Promise<number> {
  const { config } = o;
  const timing = queueTiming(flags);
  const queueDepth = optionalPositiveInt(flags['queue-depth'], '--queue-depth') ?? DEFAULTS.distributed.queueDepth;
  const cap = maxPerSource(flags);
  const identity = identityOf(config.source);
  return runWithOutput({ title: 'Syncing data (distributed)', verbose: flags.verbose, json: flags.json }, (listener, signal, beforeExit) =>
    coordinate(
      {
        config, source: o.source, identity, targetUrl: config.target.url, listener, signal,
        openTarget: (max) => openTargetPool(config.target.url, max),
        onCancelHandle: beforeExit,
        startLocalWorker: () =>
          startWorkerLoop(
            {
              targetUrl: config.target.url,
              sourceSpecFor: (s) => (sameSource(s, identity) ? sqlServerSpec(config) : null),
              log: (line) => listener({ type: 'notice', message: line }),
            },
            { parallel: o.parallel, maxPerSource: cap, timing },
          ),
      },
      { window: o.window, parallel: o.parallel, read: o.read, load: o.load, distributed: { timing, queueDepth } },
    ),
  );
}

/** A worker thread opens its own SQL Server source from this (the password stays in this process). */
export function sqlServerSpec(config: Pick<ResolvedConfig, 'source'>): SourceSpec {
  return { module: siblingModule(import.meta.url, '../sqlserver/sql-server-source'), exportName: 'openSqlServerRowSource', args: [config.source, 1] };
}
