// Child-process entry for the distributed tests: `mssql2pg worker` over fixture sources.
//   node --import tsx test/helpers/worker-child.ts '<WorkerChildArgs as JSON>'
// The worker loop is the CLI's own (src/distributed/worker-loop.ts) with the CLI's own signal
// handling; only the source resolution differs: every SQL Server database the queue names is
// answered by an in-memory source (test/helpers/worker-memory-source.ts), chosen by database
// name. No flag of the user's CLI swaps SQL Server out: this entry is test-only.
import { pathToFileURL } from 'node:url';
import { installInterruptHandler } from '../../src/cli/interrupts.js';
import { waitForStop } from '../../src/cli/worker-signals.js';
import { startWorkerLoop } from '../../src/distributed/worker-loop.js';
import { workerSourceSpec, type WorkerSourceArgs } from './worker-memory-source.js';

export interface WorkerChildArgs {
  readonly targetUrl: string;
  /** Source database name → its fixture tables. */
  readonly sources: Readonly<Record<string, WorkerSourceArgs>>;
  readonly host: string;
  readonly parallel?: number;
  readonly maxPerSource?: number | null;
  readonly heartbeatSeconds?: number;
}

async function main(args: WorkerChildArgs): Promise<void> {
  const write = (line: string): void => void process.stderr.write(`${line}\n`);
  // The CLI's own stop path, as runAsCli installs it for `mssql2pg worker`.
  const stop = installInterruptHandler(write);
  const worker = await startWorkerLoop(
    {
      targetUrl: args.targetUrl,
      sourceSpecFor: (s) => {
        const fixture = args.sources[s.database];
        return fixture === undefined ? null : workerSourceSpec(fixture);
      },
      log: write,
      host: args.host,
    },
    { parallel: args.parallel ?? 1, maxPerSource: args.maxPerSource ?? null, timing: { heartbeatSeconds: args.heartbeatSeconds ?? 10, pollSeconds: 0.5 } },
  );
  write(`worker ${args.host} ready`);
  await waitForStop(stop, (reason) => worker.abortUnits(reason));
  const tally = await worker.stop();
  stop.dispose();
  process.stdout.write(`${JSON.stringify(tally)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(JSON.parse(process.argv[2] ?? '{}') as WorkerChildArgs).catch((err: unknown) => {
    process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
    process.exitCode = 1;
  });
}
