// Benchmark: stage 2 end to end into a real Postgres on worker threads, for --parallel 1, 2 and
// 4: rows generated in memory (in the shapes the SQL Server reader delivers, one source per
// worker) → encoder → COPY, with the real orchestration, key ranges, tracker and pools. No SQL
// Server is involved, so this measures what mssql2pg and Postgres can do, not the source.
// Prints figures; asserts nothing.
// Run: npm run bench:sync [-- rowsPerTable tables chunkRows "1,2,4"]   (PG_URL to use your own server)
import { performance } from 'node:perf_hooks';
import { BENCH_WINDOW, benchConfig, runBench } from './bench-config.js';
import { replicateSchema } from '../src/stages/replicate-schema.js';
import { syncData } from '../src/stages/sync-data.js';
import { openTargetPool } from '../src/postgres/pool.js';
import type { WorkerMemory } from '../src/workers/messages.js';
import { siblingModule } from '../src/workers/source-spec.js';
import { openBenchSource, type BenchSourceArgs } from './bench-sync-source.js';
import { DEFAULT_LOAD_SETTINGS, DEFAULT_READ_SETTINGS } from '../src/load/settings.js';

const ROWS = Number(process.argv[2] ?? 500_000);
const TABLES = Number(process.argv[3] ?? 2);
const CHUNK_ROWS = Number(process.argv[4] ?? 125_000);
const PARALLEL = (process.argv[5] ?? '1,2,4').split(',').map(Number);

const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`;

async function runOnce(url: string, parallel: number): Promise<void> {
  const args: BenchSourceArgs = { tables: TABLES, rows: ROWS };
  const source = openBenchSource(args);
  const config = benchConfig(url, 'mssql2pg_bench');
  await replicateSchema(
    { config, loadCatalog: () => source.loadCatalog(), target: { mode: 'live', openTarget: (max) => openTargetPool(url, max) } },
    { window: BENCH_WINDOW, dropExisting: true, primaryKeys: false },
  );
  let peakRss = 0;
  let peakMainHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakMainHeap = Math.max(peakMainHeap, m.heapUsed + m.external);
  }, 100);
  let workers: readonly WorkerMemory[] = [];
  const t0 = performance.now();
  const summary = await syncData(
    {
      config,
      source,
      openTarget: (max) => openTargetPool(url, max),
      workers: {
        source: { module: siblingModule(import.meta.url, './bench-sync-source'), exportName: 'openBenchSource', args: [args] },
        targetUrl: url,
        onMemory: (m) => (workers = m),
      },
    },
    { window: BENCH_WINDOW, parallel, read: DEFAULT_READ_SETTINGS, load: { ...DEFAULT_LOAD_SETTINGS, retries: 0, chunkRows: CHUNK_ROWS } },
  );
  const s = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  if (summary.failed.length > 0) throw new Error(`bench failed: ${JSON.stringify(summary.failed)}`);
  console.log(
    `  --parallel ${parallel}: ${summary.rows.toLocaleString('en-US')} rows in ${s.toFixed(1)} s: ${Math.round(summary.rows / s).toLocaleString('en-US')} rows/s, ${(summary.bytes / 1_048_576 / s).toFixed(1)} MB/s of COPY text`,
  );
  console.log(
    `    peak RSS of the process (main thread and workers together): ${mb(peakRss)}; main thread heap+external: ${mb(peakMainHeap)}; each worker heap+external: ${workers.map((w) => mb(w.peakHeapBytes)).join(', ')}`,
  );
}

runBench(['mssql2pg_bench', 'mssql2pg'], async (url, postgres) => {
  console.log(
    `bench sync: ${TABLES} tables x ${ROWS.toLocaleString('en-US')} rows x 10 columns, key ranges of ${CHUNK_ROWS.toLocaleString('en-US')} rows, worker threads, Postgres ${postgres}`,
  );
  for (const parallel of PARALLEL) await runOnce(url, parallel);
});
