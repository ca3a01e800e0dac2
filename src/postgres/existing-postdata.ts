import type { Queryable } from './queryable.js';

/** The constraints and indexes a target table already has, so a resumed run skips them. */
export interface ExistingPostdata {
  readonly hasPrimaryKey: boolean;
  /** Constraint name → [contype ('p','u','c','f'...), convalidated]. */
  readonly constraints: ReadonlyMap<string, { readonly type: string; readonly validated: boolean }>;
  readonly indexes: ReadonlySet<string>;
}

export async function readExistingPostdata(db: Queryable, schema: string, table: string): Promise<ExistingPostdata> {
  const r = await db.query<{ name: string; type: string; validated: boolean }>(
    `SELECT con.conname AS name, con.contype::text AS type, con.convalidated AS validated
       FROM pg_catalog.pg_constraint con
       JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2
     UNION ALL
     SELECT i.relname, 'index', true
       FROM pg_catalog.pg_index x
       JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
       JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, table],
  );
  const constraints = new Map<string, { type: string; validated: boolean }>();
  const indexes = new Set<string>();
  for (const row of r.rows) {
    if (row.type === 'index') indexes.add(row.name);
    else constraints.set(row.name, { type: row.type, validated: row.validated });
  }
  return { hasPrimaryKey: [...constraints.values()].some((c) => c.type === 'p'), constraints, indexes };
}

/** server_version_num, e.g. 150004. */
export async function serverVersionNum(db: Queryable): Promise<number> {
  const r = await db.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
  return Number(r.rows[0]!.v);
}
