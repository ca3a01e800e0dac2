/**
 * The SQL Server base types mssql2pg knows, as one union. The type map (src/typemap/type-map.ts)
 * and the read table (src/sqlserver/column-read.ts) are both declared `satisfies
 * Record<SystemTypeName, …>`, so a type added here without its Postgres type and its read is a
 * compile error, not a table that fails at run time.
 *
 * Not in the union: alias types (resolved to their base type by the catalog builder) and CLR user
 * types (`schema.Name`, below), which no system type name can be mistaken for.
 */
export const SYSTEM_TYPE_NAMES = [
  'bit', 'tinyint', 'smallint', 'int', 'bigint',
  'decimal', 'numeric', 'money', 'smallmoney', 'real', 'float',
  'date', 'datetime', 'smalldatetime', 'datetime2', 'time', 'datetimeoffset',
  'char', 'nchar', 'varchar', 'nvarchar', 'text', 'ntext', 'sysname',
  'binary', 'varbinary', 'image',
  'uniqueidentifier', 'xml', 'timestamp', 'rowversion', 'sql_variant',
  'hierarchyid', 'geography', 'geometry',
] as const;

export type SystemTypeName = (typeof SYSTEM_TYPE_NAMES)[number];

const NAMES: ReadonlySet<string> = new Set(SYSTEM_TYPE_NAMES);

/** The system type a column's type names (any case), or null for CLR user types and types we do not know. */
export function systemTypeName(type: string): SystemTypeName | null {
  const lower = type.toLowerCase();
  return NAMES.has(lower) ? (lower as SystemTypeName) : null;
}

/**
 * The CLR rule, shared by the type map and the reads: a CLR user type (`CREATE TYPE ... EXTERNAL
 * NAME`) reaches the model as its schema-qualified name, e.g. `dbo.Point` (src/sqlserver/
 * build-columns.ts). It has no Postgres type of its own (the user names one with an override)
 * and is read as its ToString() text, which every SQL CLR user type implements.
 */
export function isClrUserType(type: string): boolean {
  return type.includes('.');
}
