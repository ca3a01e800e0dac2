/**
 * The schemas mssql2pg itself creates in the target, for `mssql2pg status`: the scratch schema
 * of verify in earlier versions of mssql2pg (verify keeps none now; the next verify drops it,
 * src/verify/scratch-cleanup.ts) and stage 2's bookkeeping schema (needed until every chunked
 * table has completed, then removable). One query per catalog.
 */
import { COMPLETION_SCHEMA } from './loaded-ranges.js';
import type { Queryable } from './queryable.js';

/** The scratch schema of an older verify, by name (src/verify/scratch-cleanup.ts drops it). */
export const VERIFY_SCRATCH_SCHEMA = 'mssql2pg_verify';

export interface LeftoverSchema {
  readonly schema: string;
  readonly kind: 'verify-scratch' | 'bookkeeping';
  readonly tables: number;
  readonly bytes: number;
  /** Rows in mssql2pg.loaded_ranges (bookkeeping only). */
  readonly rangeRows: number | null;
}

export async function readLeftoverSchemas(db: Queryable): Promise<LeftoverSchema[]> {
  const r = await db.query<{ schema: string; tables: string; bytes: string }>(
    `SELECT n.nspname AS schema,
            count(c.oid)::text AS tables,
            coalesce(sum(pg_catalog.pg_total_relation_size(c.oid)), 0)::text AS bytes
       FROM pg_catalog.pg_namespace n
       LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p')
      WHERE n.nspname = ANY($1::text[])
      GROUP BY n.nspname
      ORDER BY n.nspname`,
    [[VERIFY_SCRATCH_SCHEMA, COMPLETION_SCHEMA]],
  );
  const out: LeftoverSchema[] = [];
  for (const row of r.rows) {
    const bookkeeping = row.schema === COMPLETION_SCHEMA;
    out.push({
      schema: row.schema,
      kind: bookkeeping ? 'bookkeeping' : 'verify-scratch',
      tables: Number(row.tables),
      bytes: Number(row.bytes),
      rangeRows: bookkeeping && Number(row.tables) > 0 ? await rangeRows(db) : null,
    });
  }
  return out;
}

async function rangeRows(db: Queryable): Promise<number | null> {
  const exists = await db.query(`SELECT to_regclass('${COMPLETION_SCHEMA}.loaded_ranges') IS NOT NULL AS present`);
  if (!(exists.rows[0] as { present: boolean }).present) return null;
  const r = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${COMPLETION_SCHEMA}.loaded_ranges`);
  return Number(r.rows[0]!.n);
}
