import type { TableModel } from '../catalog/model.js';
import type { ReadTableOptions, RowSource, TableRead } from '../stages/row-source.js';
import type { KeyRange, KeyStats } from './key-ranges.js';

export interface CountOptions {
  readonly nolock: boolean;
  readonly signal: AbortSignal;
}

/**
 * What `verify` needs from the source: stage 2's reader (RowSource, so values go through the
 * very same conversions and encoder as the copy did), exact counts, and reads of one key
 * range. The SQL Server implementation is src/source/sql-server-verify-source.ts; tests use an
 * in-memory double.
 */
export interface VerifySource extends RowSource {
  countRows(table: TableModel, options: CountOptions): Promise<number>;
  /** Exact count plus MIN/MAX of an integer key column. */
  keyStats(table: TableModel, keyColumn: string, options: CountOptions): Promise<KeyStats>;
  readKeyRange(table: TableModel, keyColumn: string, range: KeyRange, options: ReadTableOptions): TableRead;
}
