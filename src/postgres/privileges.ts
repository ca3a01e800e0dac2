/**
 * What the PostgreSQL user may do in the target, asked before a stage touches anything, so a
 * missing grant stops the run at once with the GRANT to run (src/stages/required-grants.ts)
 * instead of failing every table with "permission denied". Privilege functions answer for the
 * current user, with role membership and PUBLIC grants included, as Postgres itself checks.
 */
import type { Queryable } from './queryable.js';

export interface DatabaseFacts {
  readonly user: string;
  readonly database: string;
  /** CREATE on the database: new schemas (also `CREATE SCHEMA IF NOT EXISTS` on an existing one). */
  readonly create: boolean;
}

export interface SchemaFacts {
  readonly schema: string;
  readonly exists: boolean;
  readonly usage: boolean;
  readonly create: boolean;
}

export interface TableFacts {
  readonly schema: string;
  readonly table: string;
  readonly exists: boolean;
  /** A member of the owning role: ALTER TABLE, CREATE INDEX, DROP need ownership. */
  readonly owner: boolean;
  readonly select: boolean;
  readonly insert: boolean;
  readonly delete: boolean;
  readonly truncate: boolean;
  /** UPDATE on every sequence of the table (identity columns: setval after the load); true when it has none. */
  readonly sequences: boolean;
}

export async function databaseFacts(db: Queryable): Promise<DatabaseFacts> {
  const r = await db.query<{ user: string; database: string; create: boolean }>(
    `SELECT current_user AS "user", current_database() AS database, has_database_privilege(current_database(), 'CREATE') AS "create"`,
  );
  return r.rows[0]!;
}

/** One row per schema asked for, in the order asked. */
export async function schemaFacts(db: Queryable, schemas: readonly string[]): Promise<SchemaFacts[]> {
  const r = await db.query<SchemaFacts>(
    `SELECT s.name AS schema,
            n.oid IS NOT NULL AS exists,
            coalesce(has_schema_privilege(n.oid, 'USAGE'), false) AS usage,
            coalesce(has_schema_privilege(n.oid, 'CREATE'), false) AS "create"
       FROM unnest($1::text[]) WITH ORDINALITY AS s(name, ord)
       LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = s.name
      ORDER BY s.ord`,
    [[...schemas]],
  );
  return r.rows;
}

/** One row per table asked for, in the order asked. */
export async function tableFacts(db: Queryable, tables: readonly { readonly schema: string; readonly table: string }[]): Promise<TableFacts[]> {
  const r = await db.query<TableFacts>(
    `SELECT t.schema, t.name AS "table",
            c.oid IS NOT NULL AS exists,
            coalesce(pg_has_role(c.relowner, 'USAGE'), false) AS owner,
            coalesce(has_table_privilege(c.oid, 'SELECT'), false) AS "select",
            coalesce(has_table_privilege(c.oid, 'INSERT'), false) AS "insert",
            coalesce(has_table_privilege(c.oid, 'DELETE'), false) AS "delete",
            coalesce(has_table_privilege(c.oid, 'TRUNCATE'), false) AS "truncate",
            coalesce((SELECT bool_and(has_sequence_privilege(d.objid, 'UPDATE'))
                        FROM pg_catalog.pg_depend d
                        JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                       WHERE d.refobjid = c.oid AND d.classid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')), true) AS sequences
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(schema, name, ord)
       LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = t.schema
       LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = t.name AND c.relkind IN ('r', 'p')
      ORDER BY t.ord`,
    [tables.map((t) => t.schema), tables.map((t) => t.table)],
  );
  return r.rows;
}
