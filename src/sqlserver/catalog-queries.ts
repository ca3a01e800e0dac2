/**
 * The catalog SQL, one constant per query. A fixed set of queries reads the whole database
 * (thirteen) whatever its table count (one query per table would mean thousands of round trips on a
 * 500-table database). Every query reads only sys.* catalog views; their aliases are the
 * field names of the row types in catalog-rows.ts.
 *
 * Needs SQL Server 2016 or later (sys.tables.is_external appeared in 2016).
 */

/**
 * Which tables we move, shared by every query through the alias `t` for sys.tables:
 * - is_ms_shipped = 0: user tables only (replication and CDC system tables are ms_shipped).
 * - is_filetable = 0: FileTables hold the files of a FILESTREAM share under a fixed schema
 *   that SQL Server manages; their content is not relational data to copy.
 * - is_external = 0: PolyBase external tables have no rows stored in this database.
 * Kept on purpose: memory-optimized tables (ordinary data to us) and temporal history
 * tables (their rows are real data; the DDL stage decides how to model versioning).
 * Not filtered: graph node/edge tables (SQL Server 2017+, sys.tables.is_node/is_edge), whose
 * hidden $node_id/$edge_id columns have no Postgres equivalent; their pseudo-columns are
 * internal types that the type map rejects by name.
 */
export const USER_TABLE_FILTER = 't.is_ms_shipped = 0 AND t.is_filetable = 0 AND t.is_external = 0';

export const DATABASE_NAME_SQL = 'SELECT DB_NAME() AS database_name';

export const TABLES_SQL = `
SELECT t.object_id AS object_id,
       SCHEMA_NAME(t.schema_id) AS schema_name,
       t.name AS table_name
FROM sys.tables AS t
WHERE ${USER_TABLE_FILTER}
ORDER BY t.object_id`;

/**
 * Row estimates come from sys.partitions of the heap or clustered index (index_id 0 or 1):
 * one row per partition, summed by buildCatalog. They are estimates (no locks, no scan):
 * good for ordering and ETAs, never for verifying counts. [rows] is bracketed because ROWS
 * is a T-SQL keyword.
 */
export const PARTITIONS_SQL = `
SELECT p.object_id AS object_id,
       p.partition_number AS partition_number,
       p.[rows] AS [rows]
FROM sys.partitions AS p
JOIN sys.tables AS t ON t.object_id = p.object_id
WHERE ${USER_TABLE_FILTER} AND p.index_id IN (0, 1)
ORDER BY p.object_id, p.partition_number`;

/**
 * Each catalog view is read in its own flat query and the rows are joined by buildCatalog, not
 * in SQL. Two reasons, both seen on Babelfish, a T-SQL engine used in place of SQL
 * Server: its catalog views are expensive to join (the one big column join ran 169 s for 6,000
 * columns; each view alone took under 0.7 s), and a view may break the key one would expect it
 * to have (sys.identity_columns returned every identity column once per identity column in the
 * database, which a LEFT JOIN silently multiplied). The builder checks every per-column view
 * for duplicate (object_id, column_id) rows and fails loudly, naming the view and the table.
 *
 * Descriptive lookups never filter: a type whose schema is missing from sys.schemas (on
 * Babelfish, the system types' schema) must not drop the column, so names come from scalar
 * functions (SCHEMA_NAME) rather than inner joins.
 */

/**
 * The columns of every user table. Sparse column sets (is_column_set = 1) are skipped: they
 * are a computed XML view of the table's sparse columns, which are read and copied as
 * ordinary columns. [precision] is bracketed: PRECISION is a T-SQL reserved keyword.
 */
export const COLUMNS_SQL = `
SELECT c.object_id AS object_id,
       c.column_id AS column_id,
       c.name AS column_name,
       c.user_type_id AS user_type_id,
       c.system_type_id AS system_type_id,
       c.max_length AS max_length,
       c.[precision] AS [precision],
       c.scale AS scale,
       c.collation_name AS collation_name,
       c.is_nullable AS is_nullable,
       c.is_identity AS is_identity,
       c.is_computed AS is_computed,
       c.default_object_id AS default_object_id
FROM sys.columns AS c
JOIN sys.tables AS t ON t.object_id = c.object_id
WHERE ${USER_TABLE_FILTER} AND c.is_column_set = 0
ORDER BY c.object_id, c.column_id`;

/**
 * Every type (system, alias and CLR): a column's declared type is the row with its
 * user_type_id; an alias type's base is the row whose user_type_id is the column's
 * system_type_id (for a system type the two ids are equal). A few hundred rows at most.
 */
export const TYPES_SQL = `
SELECT ty.user_type_id AS user_type_id,
       ty.system_type_id AS system_type_id,
       ty.name AS type_name,
       SCHEMA_NAME(ty.schema_id) AS type_schema,
       ty.is_user_defined AS is_user_defined,
       ty.is_assembly_type AS is_assembly_type
FROM sys.types AS ty`;

/**
 * Identity seed and increment, through IDENT_SEED/IDENT_INCR rather than
 * sys.identity_columns (which Babelfish returns multiplied, see above). Both return
 * numeric(38,0) on SQL Server; CAST to varchar keeps bigint and decimal seeds exact instead of
 * letting tedious turn them into JS numbers. The argument is the quoted two-part name, so odd
 * names (spaces, brackets, dots) resolve to the right table.
 */
export const IDENTITY_COLUMNS_SQL = `
SELECT c.object_id AS object_id,
       c.column_id AS column_id,
       CAST(IDENT_SEED(QUOTENAME(SCHEMA_NAME(t.schema_id)) + N'.' + QUOTENAME(t.name)) AS varchar(40)) AS identity_seed,
       CAST(IDENT_INCR(QUOTENAME(SCHEMA_NAME(t.schema_id)) + N'.' + QUOTENAME(t.name)) AS varchar(40)) AS identity_increment
FROM sys.columns AS c
JOIN sys.tables AS t ON t.object_id = c.object_id
WHERE ${USER_TABLE_FILTER} AND c.is_identity = 1
ORDER BY c.object_id, c.column_id`;

/** Computed columns' definitions (NULL without VIEW DEFINITION). */
export const COMPUTED_COLUMNS_SQL = `
SELECT cc.object_id AS object_id,
       cc.column_id AS column_id,
       cc.definition AS definition,
       cc.is_persisted AS is_persisted
FROM sys.computed_columns AS cc
JOIN sys.tables AS t ON t.object_id = cc.object_id
WHERE ${USER_TABLE_FILTER}
ORDER BY cc.object_id, cc.column_id`;

/**
 * Default constraints, matched to their column by sys.columns.default_object_id. Defaults
 * bound with the deprecated sp_bindefault are not default constraints and are not read.
 */
export const DEFAULT_CONSTRAINTS_SQL = `
SELECT dc.object_id AS object_id,
       dc.parent_object_id AS parent_object_id,
       dc.parent_column_id AS parent_column_id,
       dc.definition AS definition
FROM sys.default_constraints AS dc
JOIN sys.tables AS t ON t.object_id = dc.parent_object_id
WHERE ${USER_TABLE_FILTER}
ORDER BY dc.parent_object_id, dc.parent_column_id`;

/**
 * Primary keys, unique constraints and indexes, one row per index.
 * Only rowstore indexes are read: clustered (1), nonclustered (2) and the nonclustered hash
 * indexes of memory-optimized tables (7). Skipped on purpose: heaps (0, not an index), XML
 * (3) and spatial (4) indexes, which have no Postgres counterpart that could be built from
 * this definition, and columnstore indexes (5, 6), a storage format rather than a lookup
 * structure. Hypothetical indexes (Database Tuning Advisor leftovers) hold no data.
 */
export const INDEXES_SQL = `
SELECT i.object_id AS object_id,
       i.index_id AS index_id,
       i.name AS index_name,
       i.type AS index_type,
       i.is_unique AS is_unique,
       i.is_primary_key AS is_primary_key,
       i.is_unique_constraint AS is_unique_constraint,
       i.is_disabled AS is_disabled,
       i.filter_definition AS filter_definition
FROM sys.indexes AS i
JOIN sys.tables AS t ON t.object_id = i.object_id
WHERE ${USER_TABLE_FILTER} AND i.type IN (1, 2, 7) AND i.is_hypothetical = 0
ORDER BY i.object_id, i.index_id`;

/**
 * The columns of every index, by column_id: the builder names them from the COLUMNS rows and
 * keeps only those of the indexes INDEXES_SQL read.
 */
export const INDEX_COLUMNS_SQL = `
SELECT ic.object_id AS object_id,
       ic.index_id AS index_id,
       ic.index_column_id AS index_column_id,
       ic.column_id AS column_id,
       ic.key_ordinal AS key_ordinal,
       ic.is_descending_key AS is_descending_key,
       ic.is_included_column AS is_included_column
FROM sys.index_columns AS ic
JOIN sys.tables AS t ON t.object_id = ic.object_id
WHERE ${USER_TABLE_FILTER}
ORDER BY ic.object_id, ic.index_id, ic.index_column_id`;

/**
 * Foreign keys, one row each. The referenced table is named by scalar functions, not a join:
 * it may be a table the user-table filter leaves out (a FileTable), and a missing row must
 * never drop the key.
 */
export const FOREIGN_KEYS_SQL = `
SELECT fk.object_id AS object_id,
       fk.parent_object_id AS parent_object_id,
       fk.name AS constraint_name,
       fk.referenced_object_id AS referenced_object_id,
       OBJECT_SCHEMA_NAME(fk.referenced_object_id) AS referenced_schema,
       OBJECT_NAME(fk.referenced_object_id) AS referenced_table,
       fk.delete_referential_action_desc AS delete_action,
       fk.update_referential_action_desc AS update_action,
       fk.is_disabled AS is_disabled,
       fk.is_not_trusted AS is_not_trusted
FROM sys.foreign_keys AS fk
JOIN sys.tables AS t ON t.object_id = fk.parent_object_id
WHERE ${USER_TABLE_FILTER}
ORDER BY fk.parent_object_id, fk.object_id`;

/**
 * Foreign-key column pairs. The referencing column is named from the COLUMNS rows by the
 * builder; the referenced one by COL_NAME, since its table may be one we do not read.
 */
export const FOREIGN_KEY_COLUMNS_SQL = `
SELECT fkc.constraint_object_id AS constraint_object_id,
       fkc.constraint_column_id AS constraint_column_id,
       fkc.parent_object_id AS parent_object_id,
       fkc.parent_column_id AS parent_column_id,
       COL_NAME(fkc.referenced_object_id, fkc.referenced_column_id) AS referenced_column_name
FROM sys.foreign_key_columns AS fkc
JOIN sys.tables AS t ON t.object_id = fkc.parent_object_id
WHERE ${USER_TABLE_FILTER}
ORDER BY fkc.constraint_object_id, fkc.constraint_column_id`;

/** Check constraints (table- and column-level alike: both are rows of sys.check_constraints). */
export const CHECK_CONSTRAINTS_SQL = `
SELECT cc.parent_object_id AS parent_object_id,
       cc.name AS constraint_name,
       cc.definition AS definition,
       cc.is_disabled AS is_disabled,
       cc.is_not_trusted AS is_not_trusted
FROM sys.check_constraints AS cc
JOIN sys.tables AS t ON t.object_id = cc.parent_object_id
WHERE ${USER_TABLE_FILTER}
ORDER BY cc.parent_object_id, cc.name`;

/** Every catalog query by the CatalogRows field it fills: readCatalog runs exactly these. */
export const CATALOG_QUERIES = {
  database: DATABASE_NAME_SQL,
  tables: TABLES_SQL,
  partitions: PARTITIONS_SQL,
  columns: COLUMNS_SQL,
  types: TYPES_SQL,
  identityColumns: IDENTITY_COLUMNS_SQL,
  computedColumns: COMPUTED_COLUMNS_SQL,
  defaultConstraints: DEFAULT_CONSTRAINTS_SQL,
  indexes: INDEXES_SQL,
  indexColumns: INDEX_COLUMNS_SQL,
  foreignKeys: FOREIGN_KEYS_SQL,
  foreignKeyColumns: FOREIGN_KEY_COLUMNS_SQL,
  checkConstraints: CHECK_CONSTRAINTS_SQL,
} as const;
