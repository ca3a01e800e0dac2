// The source side of bench:tds-sync: a fixture catalog of `tables` copies of dbo.wide (the
// REPLAY server, test/helpers/tds-replay.ts, answers every query with the same recorded rows,
// so the catalog cannot come from it), and the module the stage-2 worker threads open their
// source from: the compiled SQL Server source (dist/sqlserver) over a connection to the replay.
// Plain JavaScript for the workers, so that they run as the installed CLI's do, without tsx.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CatalogModel } from '../src/catalog/model.js';
import { wideTable } from '../test/helpers/tds-replay.js';

export interface TdsBenchArgs {
  readonly port: number;
  readonly tables: number;
  readonly rowsPerTable: number;
}

export function tdsBenchCatalog(args: TdsBenchArgs): CatalogModel {
  return { database: 'tdscap', tables: Array.from({ length: args.tables }, (_, i) => wideTable(`wide${i + 1}`, args.rowsPerTable)) };
}

/** The workers' source module: plain JS over dist/ (written to a temp dir, pointed at by a SourceSpec). */
export function workerSourceModule(distDir: string): string {
  const dist = (file: string): string => JSON.stringify(pathToFileURL(path.join(distDir, file)).href);
  return `import { mssql } from ${dist('sqlserver/driver-modules.js')};
import { sqlServerRowSource } from ${dist('sqlserver/sql-server-source.js')};
export async function openTdsBenchSource(port) {
  const pool = await new mssql.ConnectionPool({
    server: '127.0.0.1', port, user: 'replay', password: 'replay', database: 'tdscap',
    options: { encrypt: false, trustServerCertificate: true, useUTC: true, textsize: 2147483647 },
    pool: { max: 2, min: 0 }, validateConnection: false, requestTimeout: 0,
  }).connect();
  const server = sqlServerRowSource(pool, 'tdscap');
  return { loadCatalog: async () => { throw new Error('workers read no catalog'); }, readTable: server.readTable, copyText: server.copyText, close: () => pool.close() };
}
`;
}

/**
 * The measured process: plain node running stage 2 from dist/, as the installed CLI does, so its
 * peak RSS and CPU are the CLI's and not tsx's. Reads one JSON argument, prints one JSON line.
 */
export function stageDriverModule(distDir: string): string {
  const dist = (file: string): string => JSON.stringify(pathToFileURL(path.join(distDir, file)).href);
  return `import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { mssql } from ${dist('sqlserver/driver-modules.js')};
import { syncData } from ${dist('stages/sync-data.js')};
import { openTargetPool } from ${dist('postgres/pool.js')};
import { sqlServerRowSource } from ${dist('sqlserver/sql-server-source.js')};
import { DEFAULT_LOAD_SETTINGS, DEFAULT_READ_SETTINGS } from ${dist('load/settings.js')};
import { WHOLE_SELECTION } from ${dist('run/window.js')};
const a = JSON.parse(process.argv[2]);
const catalog = JSON.parse(readFileSync(a.catalogFile, 'utf8'));
const config = { ...a.config, naming: { ...a.config.naming } };
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const pool = await new mssql.ConnectionPool({
  server: '127.0.0.1', port: a.port, user: 'replay', password: 'replay', database: 'tdscap',
  options: { encrypt: false, trustServerCertificate: true, useUTC: true }, pool: { max: 1, min: 0 }, validateConnection: false,
}).connect();
const server = sqlServerRowSource(pool, 'tdscap');
const source = { ...server, loadCatalog: async () => catalog, close: () => pool.close() };
const details = [];
let workers = [];
const startRss = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const summary = await syncData(
  {
    config, source, openTarget: (max) => openTargetPool(a.url, max),
    listener: (e) => void (e.type === 'table:detail' && details.push(e.table + ': ' + e.message)),
    workers: { source: { module: a.workerModule, exportName: 'openTdsBenchSource', args: [a.port] }, targetUrl: a.url, onMemory: (m) => (workers = m) },
  },
  { window: { ...WHOLE_SELECTION, failFast: true }, parallel: a.parallel, read: { ...DEFAULT_READ_SETTINGS, decoder: a.decoder }, load: { ...DEFAULT_LOAD_SETTINGS, retries: 0, chunkRows: 0 } },
);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
await source.close();
process.stdout.write(JSON.stringify({ rows: summary.rows, failed: summary.failed, seconds, cpuMicros: cpu.user + cpu.system, peakRss, startRss, workers: workers.map((w) => w.peakHeapBytes), details }) + '\\n');
`;
}

