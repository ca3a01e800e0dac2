import type { CatalogModel, TableModel } from '../catalog/model.js';
import type { ValueShape } from '../catalog/value-shape.js';
import type { ChunkKey, KeyRange } from '../plan/key-ranges.js';

export type IsolationLevel = 'read-committed' | 'snapshot';

export interface ReadTableOptions {
  /** Aborting stops the read and cancels the server request. */
  readonly signal: AbortSignal;
  readonly isolation: IsolationLevel;
  readonly nolock: boolean;
}

export interface TableRead {
  /** Columns in the order of every row array, each with the shape its values arrive in. */
  readonly columns: readonly { readonly name: string; readonly shape: ValueShape }[];
  /** Rows as arrays; pulling slowly applies backpressure to the server (bounded memory). */
  readonly rows: AsyncIterable<readonly unknown[]>;
}

/**
 * What stage 2 needs from the source database. The SQL Server implementation lives in
 * src/sqlserver (the only code that speaks T-SQL); integration tests drive the orchestration with
 * an in-memory double behind this same interface.
 */
export interface RowSource {
  loadCatalog(): Promise<CatalogModel>;
  readTable(table: TableModel, options: ReadTableOptions): TableRead;
  /**
   * Key-range chunks (optional: a source without both methods copies every table as one unit).
   * MIN/MAX of the key as exact decimal text, null for an empty table.
   */
  keyBounds?(table: TableModel, key: ChunkKey, options: KeyBoundsOptions): Promise<KeyBounds>;
  /** The rows with `lo <= key < hi` (null bounds unbounded; the first range also reads NULL keys). */
  readTableRange?(table: TableModel, key: ChunkKey, range: KeyRange, options: ReadTableOptions): TableRead;
  close(): Promise<void>;
}

export interface KeyBoundsOptions {
  readonly nolock: boolean;
  /** Aborting cancels the server request (verify passes its table's signal). */
  readonly signal?: AbortSignal;
}

export interface KeyBounds {
  readonly min: string | null;
  readonly max: string | null;
}
