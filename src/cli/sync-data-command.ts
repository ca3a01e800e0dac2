import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import { openTargetPool } from '../postgres/pool.js';
import { rerunLine } from '../progress/recorded-command.js';
import { syncData } from '../stages/sync-data.js';
import { sourceGrantReader, type CommandContext, type PreparedCommand } from './command-context.js';
import { optionalPositiveInt, resolveFromFlags, withCommonOptions, type CommonFlags } from './flags.js';
import { recordedCommand } from './resume-command.js';
import { untilStopped } from '../run/until-stopped.js';
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

/**
 * `mssql2pg sync data`, checked and ready to run: every flag is validated and every settings
 * object built here, before anything connects, so a bad one stops it (and `migrate`, before
 * its first stage) with nothing touched.
 */
export function prepareDataCommand(flags: DataFlags, ctx: CommandContext): PreparedCommand {
  const parallel = optionalPositiveInt(flags.parallel, '--parallel') ?? DEFAULTS.parallel;
  const load = loadSettings(flags);
  const read = readSettings(flags);
  const config = resolveFromFlags(flags, { source: true, target: true }, ctx.invocation.cwd);
  const window = windowOptions(flags);
  const command = recordedCommand(ctx.invocation, config);
  const output = { title: 'Syncing data', verbose: flags.verbose, json: flags.json, rerun: rerunLine(command), signal: ctx.stop.signal };
  return {
    command: 'sync data',
    async run() {
      // The main thread only reads the catalog and MIN/MAX of chunk keys; rows are read by
      // the workers, each opening its own source from this spec.
      const source = await untilStopped(ctx.source.openRowSource(config.source, 1), ctx.stop.signal, (s) => s.close());
      const workers = { source: ctx.source.workerSource(config.source), targetUrl: config.target.url, targetTimeouts: config.target };
      try {
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
