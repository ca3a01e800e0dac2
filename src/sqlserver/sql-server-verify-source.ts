/**
 * The VerifySource over SQL Server: verify's own SELECT (verify-select.ts), key bounds and exact
 * counts on one pool, and stage 2's RowSource over the same pool for `verify --repair`.
 */
import { mssql } from './driver-modules.js';
import type { ConnectionPool } from 'mssql';
import type { TableModel } from '../catalog/model.js';
import type { SourceConfig } from '../config/types.js';
import { Mssql2pgError } from '../errors.js';
import type { VerifyRead, VerifyReadOptions, VerifySource } from './contract.js';
import { openSourcePool } from './connect.js';
import { isolationStatement, translateIsolationError } from './isolation.js';
import { readKeyBounds } from './key-range-read.js';
import { queryRows } from './query-rows.js';
import { readRowBatches } from './row-stream.js';
import { countRowsSql } from './select-builder.js';
import { sqlServerRowSource } from './sql-server-source.js';
import { buildVerifySelect } from './verify-select.js';

/** A pool for `parallel` reads at once plus one for counts, bounds and the catalog. */
export async function openSqlServerVerifySource(source: SourceConfig, parallel: number): Promise<VerifySource> {
  const pool = await openSourcePool(source, parallel + 1);
  const load = sqlServerRowSource(pool, source.database);
  return {
    loadCatalog: () => load.loadCatalog(),
    countRows: async (table, options) => {
      const rows = await queryRows<{ row_count?: unknown }>(pool, countRowsSql(table, options), options.signal);
      return rowCountOf(rows[0]?.row_count);
    },
    keyBounds: (table, key, options) => readKeyBounds(pool, table, key, options),
    readForVerify: (table, options) => readForVerify(pool, source.database, table, options),
    load,
    close: () => pool.close(),
  };
}

function readForVerify(pool: ConnectionPool, database: string, table: TableModel, options: VerifyReadOptions): VerifyRead {
  const select = buildVerifySelect(table, options);
  // SET and SELECT in one batch, so that both run on the same pooled connection.
  const batch = `${isolationStatement(options.isolation)};\n${select.sql}`;
  return { columns: select.columns, rows: stream(pool, database, batch, select.params, options.signal, select.fold) };
}

async function* stream(
  pool: ConnectionPool,
  database: string,
  batch: string,
  params: readonly { readonly name: string; readonly value: string }[],
  signal: AbortSignal,
  fold: ((row: unknown[]) => unknown[]) | undefined,
): AsyncGenerator<unknown[][], void, undefined> {
  const request = new mssql.Request(pool);
  for (const p of params) request.input(p.name, mssql.VarChar(40), p.value);
  try {
    for await (const rows of readRowBatches(request, batch, signal)) yield fold === undefined ? rows : rows.map(fold);
  } catch (error) {
    throw translateIsolationError(error, database);
  }
}

/** tedious returns COUNT_BIG (bigint) as a decimal string. */
export function rowCountOf(value: unknown): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Mssql2pgError(`SQL Server returned an unexpected row count ${String(value)}`);
  return n;
}
