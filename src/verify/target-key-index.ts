import type { Queryable } from '../postgres/queryable.js';

/**
 * Whether the target has a btree index (a primary key counts) led by `column`. Comparing in
 * key ranges reads the target with `WHERE key >= lo AND key < hi` once per range: without such an
 * index each range is a full scan, quadratic on a big table, so verify then compares the table
 * whole instead. Stage 3 (`replicate constraints`) creates the primary key after the data.
 * The key must also still be a number in the target: the range bounds are compared with the
 * column's own type, and a key that a type override turned into text would order differently
 * from SQL Server's integers (ranges would overlap or leave gaps), so such a table is compared
 * whole too.
 */
export async function hasKeyIndex(db: Queryable, schema: string, table: string, column: string): Promise<boolean> {
  const r = await db.query(
    `SELECT 1
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_catalog.pg_am am ON am.oid = ic.relam
       JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
      WHERE n.nspname = $1 AND t.relname = $2 AND a.attname = $3
        AND am.amname = 'btree' AND i.indpred IS NULL AND i.indisvalid
        AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'numeric'::regtype)
      LIMIT 1`,
    [schema, table, column],
  );
  return r.rowCount !== null && r.rowCount > 0;
}
