// Benchmark: stage 2 end to end (syncData on worker threads at the default --parallel, into a
// real Postgres) with the rows read (a) through the TDS decoder and (b) through tedious + the
// COPY encoder (--no-tds-decoder), side by side in one run. The rows come from a REPLAY server
// in its own process (the recorded 12-column `wide` response of a T-SQL server, its rows
// repeated; it is not SQL Server). Stage 2 runs compiled (dist/, built first) in a plain-node
// child process, workers included, as the installed CLI does: its CPU and peak RSS are the
// CLI's. Postgres (embedded, or PG_URL) runs on the same cores. Prints figures; asserts nothing.
// Run: npm run bench:tds-sync [-- rowsPerTable tables]   (default 250,000 x 4 = 1M rows)
// BENCH_CHILD_FLAGS passes Node flags to the measured process, e.g. --max-semi-space-size=2.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULTS } from '../src/config/defaults.js';
import { openTargetPool } from '../src/postgres/pool.js';
import { replicateSchema } from '../src/stages/replicate-schema.js';
import { startReplay, wideStreams } from '../test/helpers/tds-replay.js';
import { BENCH_WINDOW, benchConfig, runBench } from './bench-config.js';
import { stageDriverModule, tdsBenchCatalog, workerSourceModule, type TdsBenchArgs } from './bench-tds-source.js';

const RECORDED_ROWS = 5000;
const ROWS = Math.max(1, Math.round(Number(process.argv[2] ?? 250_000) / RECORDED_ROWS)) * RECORDED_ROWS;
const TABLES = Number(process.argv[3] ?? 4);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(repo, 'dist');
const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`;

interface DriverResult {
  rows: number;
  failed: unknown[];
  seconds: number;
  cpuMicros: number;
  peakRss: number;
  startRss: number;
  workers: number[];
  details: string[];
}

function runDriver(driver: string, args: object): Promise<DriverResult> {
  return new Promise((resolve, reject) => {
    const flags = (process.env['BENCH_CHILD_FLAGS'] ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...flags, driver, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as DriverResult) : reject(new Error(`stage driver exited with ${code}`))));
  });
}

runBench(['mssql2pg_bench_tds', 'mssql2pg'], async (url, postgres) => {
  execFileSync(process.execPath, [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', path.join(repo, 'tsconfig.json')], { stdio: 'inherit' });
  const replay = await startReplay(wideStreams(), ROWS / RECORDED_ROWS);
  const dir = mkdtempSync(path.join(tmpdir(), 'mssql2pg-bench-tds-'));
  const workerModule = path.join(dir, 'worker-source.mjs');
  const driver = path.join(dir, 'stage-driver.mjs');
  const catalogFile = path.join(dir, 'catalog.json');
  writeFileSync(workerModule, workerSourceModule(distDir));
  writeFileSync(driver, stageDriverModule(distDir));
  try {
    const args: TdsBenchArgs = { port: replay.port, tables: TABLES, rowsPerTable: ROWS };
    writeFileSync(catalogFile, JSON.stringify(tdsBenchCatalog(args)));
    console.log(
      `bench tds-sync: ${TABLES} tables x ${ROWS.toLocaleString('en-US')} rows x 12 columns (wide), replayed over loopback; ` +
        `sync data (compiled, plain node) on worker threads at the default --parallel ${DEFAULTS.parallel}; Postgres ${postgres}`,
    );
    for (const decoder of [true, false]) {
      const config = benchConfig(url, 'mssql2pg_bench_tds');
      await replicateSchema(
        { config, loadCatalog: async () => tdsBenchCatalog(args), target: { mode: 'live', openTarget: (max) => openTargetPool(url, max) } },
        { window: BENCH_WINDOW, dropExisting: true, primaryKeys: false },
      );
      const r = await runDriver(driver, { url, port: replay.port, catalogFile, decoder, parallel: DEFAULTS.parallel, config, workerModule: pathToFileURL(workerModule).href });
      if (r.failed.length > 0) throw new Error(`bench failed: ${JSON.stringify(r.failed)}`);
      if (decoder && r.details.length > 0) throw new Error(`the decoder was not used: ${r.details.join('; ')}`);
      console.log(
        `  ${decoder ? '(a) TDS decoder     ' : '(b) --no-tds-decoder'}: ${r.rows.toLocaleString('en-US')} rows in ${r.seconds.toFixed(2)} s, ` +
          `${Math.round(r.rows / r.seconds).toLocaleString('en-US')} rows/s; client CPU ${(r.cpuMicros / r.rows).toFixed(2)} µs/row (all threads); ` +
          `peak RSS ${mb(r.peakRss)} (${mb(r.startRss)} before the stage); workers' heap+external ${r.workers.map(mb).join(', ')}`,
      );
    }
  } finally {
    await replay.stop();
  }
});
