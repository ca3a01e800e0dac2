/**
 * The VerifySource over SQL Server: stage 2's RowSource (its reader, key bounds and key-range
 * reads) plus exact counts, on the same pool.
 */
import type { SourceConfig } from '../config/types.js';
import { Mssql2pgError } from '../errors.js';
import type { VerifySource } from './contract.js';
import { openSourcePool } from './connect.js';
import { queryRows } from './query-rows.js';
import { countRowsSql } from './select-builder.js';
import { sqlServerRowSource } from './sql-server-source.js';

/** A pool for `parallel` table reads plus one for counts and the catalog. */
export async function openSqlServerVerifySource(source: SourceConfig, parallel: number): Promise<VerifySource> {
  const pool = await openSourcePool(source, parallel + 1);
  return {
    ...sqlServerRowSource(pool, source.database),
    countRows: async (table, options) => {
      const rows = await queryRows<{ row_count?: unknown }>(pool, countRowsSql(table, options), options.signal);
      return rowCountOf(rows[0]?.row_count);
    },
  };
}

/** tedious returns COUNT_BIG (bigint) as a decimal string. */
export function rowCountOf(value: unknown): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Mssql2pgError(`SQL Server returned an unexpected row count ${String(value)}`);
  return n;
}
