/**
 * What the stages need from the source database, beside its implementation (umzug keeps its
 * storage contract in `storage/contract.ts` the same way). The SQL Server implementation is in
 * this folder (sql-server-source.ts, sql-server-verify-source.ts), the only code that speaks
 * T-SQL; integration tests drive the orchestration with in-memory doubles behind these same
 * interfaces (test/helpers/memory-row-source.ts).
 */
import type { CatalogModel, TableModel } from '../catalog/model.js';
import type { ValueShape } from '../catalog/value-shape.js';
import type { EncoderOptions } from '../copy/index.js';
import type { VerifyShape } from '../catalog/verify-shape.js';
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

/** A unit's rows already as COPY TEXT: chunks of whole lines, each with its row count. */
export interface CopyTextRead {
  /** Source column names, in the order of the fields of every line. */
  readonly columns: readonly string[];
  readonly chunks: AsyncIterable<{ readonly bytes: Buffer; readonly rows: number }>;
}

export interface CopyReadOptions extends ReadTableOptions {
  /** The text policies (U+0000, lone surrogates), applied while decoding. */
  readonly encoder: EncoderOptions;
}

/**
 * Reads a unit (a table, or one key range) straight as COPY text, without a JS value per cell
 * (src/sqlserver/tds). It may decline a read it cannot do exactly ({ fallback: reason }), before
 * any row: the unit then goes through readTable/readTableRange and the COPY encoder.
 */
export interface CopyTextReader {
  readCopyText(
    table: TableModel,
    range: { readonly key: ChunkKey; readonly range: KeyRange } | null,
    options: CopyReadOptions,
  ): Promise<CopyTextRead | { readonly fallback: string }>;
}

/** What stage 2 needs from the source. */
export interface RowSource {
  loadCatalog(): Promise<CatalogModel>;
  readTable(table: TableModel, options: ReadTableOptions): TableRead;
  /** Absent: every table is copied as one unit. */
  readonly ranges?: RangeReader;
  /** Absent: every unit is read as JS values and encoded by src/copy. */
  readonly copyText?: CopyTextReader;
  close(): Promise<void>;
}

export interface CountOptions {
  readonly nolock: boolean;
  readonly signal: AbortSignal;
}

export interface VerifyReadOptions {
  readonly signal: AbortSignal;
  readonly isolation: IsolationLevel;
  readonly nolock: boolean;
  /** Only this range of the key (the same half-open ranges as stage 2's); null reads the whole table. */
  readonly range: { readonly key: ChunkKey; readonly range: KeyRange } | null;
  /** Source columns to order the rows by, ascending (integer columns only: they order the same in Postgres); empty for any order. */
  readonly orderBy: readonly string[];
}

export interface VerifyRead {
  /** Columns in column_id order, each with the shape its values arrive in (src/catalog/verify-shape.ts). */
  readonly columns: readonly { readonly name: string; readonly shape: VerifyShape }[];
  /** Rows in batches (whatever arrived since the last one), so the comparison pays one promise per batch. */
  readonly rows: AsyncIterable<readonly (readonly unknown[])[]>;
}

/**
 * What `verify` needs from the source: its own read of the rows (verify shares no conversion
 * code with stage 2's reader), key bounds and exact counts; and stage 2's reader, with which
 * `verify --repair` reloads the ranges it found different exactly as stage 2 loads them.
 */
export interface VerifySource {
  loadCatalog(): Promise<CatalogModel>;
  /** Exact row count (COUNT_BIG), not the catalog's estimate. */
  countRows(table: TableModel, options: CountOptions): Promise<number>;
  keyBounds(table: TableModel, key: ChunkKey, options: KeyBoundsOptions): Promise<KeyBounds>;
  readForVerify(table: TableModel, options: VerifyReadOptions): VerifyRead;
  readonly load: RowSource & { readonly ranges: RangeReader };
  close(): Promise<void>;
}
