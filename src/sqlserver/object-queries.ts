/**
 * The catalog SQL for the database's objects beyond tables: sequences, views, their columns and
 * definitions, dependencies, procedures, functions, triggers and synonyms. One catalog view per
 * query, names by scalar functions, joined by build-objects.ts (catalog-queries.ts says why).
 *
 * User objects only, with `ISNULL(is_ms_shipped, 0) = 0`: compatible engines (Babelfish) report
 * is_ms_shipped as NULL for user objects, and `= 0` would drop every one of them. The aliases
 * are the field names of the row types in object-rows.ts.
 */

/** Keeps user objects on engines that leave is_ms_shipped NULL. */
export const USER_OBJECT_FILTER = 'ISNULL(o.is_ms_shipped, 0) = 0';

/**
 * sys.sequences (SQL Server 2012+, last_used_value 2017+). The sql_variant values are CAST to
 * varchar: exact for a sequence's integer and decimal(p,0) types, where tedious would hand a
 * decimal variant over as a JS number.
 */
export const SEQUENCES_SQL = `
SELECT o.object_id AS object_id,
       SCHEMA_NAME(o.schema_id) AS schema_name,
       o.name AS sequence_name,
       TYPE_NAME(o.system_type_id) AS type_name,
       o.[precision] AS [precision],
       CAST(o.start_value AS varchar(40)) AS start_value,
       CAST(o.increment AS varchar(40)) AS increment,
       CAST(o.minimum_value AS varchar(40)) AS minimum_value,
       CAST(o.maximum_value AS varchar(40)) AS maximum_value,
       o.is_cycling AS is_cycling,
       o.is_cached AS is_cached,
       o.cache_size AS cache_size,
       CAST(o.current_value AS varchar(40)) AS current_value,
       o.is_exhausted AS is_exhausted,
       CAST(o.last_used_value AS varchar(40)) AS last_used_value
FROM sys.sequences AS o
WHERE ${USER_OBJECT_FILTER}
ORDER BY o.object_id`;

/** SQL Server 2016 has no sys.sequences.last_used_value: the same query without it. */
export const SEQUENCES_2016_SQL = SEQUENCES_SQL.replace(',\n       CAST(o.last_used_value AS varchar(40)) AS last_used_value', '');

/**
 * Where sys.sequences does not exist (Babelfish), INFORMATION_SCHEMA.SEQUENCES still has the
 * definition, though no cache and no current value.
 */
export const INFORMATION_SCHEMA_SEQUENCES_SQL = `
SELECT s.SEQUENCE_SCHEMA AS schema_name,
       s.SEQUENCE_NAME AS sequence_name,
       s.DATA_TYPE AS type_name,
       CAST(s.NUMERIC_PRECISION AS int) AS [precision],
       CAST(s.START_VALUE AS varchar(40)) AS start_value,
       CAST(s.INCREMENT AS varchar(40)) AS increment,
       CAST(s.MINIMUM_VALUE AS varchar(40)) AS minimum_value,
       CAST(s.MAXIMUM_VALUE AS varchar(40)) AS maximum_value,
       CAST(s.CYCLE_OPTION AS int) AS cycle_option
FROM INFORMATION_SCHEMA.SEQUENCES AS s
ORDER BY s.SEQUENCE_SCHEMA, s.SEQUENCE_NAME`;

/**
 * User views. Whether one is indexed is not read here: sys.indexes (the inventory's flat
 * query) says so, and a scalar like OBJECTPROPERTY that a compatible engine lacks would make
 * every view unreadable there.
 */
export const VIEWS_SQL = `
SELECT o.object_id AS object_id,
       SCHEMA_NAME(o.schema_id) AS schema_name,
       o.name AS view_name,
       o.with_check_option AS with_check_option
FROM sys.views AS o
WHERE ${USER_OBJECT_FILTER}
ORDER BY o.object_id`;

/**
 * Every object's columns, flat: the builder keeps those of the views (a view's columns, in
 * order and with their types, are what `SELECT *` stood for when the view was created, and
 * what a `+` on two strings needs to know). No filter joins another view.
 */
export const OBJECT_COLUMNS_SQL = `
SELECT c.object_id AS object_id,
       c.column_id AS column_id,
       c.name AS column_name,
       c.user_type_id AS user_type_id,
       c.system_type_id AS system_type_id,
       c.max_length AS max_length,
       c.[precision] AS [precision],
       c.scale AS scale,
       c.collation_name AS collation_name,
       c.is_nullable AS is_nullable
FROM sys.columns AS c
ORDER BY c.object_id, c.column_id`;

/** The T-SQL text of every module (view, procedure, function, trigger), with its SET options. */
export const SQL_MODULES_SQL = `
SELECT m.object_id AS object_id,
       m.definition AS definition,
       m.uses_ansi_nulls AS uses_ansi_nulls,
       m.uses_quoted_identifier AS uses_quoted_identifier,
       m.is_schema_bound AS is_schema_bound
FROM sys.sql_modules AS m
ORDER BY m.object_id`;

/**
 * By-name references between objects. Empty on some compatible engines, and only visible to a
 * login with SELECT on it (db_owner by default): views then fall back to the names the
 * translator parses. OBJECT_SCHEMA_NAME names the schema an unqualified reference resolved to.
 */
export const DEPENDENCIES_SQL = `
SELECT d.referencing_id AS referencing_id,
       d.referencing_minor_id AS referencing_minor_id,
       d.referenced_server_name AS referenced_server_name,
       d.referenced_database_name AS referenced_database_name,
       d.referenced_schema_name AS referenced_schema_name,
       d.referenced_entity_name AS referenced_entity_name,
       d.referenced_id AS referenced_id,
       OBJECT_SCHEMA_NAME(d.referenced_id) AS resolved_schema_name
FROM sys.sql_expression_dependencies AS d
ORDER BY d.referencing_id, d.referenced_entity_name`;

export const PROCEDURES_SQL = `
SELECT o.object_id AS object_id,
       SCHEMA_NAME(o.schema_id) AS schema_name,
       o.name AS object_name,
       o.type AS type
FROM sys.procedures AS o
WHERE ${USER_OBJECT_FILTER}
ORDER BY o.object_id`;

/**
 * Functions have no per-kind view: sys.objects by type. FN scalar, IF inline table-valued, TF
 * multi-statement table-valued, FS/FT CLR scalar/table-valued, AF CLR aggregate.
 */
export const FUNCTIONS_SQL = `
SELECT o.object_id AS object_id,
       SCHEMA_NAME(o.schema_id) AS schema_name,
       o.name AS object_name,
       o.type AS type
FROM sys.objects AS o
WHERE o.type IN ('FN', 'IF', 'TF', 'FS', 'FT', 'AF') AND ${USER_OBJECT_FILTER}
ORDER BY o.object_id`;

/**
 * DML triggers (parent_class 1, on a table or view) and database DDL triggers (parent_class 0,
 * no schema and no parent object).
 */
export const TRIGGERS_SQL = `
SELECT o.object_id AS object_id,
       o.name AS trigger_name,
       OBJECT_SCHEMA_NAME(o.object_id) AS schema_name,
       o.parent_class AS parent_class,
       OBJECT_SCHEMA_NAME(o.parent_id) AS parent_schema,
       OBJECT_NAME(o.parent_id) AS parent_name,
       o.type AS type,
       o.is_disabled AS is_disabled,
       o.is_instead_of_trigger AS is_instead_of_trigger
FROM sys.triggers AS o
WHERE ${USER_OBJECT_FILTER}
ORDER BY o.object_id`;

export const SYNONYMS_SQL = `
SELECT o.object_id AS object_id,
       SCHEMA_NAME(o.schema_id) AS schema_name,
       o.name AS synonym_name,
       o.base_object_name AS base_object_name
FROM sys.synonyms AS o
WHERE ${USER_OBJECT_FILTER}
ORDER BY o.object_id`;
