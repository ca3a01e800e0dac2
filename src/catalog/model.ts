/**
 * The neutral catalog model: what the SQL Server catalog says about the tables we move.
 *
 * Every stage reads this model (stage 3 creates the keys, indexes, foreign keys and checks it
 * lists); nothing here knows about Postgres. Values are
 * kept as SQL Server reports them (sys.columns.max_length in bytes, -1 for (max); default
 * and computed definitions as their T-SQL text) so that every later decision can be made
 * from the model alone, without going back to the server.
 */

import type { InventoryFacts } from './inventory.js';
import type { DatabaseObjects } from './objects.js';

/** A base SQL Server system type name, lower-case (`nvarchar`, `datetime2`, `geography`, ...). */
export type SqlServerTypeName = string;

export interface CatalogModel {
  /** Name of the source database (DB_NAME()). */
  readonly database: string;
  /** Tables sorted by `schema.table` (ordinal, case-insensitive), the order every run uses. */
  readonly tables: readonly TableModel[];
  /**
   * Sequences, views, routines and synonyms (objects.ts). Absent when only the tables were read:
   * stage 2 and verify need no more, and stages that do treat absent as none.
   */
  readonly objects?: DatabaseObjects;
  /** What only assess and stage 3's account need (inventory.ts); absent when not read. */
  readonly inventory?: InventoryFacts;
}

export interface TableModel {
  readonly schema: string;
  readonly name: string;
  /** sys.tables.object_id: stable within one server, used to join catalog rows. */
  readonly objectId: number;
  readonly columns: readonly ColumnModel[];
  readonly primaryKey: KeyConstraintModel | null;
  readonly uniqueConstraints: readonly KeyConstraintModel[];
  /** Indexes that are neither the primary key nor a unique constraint (heaps excluded). */
  readonly indexes: readonly IndexModel[];
  /**
   * Indexes SQL Server keeps but neither maintains nor uses (ALTER INDEX ... DISABLE): stage 3
   * lists them, like disabled checks and foreign keys, and does not create them.
   */
  readonly disabledIndexes: readonly IndexModel[];
  readonly foreignKeys: readonly ForeignKeyModel[];
  readonly checkConstraints: readonly CheckConstraintModel[];
  /** Estimated rows from sys.partitions (index_id 0 or 1): for ordering and ETAs, never for checks. */
  readonly rowCountEstimate: number;
}

export interface ColumnModel {
  readonly name: string;
  /** sys.columns.column_id: the order of columns in the table. */
  readonly columnId: number;
  /** Base system type, lower-case. Alias types are resolved to this. */
  readonly type: SqlServerTypeName;
  /** When the column was declared with an alias (user-defined) type: `schema.name` of that type. */
  readonly aliasType: string | null;
  /** sys.columns.max_length: bytes (so nvarchar(10) is 20), -1 for (max), 16 for text/ntext/image. */
  readonly maxLength: number;
  readonly precision: number;
  readonly scale: number;
  readonly nullable: boolean;
  readonly collation: string | null;
  /** Identity seed and increment as decimal text: they may exceed a JS number (bigint/decimal identities). */
  readonly identity: { readonly seed: string; readonly increment: string } | null;
  readonly computed: { readonly definition: string; readonly persisted: boolean } | null;
  /** The default constraint's definition exactly as SQL Server stores it, e.g. `((0))`, `(getdate())`. */
  readonly defaultDefinition: string | null;
}

export interface KeyConstraintModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly clustered: boolean;
}

export interface IndexColumnModel {
  readonly name: string;
  readonly descending: boolean;
}

export interface IndexModel {
  readonly name: string;
  readonly unique: boolean;
  readonly clustered: boolean;
  readonly keyColumns: readonly IndexColumnModel[];
  readonly includedColumns: readonly string[];
  /** Filter predicate of a filtered index, T-SQL text, or null. */
  readonly filter: string | null;
}

export type ReferentialAction = 'NO ACTION' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

export interface ForeignKeyModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedSchema: string;
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  readonly disabled: boolean;
  /** sys.foreign_keys.is_not_trusted: existing rows were never checked (created or re-enabled WITH NOCHECK). */
  readonly notTrusted: boolean;
}

export interface CheckConstraintModel {
  readonly name: string;
  /** T-SQL text of the check, e.g. `([Qty]>(0))`. */
  readonly definition: string;
  readonly disabled: boolean;
  /** sys.check_constraints.is_not_trusted: existing rows were never checked (WITH NOCHECK). */
  readonly notTrusted: boolean;
}

/** `schema.table` as users write it, also the key in progress files. */
export function qualifiedName(t: { readonly schema: string; readonly name: string }): string {
  return `${t.schema}.${t.name}`;
}
