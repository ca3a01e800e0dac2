import type { TableModel } from '../catalog/model.js';
import type { RowSource } from '../sqlserver/contract.js';

export interface CountOptions {
  readonly nolock: boolean;
  readonly signal: AbortSignal;
}

/**
 * What `verify` needs from the source: stage 2's reader with its key ranges (RowSource, so
 * values go through the very same conversions and encoder as the copy did, and a range holds
 * the same rows as a stage-2 chunk), plus exact counts. The SQL Server implementation is
 * src/sqlserver/sql-server-verify-source.ts; tests use an in-memory double.
 */
export interface VerifySource extends Required<RowSource> {
  /** Exact row count (COUNT_BIG), not the catalog's estimate. */
  countRows(table: TableModel, options: CountOptions): Promise<number>;
}
