// Loads scripts/sample-shop.sql into a SQL Server and counts its rows. The edge of the demo
// that talks T-SQL; the script itself is plain SQL so it also runs with sqlcmd -i.
import { readFile } from 'node:fs/promises';
import sql from 'mssql';
import { mssqlConfigFromUrl } from '../test/helpers/sqlserver.js';
import { quoteSqlServerName, splitSqlBatches, withDatabase } from './demo-sql-script.js';

export const SAMPLE_DATABASE = 'mssql2pg_demo';
export const SAMPLE_SCRIPT = new URL('./sample-shop.sql', import.meta.url);

export interface LoadedSample {
  /** mssql:// URL of the sample database (same server and login as the given URL). */
  readonly url: string;
  /** Exact row count per `schema.table`, sorted by name. */
  readonly rowCounts: ReadonlyMap<string, number>;
}

/**
 * Runs the sample script. The first batch (CREATE DATABASE when missing) runs in the database
 * of `serverUrl` (usually master); the rest run on a connection opened on the sample database
 * itself, rather than relying on `USE` sticking to a pooled connection.
 */
export async function loadSampleShop(serverUrl: string): Promise<LoadedSample> {
  const [createDatabase, ...rest] = splitSqlBatches(await readFile(SAMPLE_SCRIPT, 'utf8'));
  if (!createDatabase) throw new Error(`${SAMPLE_SCRIPT.pathname} has no batches`);
  await withMssqlPool(serverUrl, async (pool) => {
    await runBatch(pool, createDatabase, 1);
  });
  const url = withDatabase(serverUrl, SAMPLE_DATABASE);
  const rowCounts = await withMssqlPool(url, async (pool) => {
    for (const [index, batch] of rest.entries()) await runBatch(pool, batch, index + 2);
    return countRows(pool);
  });
  return { url, rowCounts };
}

/** Connects with a one-connection pool (so session settings hold across batches), always closes. */
export async function withMssqlPool<T>(url: string, work: (pool: sql.ConnectionPool) => Promise<T>): Promise<T> {
  const config = mssqlConfigFromUrl(url);
  const pool = new sql.ConnectionPool({ ...config, pool: { min: 0, max: 1 } });
  await pool.connect();
  try {
    return await work(pool);
  } finally {
    await pool.close();
  }
}

async function runBatch(pool: sql.ConnectionPool, batch: string, batchNumber: number): Promise<void> {
  try {
    await pool.request().batch(batch);
  } catch (cause) {
    const firstLine = batch.split('\n').find((line) => line.trim() && !line.trim().startsWith('--')) ?? '';
    throw new Error(`sample-shop.sql batch ${batchNumber} failed (starts with: ${firstLine.trim().slice(0, 80)})`, { cause });
  }
}

/** Exact counts (COUNT_BIG), not sys.partitions estimates: the demo compares them with Postgres. */
export async function countRows(pool: sql.ConnectionPool): Promise<Map<string, number>> {
  const tables = await pool.request().query<{ schema_name: string; table_name: string }>(
    `SELECT s.name AS schema_name, t.name AS table_name
       FROM sys.tables AS t JOIN sys.schemas AS s ON s.schema_id = t.schema_id
      WHERE t.is_ms_shipped = 0
      ORDER BY s.name, t.name`,
  );
  const counts = new Map<string, number>();
  for (const { schema_name, table_name } of tables.recordset) {
    const qualified = `${quoteSqlServerName(schema_name)}.${quoteSqlServerName(table_name)}`;
    const result = await pool.request().query<{ n: string }>(`SELECT CONVERT(varchar(20), COUNT_BIG(*)) AS n FROM ${qualified}`);
    counts.set(`${schema_name}.${table_name}`, Number(result.recordset[0]?.n ?? 0));
  }
  return counts;
}
