import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import type { ResolvedConfig } from '../config/types.js';
import { coordinate } from '../distributed/coordinator.js';
import { identityOf, sameSource } from '../distributed/source-identity.js';
import { startWorkerLoop } from '../distributed/worker-loop.js';
import { UsageError } from '../errors.js';
import type { LoadSettings, ReadSettings } from '../load/settings.js';
import { openTargetPool } from '../postgres/pool.js';
import { rerunLine, type RecordedCommand } from '../progress/recorded-command.js';
import { untilStopped } from '../run/until-stopped.js';
import type { WindowOptions } from '../run/window.js';
import type { RowSource } from '../sqlserver/contract.js';
import { syncData } from '../stages/sync-data.js';
import { sourceGrantReader, type CommandContext, type PreparedCommand } from './command-context.js';
import { maxPerSource, queueTiming, withQueueOptions, type QueueFlags } from './distributed-flags.js';
import { optionalPositiveInt, resolveFromFlags, withCommonOptions, type CommonFlags } from './flags.js';
import { loadSettings, withLoadOptions, type LoadFlags } from './load-flags.js';
import { readSettings, withReadOptions, type ReadFlags } from './read-flags.js';
import { recordedCommand } from './resume-command.js';
import { runWithOutput, windowOptions, type StageOutputOptions } from './run-with-output.js';

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

/** Everything a distributed run adds, checked with the rest before anything connects. */
interface CoordinatorSettings {
  readonly timing: ReturnType<typeof queueTiming>;
  readonly queueDepth: number;
  readonly cap: ReturnType<typeof maxPerSource>;
}

/**
 * `mssql2pg sync data`, checked and ready to run: every flag is validated and every settings
 * object built here, before anything connects, so a bad one stops it (and `migrate`, before
 * its first stage) with nothing touched.
 */
export function prepareDataCommand(flags: DataFlags, ctx: CommandContext): PreparedCommand {
  const distributed = flags.distributed;
  const parallel = distributed && flags.parallel === 0 ? 0 : (optionalPositiveInt(flags.parallel, '--parallel') ?? DEFAULTS.parallel);
  const load = loadSettings(flags);
  const read = readSettings(flags);
  const config = resolveFromFlags(flags, { source: true, target: true }, ctx.invocation.cwd);
  const window = windowOptions(flags);
  if (!distributed && flags['max-per-source'] !== undefined) {
    throw new UsageError('--max-per-source applies to --distributed runs and mssql2pg worker only.');
  }
  const coordinator: CoordinatorSettings | null = distributed
    ? {
        timing: queueTiming(flags),
        queueDepth: optionalPositiveInt(flags['queue-depth'], '--queue-depth') ?? DEFAULTS.distributed.queueDepth,
        cap: maxPerSource(flags),
      }
    : null;
  const command = recordedCommand(ctx.invocation, config);
  const title = distributed ? 'Syncing data (distributed)' : 'Syncing data';
  const output: StageOutputOptions = { title, verbose: flags.verbose, json: flags.json, rerun: rerunLine(command), signal: ctx.stop.signal };
  return {
    command: 'sync data',
    async run() {
      // The main thread only reads the catalog and MIN/MAX of chunk keys; rows are read by
      // the workers, each opening its own source from this spec.
      const source = await untilStopped(ctx.source.openRowSource(config.source, 1), ctx.stop.signal, (s) => s.close());
      try {
        if (coordinator !== null) {
          return await runCoordinator(ctx, output, coordinator, { config, source, window, parallel, read, load, command });
        }
        const workers = { source: ctx.source.workerSource(config.source), targetUrl: config.target.url, targetTimeouts: config.target };
        return await runWithOutput(output, (listener, signal) =>
          syncData(
            { config, source, openTarget: (max) => openTargetPool(config.target, max, signal), listener, signal, workers, command, sourceGrants: sourceGrantReader(ctx, config) },
            { window, parallel, read, load },
          ),
        );
      } finally {
        await source.close();
      }
    },
  };
}

/** `mssql2pg sync data`: returns the exit code. */
export function runDataCommand(flags: DataFlags, ctx: CommandContext): Promise<number> {
  return prepareDataCommand(flags, ctx).run();
}

/** Every unit goes through the queue; with --parallel N this process is also one of the workers. */
function runCoordinator(
  ctx: CommandContext,
  output: StageOutputOptions,
  s: CoordinatorSettings,
  o: {
    config: ResolvedConfig;
    source: RowSource;
    window: WindowOptions;
    parallel: number;
    read: ReadSettings;
    load: LoadSettings;
    command: RecordedCommand;
  },
): Promise<number> {
  const { config } = o;
  const identity = identityOf(config.source);
  // The units being copied by workers run to their commit after the first Ctrl-C (they are
  // minutes long, and a worker rolls nothing back on our account), so no grace period.
  ctx.stop.drainOnStop({
    first: 'stopping: no new unit is handed out; the units being copied finish and commit (press Ctrl-C again to cancel them).',
    again: 'cancelling the units being copied (rolled back; --resume goes on with them).',
  });
  return runWithOutput(output, (listener, signal) =>
    coordinate(
      {
        config, source: o.source, identity, targetUrl: config.target.url, listener, signal, command: o.command,
        openTarget: (max) => openTargetPool(config.target, max, signal),
        // The second Ctrl-C cancels the units the workers are copying before it exits.
        onCancelHandle: (cancelRunning) => ctx.stop.beforeExit(cancelRunning),
        startLocalWorker: () =>
          startWorkerLoop(
            {
              targetUrl: config.target.url,
              sourceSpecFor: (candidate) => (sameSource(candidate, identity) ? ctx.source.workerSource(config.source) : null),
              log: (line) => listener({ type: 'notice', message: line }),
            },
            { parallel: o.parallel, maxPerSource: s.cap, timing: s.timing },
          ),
      },
      { window: o.window, parallel: o.parallel, read: o.read, load: o.load, distributed: { timing: s.timing, queueDepth: s.queueDepth } },
    ),
  );
}
