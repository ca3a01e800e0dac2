// Benchmark: a distributed run (sync data --distributed) on one table with the fixture source,
// copied by 1, 2 and 3 `mssql2pg worker` processes (test/helpers/worker-child.ts, the CLI's own
// worker loop), and the queue's overhead per unit: claim to start (pg-boss hands out the job →
// the unit's copy starts) and commit to next claim (a unit's commit → the same worker slot's next
// claim). Rows/s over the copy window (first claim to last commit) and over the coordinator's
// whole run (its process start included). Prints figures; asserts nothing.
// Run: npm run bench:distributed [-- rows chunkRows "1,2,3"]   (PG_URL to use your own server)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { runBench } from './bench-config.js';
import { startCoordinator, startWorker, stopChild, until } from '../test/helpers/distributed-fleet.js';
import { indexedTable, type WorkerSourceArgs } from '../test/helpers/worker-memory-source.js';
import { replicateSchema } from '../src/stages/replicate-schema.js';
import { openTargetPool } from '../src/postgres/pool.js';
import { BENCH_WINDOW, benchConfig } from './bench-config.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const CHUNK_ROWS = Number(process.argv[3] ?? 62_500);
const WORKERS = (process.argv[4] ?? '1,2,3').split(',').map(Number);

function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function runOnce(adminUrl: string, workers: number): Promise<void> {
  const name = `mssql2pg_bench_dist_${workers}`;
  await query(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await query(adminUrl, `CREATE DATABASE ${name}`);
  const url = databaseUrl(adminUrl, name);
  try {
    const source: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Big', rows: ROWS }] };
    const table = indexedTable(source.tables[0]!);
    const config = { ...benchConfig(url, 'public'), naming: { schemaMap: {}, targetSchema: null, identifierStyle: 'lower' as const } };
    await replicateSchema(
      { config, loadCatalog: async () => ({ database: 'bench', tables: [table.model] }), target: { mode: 'live', openTarget: (max) => openTargetPool(url, max) } },
      { window: BENCH_WINDOW, dropExisting: true, primaryKeys: false },
    );
    const fleet = Array.from({ length: workers }, (_, i) => startWorker({ targetUrl: url, sources: { Bench: source }, host: `w${i + 1}` }));
    await until(() => fleet.every((w) => w.stderr().includes('ready')), 60_000, fleet);
    const t0 = performance.now();
    const coordinator = startCoordinator({
      targetUrl: url, progressDir: mkdtempSync(path.join(tmpdir(), 'mssql2pg-bench-dist-')), database: 'Bench', source,
      sourcePassword: 'bench', chunkRows: CHUNK_ROWS,
    });
    const code = await coordinator.exited;
    const wall = (performance.now() - t0) / 1000;
    await Promise.all(fleet.map(stopChild));
    if (code !== 0) throw new Error(`coordinator exited ${code}: ${coordinator.stderr().slice(-2000)}`);
    const [w] = await query<{ rows: string; window_s: number; units: number; claim_to_start_ms: number; commit_to_next_ms: number | null }>(
      url,
      `WITH u AS (SELECT *, lead(claimed_at) OVER (PARTITION BY worker_slot ORDER BY claimed_at) AS next_claim FROM mssql2pg.dist_units)
       SELECT sum(rows_read)::text AS rows, extract(epoch FROM max(finished_at) - min(claimed_at))::float8 AS window_s, count(*)::int AS units,
              avg(extract(epoch FROM started_at - claimed_at) * 1000)::float8 AS claim_to_start_ms,
              avg(extract(epoch FROM next_claim - finished_at) * 1000) FILTER (WHERE next_claim IS NOT NULL)::float8 AS commit_to_next_ms
         FROM u`,
    );
    const rows = Number(w!.rows);
    console.log(
      `  ${workers} worker process${workers === 1 ? '' : 'es'}: ${rows.toLocaleString('en-US')} rows in ${w!.units} units, ` +
        `${Math.round(rows / w!.window_s).toLocaleString('en-US')} rows/s over the copy window (${w!.window_s.toFixed(1)} s), ` +
        `${Math.round(rows / wall).toLocaleString('en-US')} rows/s over the coordinator's run (${wall.toFixed(1)} s); ` +
        `queue overhead per unit: claim to start ${w!.claim_to_start_ms.toFixed(0)} ms, commit to next claim ${w!.commit_to_next_ms === null ? '-' : w!.commit_to_next_ms.toFixed(0)} ms`,
    );
  } finally {
    await query(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

runBench([], async (url, postgres) => {
  console.log(
    `bench distributed: 1 table x ${ROWS.toLocaleString('en-US')} rows (int, text), key ranges of ${CHUNK_ROWS.toLocaleString('en-US')} rows, ` +
      `each worker process copying 1 unit at a time on a worker thread, Postgres ${postgres}`,
  );
  for (const n of WORKERS) await runOnce(url, n);
});
