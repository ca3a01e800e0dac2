/**
 * What the stages need from the source database, beside its implementation (umzug keeps its
 * storage contract in `storage/contract.ts` the same way). The SQL Server implementation is in
 * this folder (sql-server-source.ts, sql-server-verify-source.ts), the only code that speaks
 * T-SQL; integration tests drive the orchestration with in-memory doubles behind these same
 * interfaces (test/helpers/memory-row-source.ts).
 */
import type { CatalogModel, TableModel } from '../catalog/model.js';
import type { ValueShape } from '../catalog/value-shape.js';
import type { ChunkKey, KeyRange } from '../plan/key-ranges.js';

export type IsolationLevel = 'read-committed' | 'snapshot';

/**
 * The login's effective permissions on one table: true, false, or null when the server cannot
 * say (src/sqlserver/table-grants.ts). A stage checks them before it touches anything.
 */
export interface TableGrants {
  readonly schema: string;
  readonly table: string;
  /** Needed to read the rows (sync data, verify). */
  readonly select: boolean | null;
  /** Needed to read defaults, computed-column definitions and checks (replicate schema, replicate constraints). */
  readonly viewDefinition: boolean | null;
}

/** Every user table's grants, or why they could not be read (the check is then skipped, with a notice). */
export type SourceGrants =
  | {
      readonly checked: true;
      /** The database user the login maps to, for the GRANT statements printed. */
      readonly user: string;
      readonly tables: readonly TableGrants[];
    }
  | { readonly checked: false; readonly reason: string };

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

export interface KeyBoundsOptions {
  readonly nolock: boolean;
  /** Aborting cancels the server request (verify passes its table's signal). */
  readonly signal?: AbortSignal;
}

export interface KeyBounds {
  readonly min: string | null;
  readonly max: string | null;
}

/**
 * Key-range reads, for big tables copied (and verified) in ranges. One capability with both
 * methods: a range plan needs the bounds and the ranged read together.
 */
export interface RangeReader {
  /** MIN/MAX of the key as exact decimal text, null for an empty table. */
  keyBounds(table: TableModel, key: ChunkKey, options: KeyBoundsOptions): Promise<KeyBounds>;
  /** The rows with `lo <= key < hi` (null bounds unbounded; the first range also reads NULL keys). */
  readTableRange(table: TableModel, key: ChunkKey, range: KeyRange, options: ReadTableOptions): TableRead;
}

/** What stage 2 needs from the source. */
export interface RowSource {
  loadCatalog(): Promise<CatalogModel>;
  readTable(table: TableModel, options: ReadTableOptions): TableRead;
  /** Absent: every table is copied as one unit. */
  readonly ranges?: RangeReader;
  close(): Promise<void>;
}

export interface CountOptions {
  readonly nolock: boolean;
  readonly signal: AbortSignal;
}

/**
 * What `verify` needs from the source: stage 2's reader with its key ranges (so a range holds
 * the same rows as a stage-2 chunk), plus exact counts.
 */
export interface VerifySource extends RowSource {
  readonly ranges: RangeReader;
  /** Exact row count (COUNT_BIG), not the catalog's estimate. */
  countRows(table: TableModel, options: CountOptions): Promise<number>;
}
