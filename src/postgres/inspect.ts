import { quotePgQualified } from '../ddl/quote.js';
import { Mssql2pgError } from '../errors.js';
import type { Queryable } from './queryable.js';

/** Whether `schema.table` exists in the target (exact, case-sensitive names, as we create them). */
export async function tableExists(db: Queryable, schema: string, table: string): Promise<boolean> {
  const r = await db.query(
    `SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')`,
    [schema, table],
  );
  return r.rowCount !== null && r.rowCount > 0;
}

/** PostGIS installed in the target database: spatial columns then map to geography/geometry. */
export async function hasPostgis(db: Queryable): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'postgis'`);
  return r.rowCount !== null && r.rowCount > 0;
}

/**
 * The target table, quoted, when it exists; otherwise an error that names it and says what to
 * do (`advice`, e.g. "run `mssql2pg replicate schema` first").
 */
export async function requireTable(db: Queryable, schema: string, table: string, advice: string): Promise<string> {
  const quoted = quotePgQualified(schema, table);
  if (!(await tableExists(db, schema, table))) throw new Mssql2pgError(`target table ${quoted} does not exist: ${advice}`);
  return quoted;
}
