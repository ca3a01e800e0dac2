/**
 * The impure half of catalog introspection: run the fixed catalog queries, hand the rows to
 * the pure buildCatalog.
 */
import type { ConnectionPool } from 'mssql';
import type { CatalogModel } from '../catalog/model.js';
import { Mssql2pgError } from '../errors.js';
import { buildCatalog } from './build-catalog.js';
import { CATALOG_QUERIES } from './catalog-queries.js';
import type { CatalogRows } from './catalog-rows.js';

/** Runs one catalog query and returns its rows as objects keyed by column alias. */
export interface CatalogQueryRunner {
  query<T>(sql: string): Promise<T[]>;
}

export interface ReadCatalogOptions {
  /** Checked between queries: a cancelled run stops before the next round trip. */
  readonly signal?: AbortSignal;
}

export async function readCatalog(runner: CatalogQueryRunner, options: ReadCatalogOptions = {}): Promise<CatalogModel> {
  // Sequential on purpose: thirteen short queries; in parallel they would hold thirteen pool
  // connections for no real gain, and a failure would leave the others running.
  const run = async <K extends keyof CatalogRows>(key: K): Promise<CatalogRows[K]> => {
    options.signal?.throwIfAborted();
    try {
      return (await runner.query(CATALOG_QUERIES[key])) as unknown as CatalogRows[K];
    } catch (error) {
      throw new Mssql2pgError(`Reading the SQL Server catalog (${key}) failed: ${messageOf(error)}`, {
        cause: error,
      });
    }
  };
  const rows: CatalogRows = {
    database: await run('database'),
    tables: await run('tables'),
    partitions: await run('partitions'),
    columns: await run('columns'),
    types: await run('types'),
    identityColumns: await run('identityColumns'),
    computedColumns: await run('computedColumns'),
    defaultConstraints: await run('defaultConstraints'),
    indexes: await run('indexes'),
    indexColumns: await run('indexColumns'),
    foreignKeys: await run('foreignKeys'),
    foreignKeyColumns: await run('foreignKeyColumns'),
    checkConstraints: await run('checkConstraints'),
  };
  return buildCatalog(rows);
}

/** The CatalogQueryRunner over an open mssql pool (rows as objects, not arrays). */
export function poolQueryRunner(pool: ConnectionPool): CatalogQueryRunner {
  return {
    async query<T>(sql: string): Promise<T[]> {
      const request = pool.request();
      request.arrayRowMode = false;
      const result = await request.query<T>(sql);
      return result.recordset ?? [];
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
