// Child-process entry point for the SIGKILL test (test/integration/sync-data-crash.test.ts):
//   node --import tsx test/helpers/sync-child.ts '<SyncChildArgs as JSON>'
// runs `sync data` over a MemoryRowSource whose big table is slow, so the test can kill the
// process mid-COPY and resume in its own process over the same progress directory. The rows are
// generated from a seed, so both processes (and the assertions) see exactly the same data.
// Also exports those deterministic tables and the option defaults for the tests.
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { TableModel } from '../../src/catalog/model.js';
import { syncData } from '../../src/stages/sync-data.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { installInterruptHandler } from '../../src/cli/interrupts.js';
import { runWithOutput } from '../../src/cli/run-with-output.js';
import { simpleTable } from './catalog-builder.js';
import { MemoryRowSource, type MemoryTable, type RowHook } from './memory-row-source.js';
import { syncOptions, type FlatSyncOptions } from './stage-options.js';
import { testConfig } from './test-config.js';
import { openWorkerMemorySource, workerSourceSpec, type WorkerSourceArgs } from './worker-memory-source.js';

export interface SyncChildArgs {
  readonly targetUrl: string;
  readonly progressDir: string;
  readonly rows: number;
  readonly seed: number;
  /** The hook sleeps `slowMs` before every `slowEveryRows`-th row. */
  readonly slowEveryRows: number;
  readonly slowMs: number;
  /** Key-range chunks of the big table (its estimate is `rows`); default: SYNC_DEFAULTS. */
  readonly chunkRows?: number;
  readonly parallel?: number;
  readonly resume?: boolean;
  /** Run the units on worker threads, over test/helpers/worker-memory-source.ts tables. */
  readonly workers?: boolean;
  /** Run as the CLI does (runWithOutput: Ctrl-C handler, summary, exit code 130 on interrupt). */
  readonly asCli?: boolean;
}

export const SYNC_DEFAULTS: FlatSyncOptions = {
  resume: false, reset: false, startFrom: null, until: null, maxTables: null, failFast: false,
  parallel: 1, retries: 3, isolation: 'read-committed', nolock: false, truncate: true, encoder: {},
  backoff: { baseMs: 10, capMs: 50 },
};

/** mulberry32: a tiny deterministic PRNG, so two processes generate the same rows. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters COPY TEXT must escape, and multi-byte UTF-8, mixed into the generated names.
const AWKWARD = ['\t', '\n', '\\', '\r', 'é', '€', '𝄞', '\\N', ' '];

/** `[Id, Name]` rows 1..count, Name random but fixed by the seed. */
export function* seededRows(count: number, seed: number): Generator<readonly unknown[]> {
  const random = prng(seed);
  for (let i = 1; i <= count; i++) {
    const extra = AWKWARD[Math.floor(random() * AWKWARD.length)]!;
    yield [i, `n${i}-${Math.floor(random() * 1e9).toString(36)}${extra}`];
  }
}

/** An `Id int identity primary key, Name nvarchar(200)` table with seeded rows. */
export function seededTable(schema: string, name: string, count: number, seed: number): MemoryTable {
  const model: TableModel = simpleTable(schema, name, count);
  return { model, shapes: ['integer', 'text'], rows: () => seededRows(count, seed) };
}

/**
 * count and md5 over `id:name` lines in id order: the same digest Postgres computes with
 * `md5(string_agg(id || ':' || name, E'\n' ORDER BY id))`, to compare big tables exactly.
 */
export function digestRows(rows: Iterable<readonly unknown[]>): { count: number; md5: string } {
  const lines: string[] = [];
  for (const [id, name] of rows) lines.push(`${String(id)}:${String(name)}`);
  return { count: lines.length, md5: createHash('md5').update(lines.join('\n'), 'utf8').digest('hex') };
}

export const CHILD_BIG_TABLE = 'dbo.Big';

export function childTables(args: Pick<SyncChildArgs, 'rows' | 'seed'>): MemoryTable[] {
  return [seededTable('dbo', 'Big', args.rows, args.seed), seededTable('dbo', 'Small', 50, args.seed + 1)];
}

/** The worker-thread variant's tables: dbo.Big (args.rows) and dbo.Small (50), rows indexed by key. */
export function workerChildSource(args: SyncChildArgs): WorkerSourceArgs {
  return {
    tables: [{ schema: 'dbo', name: 'Big', rows: args.rows }, { schema: 'dbo', name: 'Small', rows: 50 }],
    slowEveryRows: args.slowEveryRows,
    slowMs: args.slowMs,
  };
}

async function main(args: SyncChildArgs): Promise<void> {
  const slow: RowHook = async ({ rowIndex }) => {
    if (rowIndex > 0 && rowIndex % args.slowEveryRows === 0) await new Promise((r) => setTimeout(r, args.slowMs));
  };
  const config = testConfig(args.targetUrl, { progressDir: args.progressDir });
  const onWorkers = workerChildSource(args);
  const source = args.workers ? openWorkerMemorySource(onWorkers) : new MemoryRowSource(childTables(args), slow);
  const options: FlatSyncOptions = {
    ...SYNC_DEFAULTS,
    ...(args.chunkRows !== undefined ? { chunkRows: args.chunkRows } : {}),
    ...(args.parallel !== undefined ? { parallel: args.parallel } : {}),
    resume: args.resume ?? false,
  };
  const workers = args.workers ? { source: workerSourceSpec(onWorkers), targetUrl: args.targetUrl } : undefined;
  const deps = { config, source, openTarget: (max: number) => openTargetPool(args.targetUrl, max), workers };
  if (args.asCli) {
    // The CLI process's one interrupt path (src/cli/interrupts.ts), as runAsCli installs it.
    const stop = installInterruptHandler((line) => void process.stderr.write(`${line}\n`), { catchUnhandledRejections: true });
    const output = { title: 'Syncing data', verbose: false, json: true, rerun: 'mssql2pg sync data --resume', signal: stop.signal };
    process.exitCode = await runWithOutput(output, (listener, signal) => syncData({ ...deps, listener, signal }, syncOptions(options)));
    stop.dispose();
    return;
  }
  const summary = await syncData(deps, syncOptions(options));
  process.stdout.write(`${JSON.stringify({ succeeded: summary.succeeded, failed: summary.failed })}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(JSON.parse(process.argv[2] ?? '{}') as SyncChildArgs).catch((err: unknown) => {
    process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
    process.exitCode = 1;
  });
}
