/**
 * The SQL Server edges the stages use: the catalog read for stage 1 and the RowSource (rows as
 * values, key ranges, and rows straight as COPY text through the TDS decoder)
 * (src/sqlserver/contract.ts) for stage 2, both over one mssql pool that they open and close.
 */
import type { ConnectionPool } from 'mssql';
import { mssql } from './driver-modules.js';
import type { CatalogModel, TableModel } from '../catalog/model.js';
import type { SourceConfig } from '../config/types.js';
import type { RangeReader, ReadTableOptions, RowSource, SourceGrants, TableRead } from './contract.js';
import { openSourcePool } from './connect.js';
import { isolationStatement, translateIsolationError } from './isolation.js';
import { readCopyText } from './copy-text-read.js';
import { readKeyBounds, readTableRange } from './key-range-read.js';
import { poolQueryRunner, readCatalog } from './read-catalog.js';
import { readFullInventory } from './read-inventory.js';
import { readCatalogWithObjects } from './read-objects.js';
import { readRows } from './row-stream.js';
import { buildSelect, foldedRows } from './select-builder.js';
import { readTableGrants } from './table-grants.js';

/**
 * Stages 1 and 3 and assess: open a one-connection pool, read the catalog, close the pool.
 * `objects`: the tables only, also the sequences, views, routines and synonyms (stage 1 creates
 * sequences), or the whole inventory (stage 3 accounts for everything; assess reports it).
 */
export async function readCatalogFromServer(source: SourceConfig, o: { readonly objects: 'tables' | 'objects' | 'inventory' } = { objects: 'tables' }): Promise<CatalogModel> {
  const pool = await openSourcePool(source, 1);
  try {
    const runner = poolQueryRunner(pool);
    if (o.objects === 'inventory') return await readFullInventory(runner);
    return o.objects === 'objects' ? await readCatalogWithObjects(runner) : await readCatalog(runner);
  } finally {
    await pool.close();
  }
}

/** The login's permissions on every user table (a one-connection pool, opened and closed). */
export async function readGrantsFromServer(source: SourceConfig): Promise<SourceGrants> {
  const pool = await openSourcePool(source, 1);
  try {
    return await readTableGrants(poolQueryRunner(pool));
  } finally {
    await pool.close();
  }
}

/**
 * Stage 2: a pool sized for `parallel` table reads plus one connection for catalog queries,
 * so loading the catalog never waits behind a billion-row scan.
 */
export async function openSqlServerRowSource(source: SourceConfig, parallel: number): Promise<RowSource> {
  return sqlServerRowSource(await openSourcePool(source, parallel + 1), source.database);
}

/** The RowSource over an open pool, key ranges included; close() closes the pool. Verify adds counts to it. */
export function sqlServerRowSource(pool: ConnectionPool, database: string): RowSource & { readonly ranges: RangeReader } {
  return {
    loadCatalog: () => readCatalog(poolQueryRunner(pool)),
    readTable: (table, options) => readTable(pool, database, table, options),
    ranges: {
      keyBounds: (table, key, options) => readKeyBounds(pool, table, key, options),
      readTableRange: (table, key, range, options) => readTableRange(pool, database, table, key, range, options),
    },
    copyText: { readCopyText: (table, range, options) => readCopyText(pool, database, table, range, options) },
    close: () => pool.close(),
  };
}

function readTable(pool: ConnectionPool, database: string, table: TableModel, options: ReadTableOptions): TableRead {
  const plan = buildSelect(table, { nolock: options.nolock });
  // The SET and the SELECT go in one batch so that they run on the same pooled connection;
  // the SET also overwrites whatever level a previous user of that connection left behind.
  const batch = `${isolationStatement(options.isolation)};\n${plan.sql}`;
  return { columns: plan.columns, rows: foldedRows(streamRows(pool, database, batch, options.signal), plan.fold) };
}

async function* streamRows(
  pool: ConnectionPool,
  database: string,
  batch: string,
  signal: AbortSignal,
): AsyncGenerator<unknown[], void, undefined> {
  const request = new mssql.Request(pool);
  try {
    yield* readRows(request, batch, signal);
  } catch (error) {
    throw translateIsolationError(error, database);
  }
}
