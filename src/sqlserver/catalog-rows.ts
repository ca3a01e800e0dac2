/**
 * The rows the catalog queries (catalog-queries.ts) return, typed exactly as the `mssql`
 * package delivers them through tedious: int/smallint/tinyint → number, bit → boolean,
 * bigint → string (tedious never turns a bigint into a JS number), (n)varchar → string,
 * NULL → null. Column names are the aliases chosen in the SQL, so a change on one side must
 * be made on the other; the fixture rows in test/fixtures/catalog/ follow these types too.
 */

export interface DatabaseRow {
  readonly database_name: string;
}

export interface TableRow {
  readonly object_id: number;
  readonly schema_name: string;
  readonly table_name: string;
}

/** One row per partition of a table's heap or clustered index. */
export interface PartitionRow {
  readonly object_id: number;
  readonly partition_number: number;
  /** sys.partitions.rows is bigint, so tedious delivers text. */
  readonly rows: string;
}

/** One row per column of a user table (sys.columns). */
export interface ColumnRow {
  readonly object_id: number;
  readonly column_id: number;
  readonly column_name: string;
  /** The declared type (alias, CLR or system type): a TypeRow's user_type_id. */
  readonly user_type_id: number;
  /** The base system type: the TypeRow whose user_type_id is this value (CLR types: 240, no such row). */
  readonly system_type_id: number;
  readonly max_length: number;
  readonly precision: number;
  readonly scale: number;
  readonly collation_name: string | null;
  readonly is_nullable: boolean;
  readonly is_identity: boolean;
  readonly is_computed: boolean;
  /** sys.columns.default_object_id: 0 when the column has no default constraint. */
  readonly default_object_id: number;
}

/** One row per type in sys.types. */
export interface TypeRow {
  readonly user_type_id: number;
  readonly system_type_id: number;
  readonly type_name: string;
  /** SCHEMA_NAME(schema_id): NULL when the engine does not list the type's schema. */
  readonly type_schema: string | null;
  readonly is_user_defined: boolean;
  readonly is_assembly_type: boolean;
}

/** Identity seed and increment (IDENT_SEED/IDENT_INCR, numeric(38,0) cast to varchar). */
export interface IdentityColumnRow {
  readonly object_id: number;
  readonly column_id: number;
  /** NULL when the login cannot see the table's identity (no permission). */
  readonly identity_seed: string | null;
  readonly identity_increment: string | null;
}

export interface ComputedColumnRow {
  readonly object_id: number;
  readonly column_id: number;
  /** NULL when the login lacks VIEW DEFINITION. */
  readonly definition: string | null;
  readonly is_persisted: boolean;
}

export interface DefaultConstraintRow {
  /** The constraint's own object_id: what sys.columns.default_object_id points to. */
  readonly object_id: number;
  readonly parent_object_id: number;
  readonly parent_column_id: number;
  /** NULL when the login lacks VIEW DEFINITION. */
  readonly definition: string | null;
}

/** One row per rowstore index (sys.indexes). */
export interface IndexRow {
  readonly object_id: number;
  readonly index_id: number;
  readonly index_name: string;
  /** sys.indexes.type: 1 clustered, 2 nonclustered, 7 nonclustered hash. */
  readonly index_type: number;
  readonly is_unique: boolean;
  readonly is_primary_key: boolean;
  readonly is_unique_constraint: boolean;
  readonly is_disabled: boolean;
  readonly filter_definition: string | null;
}

/** One row per index column, key or included (sys.index_columns), of any index type. */
export interface IndexColumnRow {
  readonly object_id: number;
  readonly index_id: number;
  readonly index_column_id: number;
  readonly column_id: number;
  /** 1-based position among key columns; 0 for included (and partitioning-only) columns. */
  readonly key_ordinal: number;
  readonly is_descending_key: boolean;
  readonly is_included_column: boolean;
}

/** One row per foreign key (sys.foreign_keys). */
export interface ForeignKeyRow {
  readonly object_id: number;
  readonly parent_object_id: number;
  readonly constraint_name: string;
  readonly referenced_object_id: number;
  /** OBJECT_SCHEMA_NAME / OBJECT_NAME of the referenced table: NULL if the login cannot see it. */
  readonly referenced_schema: string | null;
  readonly referenced_table: string | null;
  /** sys.foreign_keys.*_referential_action_desc: NO_ACTION, CASCADE, SET_NULL, SET_DEFAULT. */
  readonly delete_action: string;
  readonly update_action: string;
  readonly is_disabled: boolean;
  readonly is_not_trusted: boolean;
}

/** One row per column pair of a foreign key (sys.foreign_key_columns). */
export interface ForeignKeyColumnRow {
  readonly constraint_object_id: number;
  readonly constraint_column_id: number;
  readonly parent_object_id: number;
  readonly parent_column_id: number;
  /** COL_NAME of the referenced column: NULL if the login cannot see it. */
  readonly referenced_column_name: string | null;
}

export interface CheckConstraintRow {
  readonly parent_object_id: number;
  readonly constraint_name: string;
  /** NULL when the login lacks VIEW DEFINITION on the table. */
  readonly definition: string | null;
  readonly is_disabled: boolean;
  readonly is_not_trusted: boolean;
}

/** Everything buildCatalog needs: the result of each catalog query, unjoined. */
export interface CatalogRows {
  readonly database: readonly DatabaseRow[];
  readonly tables: readonly TableRow[];
  readonly partitions: readonly PartitionRow[];
  readonly columns: readonly ColumnRow[];
  readonly types: readonly TypeRow[];
  readonly identityColumns: readonly IdentityColumnRow[];
  readonly computedColumns: readonly ComputedColumnRow[];
  readonly defaultConstraints: readonly DefaultConstraintRow[];
  readonly indexes: readonly IndexRow[];
  readonly indexColumns: readonly IndexColumnRow[];
  readonly foreignKeys: readonly ForeignKeyRow[];
  readonly foreignKeyColumns: readonly ForeignKeyColumnRow[];
  readonly checkConstraints: readonly CheckConstraintRow[];
}
