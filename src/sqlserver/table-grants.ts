/**
 * The login's effective permissions on every user table, so a stage can refuse up front,
 * naming the grant, instead of failing table by table. One catalog view (sys.tables, with the
 * user-table filter) and scalar functions: HAS_PERMS_BY_NAME evaluates the effective
 * permission (granted directly, through a role, or implied by a higher one such as CONTROL or
 * db_owner, and not denied) and returns 1 or 0, or NULL when it cannot evaluate the securable or
 * permission. NULL is "cannot tell" and never blocks a run: engines that speak T-SQL evaluate
 * some permissions only partly (Babelfish answers SELECT from Postgres's privileges and other
 * permissions from dbo membership).
 */
import { Mssql2pgError } from '../errors.js';
import { USER_TABLE_FILTER } from './catalog-queries.js';
import type { SourceGrants, TableGrants } from './contract.js';
import type { CatalogQueryRunner } from './read-catalog.js';

export const TABLE_GRANTS_SQL = `
SELECT SCHEMA_NAME(t.schema_id) AS schema_name,
       t.name AS table_name,
       HAS_PERMS_BY_NAME(QUOTENAME(SCHEMA_NAME(t.schema_id)) + N'.' + QUOTENAME(t.name), N'OBJECT', N'SELECT') AS can_select,
       HAS_PERMS_BY_NAME(QUOTENAME(SCHEMA_NAME(t.schema_id)) + N'.' + QUOTENAME(t.name), N'OBJECT', N'VIEW DEFINITION') AS can_view_definition
FROM sys.tables AS t
WHERE ${USER_TABLE_FILTER}
ORDER BY t.object_id`;

export const LOGIN_SQL = 'SELECT USER_NAME() AS user_name, DB_NAME() AS database_name';

export interface TableGrantRow {
  readonly schema_name: string | null;
  readonly table_name: string;
  /** int: 1, 0 or NULL. */
  readonly can_select: number | null;
  readonly can_view_definition: number | null;
}

/**
 * A server that cannot run the query (a T-SQL engine without HAS_PERMS_BY_NAME) is not a
 * reason to stop: the stage goes on and says it could not check. Values the function never
 * returns are a loud error (grantsOf).
 */
export async function readTableGrants(runner: CatalogQueryRunner): Promise<SourceGrants> {
  let login: { user_name: string | null } | undefined;
  let rows: TableGrantRow[];
  try {
    [login] = await runner.query<{ user_name: string | null }>(LOGIN_SQL);
    rows = await runner.query<TableGrantRow>(TABLE_GRANTS_SQL);
  } catch (error) {
    return { checked: false, reason: (error as Error).message };
  }
  return { checked: true, user: login?.user_name ?? 'the login', tables: rows.map(grantsOf) };
}

/** One row as the stages see it; anything but 1, 0 or NULL is a loud error (the catalog is wrong). */
export function grantsOf(row: TableGrantRow): TableGrants {
  if (row.schema_name === null) throw new Mssql2pgError(`SQL Server listed table ${row.table_name} without a schema (SCHEMA_NAME returned NULL)`);
  return {
    schema: row.schema_name,
    table: row.table_name,
    select: flag(row.can_select, row, 'SELECT'),
    viewDefinition: flag(row.can_view_definition, row, 'VIEW DEFINITION'),
  };
}

function flag(value: number | null, row: TableGrantRow, permission: string): boolean | null {
  if (value === null) return null;
  if (value === 1) return true;
  if (value === 0) return false;
  throw new Mssql2pgError(`HAS_PERMS_BY_NAME(${permission}) returned ${String(value)} for ${row.schema_name}.${row.table_name}; expected 1, 0 or NULL`);
}
