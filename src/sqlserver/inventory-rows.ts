/**
 * The rows the inventory queries (inventory-queries.ts) return through the mssql package:
 * int/smallint/tinyint → number, bit → boolean, bigint → string, NULL → null. Each field is
 * null where the engine could not answer the whole query (ObjectRows' convention).
 */

export interface DatabaseFactsRow {
  readonly database_name: string;
  readonly collation_name: string | null;
  readonly compatibility_level: number | null;
  readonly is_cdc_enabled: boolean | null;
}

export interface SchemaRow {
  readonly schema_id: number;
  readonly schema_name: string;
}

export interface TableFeaturesRow {
  readonly object_id: number;
  readonly schema_name: string;
  readonly table_name: string;
  readonly temporal_type: number;
  readonly history_table_id: number | null;
  readonly is_memory_optimized: boolean;
  readonly durability_desc: string | null;
  readonly filestream_data_space_id: number | null;
  readonly is_filetable: boolean;
  readonly is_external: boolean;
  readonly is_tracked_by_cdc: boolean;
}

export interface ColumnFeaturesRow {
  readonly object_id: number;
  readonly column_id: number;
  readonly column_name: string;
  readonly is_sparse: boolean;
  readonly is_column_set: boolean;
  readonly is_filestream: boolean;
  readonly is_rowguidcol: boolean;
  readonly is_masked: boolean;
  /** NULL unless Always Encrypted (1 deterministic, 2 randomized). */
  readonly encryption_type: number | null;
  /** 0 not generated, 1 AS ROW START, 2 AS ROW END (2016+; more values later). */
  readonly generated_always_type: number;
  readonly default_object_id: number;
  readonly rule_object_id: number;
}

export interface BoundObjectRow {
  readonly object_id: number;
  readonly schema_name: string;
  readonly object_name: string;
  /** `D ` (default) or `R ` (rule), char(2). */
  readonly type: string;
}

export interface AllIndexRow {
  readonly object_id: number;
  readonly index_id: number;
  /** NULL for a heap. */
  readonly index_name: string | null;
  readonly index_type: number;
  readonly is_unique: boolean;
  readonly is_primary_key: boolean;
  readonly is_unique_constraint: boolean;
  readonly is_disabled: boolean;
  readonly has_filter: boolean;
  readonly is_hypothetical: boolean;
  readonly data_space_id: number;
}

export interface PartitionFunctionRow {
  readonly function_id: number;
  readonly function_name: string;
  readonly type_desc: string;
}

export interface PartitionSchemeRow {
  readonly data_space_id: number;
  readonly scheme_name: string;
  readonly function_id: number;
}

export interface UserTypeRow {
  readonly user_type_id: number;
  readonly type_schema: string | null;
  readonly type_name: string;
  /** TYPE_NAME(system_type_id): an alias type's base; for a table type `table type`'s own. */
  readonly base_type_name: string | null;
  readonly max_length: number;
  readonly precision: number;
  readonly scale: number;
  readonly is_assembly_type: boolean;
  readonly is_table_type: boolean;
}

export interface AssemblyRow {
  readonly assembly_id: number;
  readonly assembly_name: string;
  readonly permission_set_desc: string;
}

export interface PartitionLinkRow {
  readonly partition_id: string;
  readonly hobt_id: string;
  readonly object_id: number;
}

export interface AllocationUnitRow {
  readonly container_id: string;
  /** 1 IN_ROW_DATA, 2 LOB_DATA, 3 ROW_OVERFLOW_DATA. */
  readonly unit_type: number;
  readonly used_pages: string;
}

export interface InventoryRows {
  readonly database: readonly DatabaseFactsRow[] | null;
  readonly changeTrackingDatabase: readonly { readonly database_id: number }[] | null;
  readonly schemas: readonly SchemaRow[] | null;
  readonly tables: readonly TableFeaturesRow[] | null;
  readonly changeTrackingTables: readonly { readonly object_id: number }[] | null;
  readonly columns: readonly ColumnFeaturesRow[] | null;
  readonly boundObjects: readonly BoundObjectRow[] | null;
  readonly indexes: readonly AllIndexRow[] | null;
  readonly fullTextIndexes: readonly { readonly object_id: number }[] | null;
  readonly partitionFunctions: readonly PartitionFunctionRow[] | null;
  readonly partitionSchemes: readonly PartitionSchemeRow[] | null;
  readonly userTypes: readonly UserTypeRow[] | null;
  readonly assemblies: readonly AssemblyRow[] | null;
  readonly partitions: readonly PartitionLinkRow[] | null;
  readonly allocationUnits: readonly AllocationUnitRow[] | null;
  readonly failures: readonly { readonly view: string; readonly error: string }[];
}
