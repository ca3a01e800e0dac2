// Benchmark: `verify` end to end against a real Postgres, next to stage 2 (`sync data`) on the
// same tables in the same run, with their ratio (the target: verify at least as fast) and
// verify's peak RSS (the target: below 200 MB). sync data runs in this process; verify runs in a
// process of its own (scripts/bench-verify-child.ts), as `mssql2pg verify` does, so that its
// memory is its own. The source rows are generated in memory (behind RowSource and
// VerifySource, in the shapes tedious delivers for each reader's SELECT), so this measures
// mssql2pg and Postgres, not SQL Server. Prints figures; asserts nothing.
// Run: npm run bench:verify [-- rowsPerTable tables parallel rangeRows]   (PG_URL to use your own server;
// BENCH_CHILD_FLAGS passes Node flags to the verify process, e.g. --max-old-space-size=40 to see
// how little of its heap is live data)
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { DEFAULT_LOAD_SETTINGS, DEFAULT_READ_SETTINGS } from '../src/load/settings.js';
import { openTargetPool } from '../src/postgres/pool.js';
import { replicateSchema } from '../src/stages/replicate-schema.js';
import { syncData } from '../src/stages/sync-data.js';
import { BENCH_WINDOW, benchConfig, runBench } from './bench-config.js';
import { BenchSource, type BenchVerifyArgs } from './bench-verify-source.js';

const ARGS: BenchVerifyArgs = {
  rows: Number(process.argv[2] ?? 500_000),
  tables: Number(process.argv[3] ?? 4),
  parallel: Number(process.argv[4] ?? 2),
  rangeRows: Number(process.argv[5] ?? 250_000),
};
const SCHEMA = 'mssql2pg_bench_verify';

interface ChildResult {
  readonly rows: number;
  readonly seconds: number;
  readonly bytes: number;
  readonly peakRss: number;
  /** RSS before verify started: Node, tsx and the modules loaded. */
  readonly rssAtStart: number;
  readonly peakHeap: number;
  readonly cpuSeconds: number;
}

runBench([SCHEMA], async (url, postgres) => {
  const source = new BenchSource(ARGS.rows, ARGS.tables);
  const config = benchConfig(url, SCHEMA);
  await replicateSchema(
    { config, loadCatalog: () => source.loadCatalog(), target: { mode: 'live', openTarget: (max) => openTargetPool(url, max) } },
    { window: BENCH_WINDOW, dropExisting: true, primaryKeys: false },
  );
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const synced = await syncData(
    { config, source, openTarget: (max) => openTargetPool(url, max) },
    { window: BENCH_WINDOW, parallel: ARGS.parallel, read: DEFAULT_READ_SETTINGS, load: { ...DEFAULT_LOAD_SETTINGS, retries: 0 } },
  );
  const syncS = (performance.now() - t0) / 1000;
  const syncCpu = process.cpuUsage(cpu0);
  if (synced.failed.length > 0) throw new Error(`bench sync failed: ${JSON.stringify(synced.failed)}`);

  // Key ranges read the target by index; stage 3 would create the primary key (untimed here).
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  for (let i = 0; i < ARGS.tables; i++) await admin.query(`CREATE INDEX IF NOT EXISTS bench${i}_id_verify ON ${SCHEMA}.bench${i} (id)`);
  await admin.end();

  const child = fileURLToPath(new URL('./bench-verify-child.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [...(process.env['BENCH_CHILD_FLAGS'] ?? '').split(' ').filter(Boolean), '--import', 'tsx', child, JSON.stringify({ ...ARGS, url, schema: SCHEMA })], { maxBuffer: 1 << 20 });
  const v = JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;

  const syncRate = synced.rows / syncS;
  const verifyRate = v.rows / v.seconds;
  const mb = (bytes: number, s: number): string => (bytes / 1_048_576 / s).toFixed(1);
  const count = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(`bench verify: ${ARGS.tables} tables x ${count(ARGS.rows)} rows x 10 columns, --parallel ${ARGS.parallel}, --range-rows ${count(ARGS.rangeRows)}, Postgres ${postgres}`);
  console.log(`  sync data: ${count(synced.rows)} rows in ${syncS.toFixed(1)} s: ${count(syncRate)} rows/s, ${mb(synced.bytes, syncS)} MB/s, ${((syncCpu.user + syncCpu.system) / 1e6).toFixed(1)} s CPU in mssql2pg`);
  console.log(`  verify:    ${count(v.rows)} rows in ${v.seconds.toFixed(1)} s: ${count(verifyRate)} rows/s, ${mb(v.bytes, v.seconds)} MB/s, ${v.cpuSeconds.toFixed(1)} s CPU in mssql2pg (every table exact)`);
  console.log(`  verify / sync data: ${(verifyRate / syncRate).toFixed(2)}x (target: at least 1.00x)`);
  const mib = (n: number): string => (n / 1_048_576).toFixed(0);
  console.log(`  verify's process: peak RSS ${mib(v.peakRss)} MB (target: below 200 MB; ${mib(v.rssAtStart)} MB before verify started, under tsx), peak V8 heap + Buffers ${mib(v.peakHeap)} MB`);
});
