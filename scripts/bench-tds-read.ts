// Benchmark: client CPU per row to read + decode + COPY-encode the 12-column `wide` row
// (bigint key, int, bit, decimal(18,4), float, datetime2(7), date, nvarchar(100), varchar(200),
// uniqueidentifier, varbinary(32), money), side by side:
//   (a) today's path: tedious rows (mssql stream, arrayRowMode) → createRowEncoder →
//       encodeCopyChunks, with today's SELECT (money and decimal(18,4) CAST to varchar);
//   (b) the TDS decoder: readCopyChunks, the response decoded straight into COPY text.
// The rows come from a REPLAY server (test/helpers/tds-replay-server.ts): the recorded
// wide-5000 response, its rows repeated, served over loopback by a child process, so socket
// reading counts for the client while the server's CPU does not. It is not SQL Server.
// COPY goes into a null sink (no Postgres): the figures are the client's read + decode +
// encode. Prints figures, asserts nothing.
// Run: npm run bench:tds [-- rows]   (default 1,000,000; rounded to whole 5,000-row repeats)
import mssql from 'mssql';
import type { ValueShape } from '../src/catalog/value-shape.js';
import { createRowEncoder, encodeCopyChunks } from '../src/copy/index.js';
import { readRows } from '../src/sqlserver/row-stream.js';
import { readCopyChunks } from '../src/sqlserver/tds/read-copy-chunks.js';
import { replayPoolConfig, startReplay, wideStreams } from '../test/helpers/tds-replay.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const ONLY = process.env['BENCH_TDS_ONLY']; // 'today' or 'decoder', for profiling one path
const REPEAT = Math.max(1, Math.round(ROWS / 5000));
const COLUMNS = ['id', 'qty', 'flag', 'price', 'ratio', 'created', 'day', 'name', 'note', 'guid', 'payload', 'amount'];
/** Today's SELECT for dbo.wide (src/sqlserver/column-read.ts): decimal(18,4) and money as text. */
const TODAY_SQL = `SELECT id, qty, flag, CAST(price AS varchar(50)) AS price, ratio, created, day, name, note, guid, payload, CAST(CAST(amount AS decimal(19,4)) AS varchar(50)) AS amount FROM dbo.wide`;
const TODAY_SHAPES: ValueShape[] = ['bigint-text', 'integer', 'boolean', 'decimal-text', 'float', 'timestamp-value', 'date-value', 'text', 'text', 'uuid', 'binary', 'decimal-text'];
const DECODER_SQL = 'SELECT id, qty, flag, price, ratio, created, day, name, note, guid, payload, amount FROM dbo.wide';

interface Figures {
  rows: number;
  bytes: number;
  cpuMicros: number;
  wallMs: number;
  peakRss: number;
}

async function measure(run: (onChunk: (bytes: number, rows: number) => void) => Promise<void>): Promise<Figures> {
  const f: Figures = { rows: 0, bytes: 0, cpuMicros: 0, wallMs: 0, peakRss: process.memoryUsage().rss };
  let chunks = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run((bytes, rows) => {
    f.bytes += bytes;
    f.rows += rows;
    if ((++chunks & 63) === 0) f.peakRss = Math.max(f.peakRss, process.memoryUsage().rss);
  });
  const cpu = process.cpuUsage(cpu0);
  f.wallMs = performance.now() - t0;
  f.cpuMicros = cpu.user + cpu.system;
  f.peakRss = Math.max(f.peakRss, process.memoryUsage().rss);
  return f;
}

function today(pool: mssql.ConnectionPool) {
  return async (onChunk: (bytes: number, rows: number) => void): Promise<void> => {
    const encodeRow = createRowEncoder(COLUMNS.map((name, i) => ({ name, shape: TODAY_SHAPES[i]! })));
    let rows = 0;
    const chunks = encodeCopyChunks(readRows(new mssql.Request(pool), TODAY_SQL, new AbortController().signal), encodeRow, { onRows: (n) => (rows = n) });
    for await (const chunk of chunks) onChunk(chunk.length, rows);
  };
}

function decoder(pool: mssql.ConnectionPool) {
  return async (onChunk: (bytes: number, rows: number) => void): Promise<void> => {
    const read = await readCopyChunks(pool, { sql: DECODER_SQL, signal: new AbortController().signal });
    if ('fallback' in read) throw new Error(`the decoder fell back: ${read.fallback}`);
    for await (const chunk of read.chunks) onChunk(chunk.bytes.length, chunk.rows);
  };
}

function line(label: string, f: Figures): string {
  const us = f.cpuMicros / f.rows;
  return `  ${label}: ${us.toFixed(2)} µs CPU/row, ${Math.round(f.rows / (f.wallMs / 1000)).toLocaleString('en-US')} rows/s wall, ${(f.bytes / 1_048_576).toFixed(0)} MB COPY text, peak RSS ${(f.peakRss / 1_048_576).toFixed(0)} MB`;
}

async function main(): Promise<void> {
  const server = await startReplay(wideStreams(), REPEAT);
  const pool = new mssql.ConnectionPool(replayPoolConfig(server.port, 1));
  await pool.connect();
  try {
    console.log(`bench tds-read: ${(REPEAT * 5000).toLocaleString('en-US')} rows x 12 columns (wide), replayed over loopback; COPY into a null sink (no Postgres)`);
    const results: Record<string, Figures> = {};
    for (const [name, run] of [['today', today(pool)], ['decoder', decoder(pool)]] as const) {
      if (ONLY && ONLY !== name) continue;
      results[name] = await measure(run);
      if (results[name].rows !== REPEAT * 5000) throw new Error(`${name}: ${results[name].rows} rows`);
      console.log(line(name === 'today' ? '(a) today: tedious rows + createRowEncoder' : '(b) TDS decoder: readCopyChunks', results[name]));
    }
    if (results['today'] && results['decoder']) {
      console.log(`  ratio: the decoder uses ${(results['today'].cpuMicros / results['decoder'].cpuMicros).toFixed(1)}x less client CPU per row (target: <= 1.5 µs/row)`);
    }
  } finally {
    await pool.close();
    await server.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
