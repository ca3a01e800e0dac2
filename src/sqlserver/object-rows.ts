/**
 * The rows the object queries (object-queries.ts) return, typed exactly as the `mssql` package
 * delivers them through tedious: int/smallint/tinyint → number, bit → boolean, bigint and every
 * CAST(... AS varchar) → string, NULL → null. Aliases are the field names here; the fixture rows
 * in test/fixtures/catalog/object-rows.ts follow these types.
 */
import type { TypeRow } from './catalog-rows.js';

/**
 * sys.sequences. The sql_variant bounds are CAST to varchar in the query (exact for the integer
 * and decimal(p,0) types a sequence may have; tedious would turn a decimal variant into a JS
 * number). `last_used_value` is absent from the SQL Server 2016 form of the query.
 */
export interface SequenceRow {
  readonly object_id: number;
  readonly schema_name: string;
  readonly sequence_name: string;
  /** TYPE_NAME(system_type_id): the base type, also for a sequence of an alias type. */
  readonly type_name: string;
  readonly precision: number;
  readonly start_value: string;
  readonly increment: string;
  readonly minimum_value: string | null;
  readonly maximum_value: string | null;
  readonly is_cycling: boolean;
  readonly is_cached: boolean;
  /** NULL for NO CACHE, and for CACHE without a size. */
  readonly cache_size: number | null;
  readonly current_value: string;
  readonly is_exhausted: boolean;
  /** SQL Server 2017+: NULL until the first NEXT VALUE FOR. Absent (undefined) from the 2016 query. */
  readonly last_used_value?: string | null;
}

/**
 * INFORMATION_SCHEMA.SEQUENCES, read where sys.sequences does not exist (Babelfish): the
 * definition without cache or current value.
 */
export interface InformationSchemaSequenceRow {
  readonly schema_name: string;
  readonly sequence_name: string;
  readonly type_name: string;
  readonly precision: number | null;
  readonly start_value: string;
  readonly increment: string;
  readonly minimum_value: string | null;
  readonly maximum_value: string | null;
  /** CYCLE_OPTION, CAST to int: 1 = CYCLE. */
  readonly cycle_option: number;
}

/** sys.views, user views only (is_ms_shipped may be NULL on compatible engines). */
export interface ViewRow {
  readonly object_id: number;
  readonly schema_name: string;
  readonly view_name: string;
  readonly with_check_option: boolean;
}

/** sys.columns of every object (read flat; the builder keeps the views' ones). */
export interface ObjectColumnRow {
  readonly object_id: number;
  readonly column_id: number;
  readonly column_name: string;
  readonly user_type_id: number;
  readonly system_type_id: number;
  readonly max_length: number;
  readonly precision: number;
  readonly scale: number;
  readonly collation_name: string | null;
  readonly is_nullable: boolean;
}

/** sys.sql_modules: the T-SQL text of views, procedures, functions and triggers. */
export interface SqlModuleRow {
  readonly object_id: number;
  /** NULL WITH ENCRYPTION, or without VIEW DEFINITION. */
  readonly definition: string | null;
  readonly uses_ansi_nulls: boolean;
  readonly uses_quoted_identifier: boolean;
  readonly is_schema_bound: boolean;
}

/** sys.sql_expression_dependencies, one row per by-name reference of an object. */
export interface DependencyRow {
  readonly referencing_id: number;
  /** Column id when a column references (a computed column, a filter); 0 for the object itself. */
  readonly referencing_minor_id: number;
  readonly referenced_server_name: string | null;
  readonly referenced_database_name: string | null;
  readonly referenced_schema_name: string | null;
  readonly referenced_entity_name: string;
  /** NULL when the reference did not resolve (unqualified, caller-dependent or missing). */
  readonly referenced_id: number | null;
  /** OBJECT_SCHEMA_NAME(referenced_id): the schema the reference resolved to. */
  readonly resolved_schema_name: string | null;
}

/** sys.procedures and the function rows of sys.objects. */
export interface RoutineRow {
  readonly object_id: number;
  readonly schema_name: string;
  readonly object_name: string;
  /** sys.objects.type, char(2): SQL Server pads one-letter codes (`P `, `X `). */
  readonly type: string;
}

/** sys.triggers: DML triggers (parent_class 1) and database DDL triggers (parent_class 0). */
export interface TriggerRow {
  readonly object_id: number;
  readonly trigger_name: string;
  /** OBJECT_SCHEMA_NAME(object_id): NULL for a DDL trigger, which is not a schema-scoped object. */
  readonly schema_name: string | null;
  readonly parent_class: number;
  readonly parent_schema: string | null;
  readonly parent_name: string | null;
  readonly type: string;
  readonly is_disabled: boolean;
  readonly is_instead_of_trigger: boolean;
}

export interface SynonymRow {
  readonly object_id: number;
  readonly schema_name: string;
  readonly synonym_name: string;
  readonly base_object_name: string;
}

/** The answer of each object query, unjoined; null where the engine could not answer (see `unavailable`). */
export interface ObjectRows {
  readonly sequences: { readonly rows: readonly SequenceRow[] } | { readonly fallback: readonly InformationSchemaSequenceRow[] } | null;
  readonly views: readonly ViewRow[] | null;
  readonly objectColumns: readonly ObjectColumnRow[] | null;
  readonly types: readonly TypeRow[];
  readonly modules: readonly SqlModuleRow[] | null;
  readonly dependencies: readonly DependencyRow[] | null;
  readonly procedures: readonly RoutineRow[] | null;
  readonly functions: readonly RoutineRow[] | null;
  readonly triggers: readonly TriggerRow[] | null;
  readonly synonyms: readonly SynonymRow[] | null;
  /** Which reads failed on this engine, by catalog view, and the engine's message. */
  readonly failures: readonly { readonly view: string; readonly error: string }[];
}
