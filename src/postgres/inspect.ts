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
