// Child-process entry for the distributed tests: `sync data --distributed` over a fixture source.
//   node --import tsx test/helpers/coordinator-child.ts '<CoordinatorChildArgs as JSON>'
// The coordinator reads the catalog and key bounds from an in-memory source and runs as the
// CLI does (runWithOutput: Ctrl-C handling, summary as JSON on stdout, exit code).
import { pathToFileURL } from 'node:url';
import { installInterruptHandler } from '../../src/cli/interrupts.js';
import { runWithOutput } from '../../src/cli/run-with-output.js';
import { coordinate } from '../../src/distributed/coordinator.js';
import { startWorkerLoop } from '../../src/distributed/worker-loop.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { syncOptions, type FlatSyncOptions } from './stage-options.js';
import { SYNC_DEFAULTS } from './sync-child.js';
import { testConfig } from './test-config.js';
import { openWorkerMemorySource, workerSourceSpec, type WorkerSourceArgs } from './worker-memory-source.js';

export interface CoordinatorChildArgs {
  readonly targetUrl: string;
  readonly progressDir: string;
  readonly database: string;
  readonly source: WorkerSourceArgs;
  /** A password in the coordinator's own configuration: it must reach no queue or state row. */
  readonly sourcePassword: string;
  readonly chunkRows: number;
  readonly parallel?: number;
  readonly resume?: boolean;
  readonly failFast?: boolean;
  readonly heartbeatSeconds?: number;
  readonly retries?: number;
}

async function main(args: CoordinatorChildArgs): Promise<void> {
  const config = testConfig(args.targetUrl, { progressDir: args.progressDir });
  const sourceConfig = { ...config.source, host: 'fixture-sql', database: args.database, password: args.sourcePassword };
  const identity = { host: 'fixture-sql', port: 1433, instanceName: null, database: args.database };
  const options: FlatSyncOptions = {
    ...SYNC_DEFAULTS,
    chunkRows: args.chunkRows,
    parallel: args.parallel ?? 0,
    resume: args.resume ?? false,
    failFast: args.failFast ?? false,
    retries: args.retries ?? 3,
    backoff: { baseMs: 1000, capMs: 2000 },
  };
  const timing = { heartbeatSeconds: args.heartbeatSeconds ?? 10, pollSeconds: 0.5 };
  // The CLI's own stop path, as runAsCli installs it, with the coordinator's drain on Ctrl-C.
  const stop = installInterruptHandler((line) => void process.stderr.write(`${line}\n`), { catchUnhandledRejections: true });
  stop.drainOnStop({ first: 'stopping: no new unit is handed out.', again: 'cancelling the units being copied.' });
  const output = { title: 'Syncing data (distributed)', verbose: false, json: true, rerun: 'mssql2pg sync data --distributed --resume', signal: stop.signal };
  process.exitCode = await runWithOutput(output, (listener, signal) =>
    coordinate(
      {
        config: { ...config, source: sourceConfig },
        source: openWorkerMemorySource(args.source),
        identity,
        targetUrl: args.targetUrl,
        openTarget: (max) => openTargetPool(args.targetUrl, max),
        listener,
        signal,
        onCancelHandle: (cancelRunning) => stop.beforeExit(cancelRunning),
        startLocalWorker: () =>
          startWorkerLoop(
            { targetUrl: args.targetUrl, sourceSpecFor: () => workerSourceSpec(args.source), log: (l) => process.stderr.write(`${l}\n`), host: 'coordinator' },
            { parallel: args.parallel ?? 0, maxPerSource: null, timing },
          ),
      },
      { ...syncOptions(options), distributed: { timing, queueDepth: 64 } },
    ),
  );
  stop.dispose();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(JSON.parse(process.argv[2] ?? '{}') as CoordinatorChildArgs).catch((err: unknown) => {
    process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
    process.exitCode = 1;
  });
}
