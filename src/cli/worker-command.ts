/**
 * `mssql2pg worker`: claims units of any distributed run from the queue in the target database
 * and copies them. Connection settings come from this host only: PG_URL / --pg-url / the config
 * file for the target, and for sources the same settings as every command plus --sources FILE.
 * SIGTERM or Ctrl-C: no new unit; exits 0 once the units in hand have committed. A second one
 * aborts them (rolled back; the queue gives them to another worker) and exits 130.
 */
import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import { resolveConfig } from '../config/resolve.js';
import type { SourceConfig } from '../config/types.js';
import { sourceCredentials, readSourcesFile } from '../distributed/source-credentials.js';
import { startWorkerLoop } from '../distributed/worker-loop.js';
import { EXIT } from './exit-codes.js';
import { maxPerSource, queueTiming, withQueueOptions, type QueueFlags } from './distributed-flags.js';
import { optionalPositiveInt } from './flags.js';
import type { CommandContext } from './command-context.js';
import { waitForStop } from './worker-signals.js';

export function workerCommandBuilder(y: Argv) {
  return withQueueOptions(y)
    .option('config', { type: 'string', describe: 'JSON config file (default config/mssql2pg.json if present): target.url and one source', group: 'Configuration:' })
    .option('pg-url', { type: 'string', describe: 'PostgreSQL URL of the target database that holds the queue (or PG_URL)', group: 'PostgreSQL:' })
    .option('sources', { type: 'string', describe: 'JSON file listing the SQL Server databases this worker may read, with their logins: {"sources": [{"url": "mssql://…"}, …]}', group: 'SQL Server:' })
    .option('parallel', { type: 'number', default: DEFAULTS.parallel, describe: 'units copied at once, each on its own thread (default: CPU cores, at most 4)', group: 'Run:' })
    .example('$0 worker --parallel 4', 'serve the queue in PG_URL with the source in MSSQL_URL')
    .example('$0 worker --sources fleet.json --max-per-source 8', 'fleet: many source databases, at most 8 units per SQL Server');
}

export type WorkerFlags = QueueFlags & { config?: string; 'pg-url'?: string; sources?: string; parallel: number };

export async function runWorkerCommand(flags: WorkerFlags, ctx: CommandContext): Promise<number> {
  const parallel = optionalPositiveInt(flags.parallel, '--parallel') ?? DEFAULTS.parallel;
  const timing = queueTiming(flags);
  const cap = maxPerSource(flags);
  const config = resolveConfig({ flags: { targetUrl: flags['pg-url'] }, configPath: flags.config, env: process.env, cwd: ctx.invocation.cwd, needSource: false, needTarget: true });
  const own: SourceConfig[] = config.source.host !== '' && config.source.database !== '' && config.source.user !== '' ? [config.source] : [];
  const listed = flags.sources === undefined ? [] : readSourcesFile(flags.sources, ctx.invocation.cwd);
  const credentials = sourceCredentials([...listed, ...own]);
  const write = (line: string): void => void process.stderr.write(`${line}\n`);
  const worker = await startWorkerLoop(
    {
      targetUrl: config.target.url,
      sourceSpecFor: (s) => {
        const found = credentials.lookup(s);
        return found === null ? null : ctx.source.workerSource(found);
      },
      log: write,
    },
    { parallel, maxPerSource: cap, timing },
  );
  write(
    `mssql2pg worker: serving the queue with ${parallel} unit(s) at once${cap === null ? '' : `, at most ${cap} per SQL Server`}; ` +
      `sources: ${credentials.known.length === 0 ? 'none (set MSSQL_URL or --sources)' : credentials.known.join(', ')}. SIGTERM stops it after its current units.`,
  );
  await waitForStop(ctx.stop, (reason) => worker.abortUnits(reason));
  const tally = await worker.stop();
  write(`mssql2pg worker: stopped; ${tally.done} unit(s) committed, ${tally.retried} retried, ${tally.dropped} dropped, ${tally.failed} failed.`);
  return EXIT.OK;
}
