/**
 * The catalog SQL only `mssql2pg assess` (and stage 3's account) reads: features of tables and
 * columns, every index kind, full-text, partitioning, user types, assemblies, sizes, the
 * database's collation, Change Tracking and CDC. One catalog view per query, names by scalar
 * functions; a view the engine lacks is recorded, not fatal (read-objects.ts). Aliases are the
 * field names of the row types in inventory-rows.ts.
 */
import { USER_TABLE_FILTER } from './catalog-queries.js';

export const DATABASE_SQL = `
SELECT d.name AS database_name,
       d.collation_name AS collation_name,
       d.compatibility_level AS compatibility_level,
       d.is_cdc_enabled AS is_cdc_enabled
FROM sys.databases AS d
WHERE d.database_id = DB_ID()`;

export const CHANGE_TRACKING_DATABASE_SQL = `
SELECT ct.database_id AS database_id
FROM sys.change_tracking_databases AS ct
WHERE ct.database_id = DB_ID()`;

export const SCHEMAS_SQL = `
SELECT s.schema_id AS schema_id,
       s.name AS schema_name
FROM sys.schemas AS s
ORDER BY s.schema_id`;

/**
 * Every user table, FileTables and external tables included (the stages leave those out, assess
 * says so). SQL Server 2016 columns: temporal_type, history_table_id, is_external.
 */
export const TABLE_FEATURES_SQL = `
SELECT t.object_id AS object_id,
       SCHEMA_NAME(t.schema_id) AS schema_name,
       t.name AS table_name,
       t.temporal_type AS temporal_type,
       t.history_table_id AS history_table_id,
       t.is_memory_optimized AS is_memory_optimized,
       t.durability_desc AS durability_desc,
       t.filestream_data_space_id AS filestream_data_space_id,
       t.is_filetable AS is_filetable,
       t.is_external AS is_external,
       t.is_tracked_by_cdc AS is_tracked_by_cdc
FROM sys.tables AS t
WHERE ISNULL(t.is_ms_shipped, 0) = 0
ORDER BY t.object_id`;

export const CHANGE_TRACKING_TABLES_SQL = `
SELECT ct.object_id AS object_id
FROM sys.change_tracking_tables AS ct
ORDER BY ct.object_id`;

/** Column features of the tables the stages copy (column sets included: COLUMNS_SQL skips them). */
export const COLUMN_FEATURES_SQL = `
SELECT c.object_id AS object_id,
       c.column_id AS column_id,
       c.name AS column_name,
       c.is_sparse AS is_sparse,
       c.is_column_set AS is_column_set,
       c.is_filestream AS is_filestream,
       c.is_rowguidcol AS is_rowguidcol,
       c.is_masked AS is_masked,
       c.encryption_type AS encryption_type,
       c.generated_always_type AS generated_always_type,
       c.default_object_id AS default_object_id,
       c.rule_object_id AS rule_object_id
FROM sys.columns AS c
JOIN sys.tables AS t ON t.object_id = c.object_id
WHERE ${USER_TABLE_FILTER}
ORDER BY c.object_id, c.column_id`;

/** Stand-alone defaults and rules (CREATE DEFAULT / CREATE RULE, bound with sp_bindefault / sp_bindrule). */
export const BOUND_OBJECTS_SQL = `
SELECT o.object_id AS object_id,
       SCHEMA_NAME(o.schema_id) AS schema_name,
       o.name AS object_name,
       o.type AS type
FROM sys.objects AS o
WHERE o.type IN ('D', 'R') AND o.parent_object_id = 0
ORDER BY o.object_id`;

/** Every index of every kind, of tables and views alike (read flat; the builder keeps the user objects'). */
export const ALL_INDEXES_SQL = `
SELECT i.object_id AS object_id,
       i.index_id AS index_id,
       i.name AS index_name,
       i.type AS index_type,
       i.is_unique AS is_unique,
       i.is_primary_key AS is_primary_key,
       i.is_unique_constraint AS is_unique_constraint,
       i.is_disabled AS is_disabled,
       i.has_filter AS has_filter,
       i.is_hypothetical AS is_hypothetical,
       i.data_space_id AS data_space_id
FROM sys.indexes AS i
ORDER BY i.object_id, i.index_id`;

export const FULLTEXT_INDEXES_SQL = `
SELECT f.object_id AS object_id
FROM sys.fulltext_indexes AS f
ORDER BY f.object_id`;

export const PARTITION_FUNCTIONS_SQL = `
SELECT pf.function_id AS function_id,
       pf.name AS function_name,
       pf.type_desc AS type_desc
FROM sys.partition_functions AS pf
ORDER BY pf.function_id`;

export const PARTITION_SCHEMES_SQL = `
SELECT ps.data_space_id AS data_space_id,
       ps.name AS scheme_name,
       ps.function_id AS function_id
FROM sys.partition_schemes AS ps
ORDER BY ps.data_space_id`;

/** User-defined types: alias, CLR (is_assembly_type) and table types (is_table_type). */
export const USER_TYPES_SQL = `
SELECT ty.user_type_id AS user_type_id,
       SCHEMA_NAME(ty.schema_id) AS type_schema,
       ty.name AS type_name,
       TYPE_NAME(ty.system_type_id) AS base_type_name,
       ty.max_length AS max_length,
       ty.[precision] AS [precision],
       ty.scale AS scale,
       ty.is_assembly_type AS is_assembly_type,
       ty.is_table_type AS is_table_type
FROM sys.types AS ty
WHERE ty.is_user_defined = 1
ORDER BY ty.user_type_id`;

export const ASSEMBLIES_SQL = `
SELECT a.assembly_id AS assembly_id,
       a.name AS assembly_name,
       a.permission_set_desc AS permission_set_desc
FROM sys.assemblies AS a
WHERE a.is_user_defined = 1
ORDER BY a.assembly_id`;

/**
 * The partitions of the user tables, every index included: the link from an allocation unit
 * (its container) to its table. partition_id and hobt_id are bigint: text through tedious.
 */
export const ALL_PARTITIONS_SQL = `
SELECT p.partition_id AS partition_id,
       p.hobt_id AS hobt_id,
       p.object_id AS object_id
FROM sys.partitions AS p
JOIN sys.tables AS t ON t.object_id = p.object_id
WHERE ${USER_TABLE_FILTER}
ORDER BY p.object_id, p.partition_id`;

/** Pages per allocation unit; container_id is the partition's hobt_id (in-row, row-overflow) or partition_id (LOB). */
export const ALLOCATION_UNITS_SQL = `
SELECT au.container_id AS container_id,
       au.type AS unit_type,
       au.used_pages AS used_pages
FROM sys.allocation_units AS au
ORDER BY au.container_id`;
