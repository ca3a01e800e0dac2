/**
 * The VerifySource over SQL Server: stage 2's RowSource plus exact counts and key-range reads,
 * on the same pool.
 */
import mssql from 'mssql';
import type { ConnectionPool } from 'mssql';
import type { SourceConfig } from '../config/types.js';
import { Mssql2pgError } from '../errors.js';
import type { ReadTableOptions, TableRead } from '../stages/row-source.js';
import type { CountOptions, VerifySource } from '../verify/verify-source.js';
import type { KeyStats } from '../verify/key-ranges.js';
import { openSourcePool } from './connect.js';
import { isolationStatement, translateIsolationError } from './isolation.js';
import { buildKeyRangeSelect, keyStatsSql } from './key-range-select.js';
import { poolQueryRunner, readCatalog } from './read-catalog.js';
import { readRows } from './row-stream.js';
import { countRowsSql, buildSelect } from './select-builder.js';

/** A pool for `parallel` table reads plus one for counts and the catalog. */
export async function openSqlServerVerifySource(source: SourceConfig, parallel: number): Promise<VerifySource> {
  const pool = await openSourcePool(source, parallel + 1);
  return {
    loadCatalog: () => readCatalog(poolQueryRunner(pool)),
    readTable: (table, options) => read(pool, source.database, buildSelect(table, { nolock: options.nolock }), {}, options),
    readKeyRange: (table, key, range, options) => {
      const plan = buildKeyRangeSelect(table, key, range, { nolock: options.nolock });
      return read(pool, source.database, plan, plan.params, options);
    },
    countRows: async (table, options) => {
      const [row] = await query<{ row_count: string }>(pool, countRowsSql(table, options), options);
      return toCount(row?.row_count);
    },
    keyStats: async (table, key, options) => keyStatsOf(await query(pool, keyStatsSql(table, key, options), options)),
    close: () => pool.close(),
  };
}

/** tedious returns COUNT_BIG as a decimal string and the CONVERTed bounds as strings (NULL on an empty table). */
export function keyStatsOf(rows: readonly { row_count?: unknown; min_key?: unknown; max_key?: unknown }[]): KeyStats {
  const row = rows[0];
  const bound = (v: unknown): bigint | null => (v === null || v === undefined ? null : BigInt(String(v)));
  return { rows: toCount(row?.row_count), min: bound(row?.min_key), max: bound(row?.max_key) };
}

function toCount(value: unknown): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Mssql2pgError(`SQL Server returned an unexpected row count ${String(value)}`);
  return n;
}

async function query<T>(pool: ConnectionPool, sql: string, options: CountOptions): Promise<T[]> {
  options.signal.throwIfAborted();
  const request = pool.request();
  const onAbort = (): void => request.cancel();
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return (await request.query<T>(sql)).recordset ?? [];
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
}

function read(
  pool: ConnectionPool,
  database: string,
  plan: { sql: string; columns: TableRead['columns'] },
  params: Readonly<Record<string, string>>,
  options: ReadTableOptions,
): TableRead {
  // As in stage 2: the SET and the SELECT in one batch, so they run on the same connection.
  const batch = `${isolationStatement(options.isolation)};\n${plan.sql}`;
  return { columns: plan.columns, rows: streamRows(pool, database, batch, params, options.signal) };
}

async function* streamRows(
  pool: ConnectionPool,
  database: string,
  batch: string,
  params: Readonly<Record<string, string>>,
  signal: AbortSignal,
): AsyncGenerator<unknown[], void, undefined> {
  const request = new mssql.Request(pool);
  for (const [name, value] of Object.entries(params)) request.input(name, mssql.BigInt, value);
  try {
    yield* readRows(request, batch, signal);
  } catch (error) {
    throw translateIsolationError(error, database);
  }
}
