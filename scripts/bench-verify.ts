// Benchmark: `verify` end to end against a real Postgres, next to stage 2 (`sync data`) on the
// same tables in the same run, with their ratio (the target: verify at least as fast) and the
// peak RSS of this process during verify. The source rows are generated in memory (behind
// RowSource and VerifySource, in the shapes tedious delivers for each reader's SELECT), so this
// measures mssql2pg and Postgres, not SQL Server. Prints figures; asserts nothing.
// Run: npm run bench:verify [-- rowsPerTable tables parallel rangeRows]   (PG_URL to use your own server)
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { TableModel } from '../src/catalog/model.js';
import type { ChunkKey, KeyRange } from '../src/plan/key-ranges.js';
import type { KeyBounds, ReadTableOptions, TableRead, VerifyRead, VerifyReadOptions } from '../src/sqlserver/contract.js';
import { verifyColumnRead } from '../src/sqlserver/verify-read.js';
import { BENCH_WINDOW, benchConfig, runBench } from './bench-config.js';
import { replicateSchema } from '../src/stages/replicate-schema.js';
import { syncData } from '../src/stages/sync-data.js';
import { openTargetPool } from '../src/postgres/pool.js';
import { verifyTables } from '../src/verify/verify.js';
import type { MemoryTable } from '../test/helpers/memory-row-source.js';
import { MemoryVerifySource } from '../test/helpers/memory-verify-source.js';
import { BENCH_SHAPES, benchModel, benchRow } from './bench-sync-source.js';
import { DEFAULT_LOAD_SETTINGS, DEFAULT_READ_SETTINGS } from '../src/load/settings.js';

const ROWS = Number(process.argv[2] ?? 500_000);
const TABLES = Number(process.argv[3] ?? 4);
const PARALLEL = Number(process.argv[4] ?? 2);
const RANGE_ROWS = Number(process.argv[5] ?? 250_000);

/** The same 10-column tables as scripts/bench-sync.ts. */
function benchTable(i: number): MemoryTable {
  return {
    model: benchModel(i, ROWS),
    shapes: BENCH_SHAPES,
    rows: function* () {
      for (let n = 0; n < ROWS; n++) yield benchRow(n);
    },
  };
}

/**
 * The memory double answers counts, key bounds and key ranges by generating every row again;
 * SQL Server answers them from its indexes, on its own CPU. So that the figure measures
 * mssql2pg and Postgres, this source knows its keys (Id = 0 … ROWS-1) and generates only a
 * range's rows, without the double's per-row test hook.
 */
class BenchSource extends MemoryVerifySource {
  override async countRows(): Promise<number> {
    return ROWS;
  }

  override async keyBounds(): Promise<KeyBounds> {
    return { min: '0', max: String(ROWS - 1) };
  }

  override readTableRange(t: TableModel, _key: ChunkKey, range: KeyRange, options: ReadTableOptions): TableRead {
    const from = range.lo === null ? 0 : Math.max(0, Number(range.lo));
    const to = range.hi === null ? ROWS : Math.min(ROWS, Number(range.hi));
    const rows = async function* (): AsyncGenerator<readonly unknown[]> {
      for (let n = from; n < to; n++) {
        options.signal.throwIfAborted();
        yield benchRow(n);
      }
    };
    return { columns: t.columns.map((c, i) => ({ name: c.name, shape: BENCH_SHAPES[i]! })), rows: rows() };
  }

  // verify's read of these columns delivers the same JS values as stage 2's (ids in key order).
  override readForVerify(t: TableModel, options: VerifyReadOptions): VerifyRead {
    const range = options.range?.range ?? { lo: null, hi: null };
    const from = range.lo === null ? 0 : Math.max(0, Number(range.lo));
    const to = range.hi === null ? ROWS : Math.min(ROWS, Number(range.hi));
    // In batches of 500 rows, as the SQL Server reader buffers them (readRowBatches).
    const rows = async function* (): AsyncGenerator<readonly (readonly unknown[])[]> {
      for (let n = from; n < to; n += 500) {
        options.signal.throwIfAborted();
        const batch: unknown[][] = [];
        for (let k = n; k < Math.min(n + 500, to); k++) batch.push(benchRow(k));
        yield batch;
      }
    };
    return { columns: t.columns.map((c) => ({ name: c.name, shape: verifyColumnRead(t.name, c).shape })), rows: rows() };
  }
}

runBench(['mssql2pg_bench_verify'], async (url, postgres) => {
  const tables = Array.from({ length: TABLES }, (_, i) => benchTable(i));
  const source = new BenchSource(tables);
  const config = benchConfig(url, 'mssql2pg_bench_verify');
  await replicateSchema(
    { config, loadCatalog: () => source.loadCatalog(), target: { mode: 'live', openTarget: (max) => openTargetPool(url, max) } },
    { window: BENCH_WINDOW, dropExisting: true, primaryKeys: false },
  );
  const t0 = performance.now();
  const synced = await syncData(
    { config, source, openTarget: (max) => openTargetPool(url, max) },
    { window: BENCH_WINDOW, parallel: PARALLEL, read: DEFAULT_READ_SETTINGS, load: { ...DEFAULT_LOAD_SETTINGS, retries: 0 } },
  );
  const syncS = (performance.now() - t0) / 1000;
  if (synced.failed.length > 0) throw new Error(`bench sync failed: ${JSON.stringify(synced.failed)}`);

  // Key ranges read the target by index; stage 3 would create the primary key (untimed here).
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  for (let i = 0; i < TABLES; i++) await admin.query(`CREATE INDEX IF NOT EXISTS bench${i}_id_verify ON mssql2pg_bench_verify.bench${i} (id)`);
  await admin.end();

  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const t1 = performance.now();
  const verified = await verifyTables(
    { config, source, openTarget: (max) => openTargetPool(url, max) },
    { window: BENCH_WINDOW, parallel: PARALLEL, read: DEFAULT_READ_SETTINGS, countsOnly: false, rangeRows: RANGE_ROWS },
  );
  const verifyS = (performance.now() - t1) / 1000;
  clearInterval(sampler);
  if (!verified.report.ok) throw new Error(`bench verify found differences: ${JSON.stringify(verified.summary.failed)}`);
  const rows = verified.summary.rows;
  const syncRate = synced.rows / syncS;
  const verifyRate = rows / verifyS;
  const mb = (bytes: number, s: number): string => (bytes / 1_048_576 / s).toFixed(1);
  console.log(`bench verify: ${TABLES} tables x ${ROWS.toLocaleString('en-US')} rows x 10 columns, --parallel ${PARALLEL}, --range-rows ${RANGE_ROWS.toLocaleString('en-US')}, Postgres ${postgres}`);
  console.log(`  sync data: ${synced.rows.toLocaleString('en-US')} rows in ${syncS.toFixed(1)} s: ${Math.round(syncRate).toLocaleString('en-US')} rows/s, ${mb(synced.bytes, syncS)} MB/s`);
  console.log(`  verify:    ${rows.toLocaleString('en-US')} rows in ${verifyS.toFixed(1)} s: ${Math.round(verifyRate).toLocaleString('en-US')} rows/s, ${mb(verified.summary.bytes, verifyS)} MB/s (every table exact)`);
  console.log(`  verify / sync data: ${(verifyRate / syncRate).toFixed(2)}x (target: at least 1.00x)`);
  console.log(`  peak RSS of the mssql2pg process during verify: ${(peakRss / 1_048_576).toFixed(0)} MB (target: below 200 MB)`);
});
