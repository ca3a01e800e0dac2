/**
 * Sequences and views already in the target, so stage 1 and stage 3 can tell "created by an
 * earlier run" (the same definition: nothing to do) from "someone else's object" (an error).
 */
import type { PgSequenceDefinition } from '../ddl/create-sequence.js';
import type { Queryable } from './queryable.js';

/** A sequence's definition from pg_sequences (PostgreSQL 10+), or null when there is none. */
export async function readSequenceDefinition(db: Queryable, schema: string, name: string): Promise<PgSequenceDefinition | null> {
  const r = await db.query<{
    data_type: string; start_value: string; increment_by: string; min_value: string; max_value: string; cycle: boolean; cache_size: string;
  }>(
    `SELECT data_type::text AS data_type, start_value::text AS start_value, increment_by::text AS increment_by,
            min_value::text AS min_value, max_value::text AS max_value, cycle, cache_size::text AS cache_size
       FROM pg_catalog.pg_sequences WHERE schemaname = $1 AND sequencename = $2`,
    [schema, name],
  );
  const row = r.rows[0];
  if (row === undefined) return null;
  return {
    dataType: row.data_type as PgSequenceDefinition['dataType'],
    start: row.start_value,
    increment: row.increment_by,
    min: row.min_value,
    max: row.max_value,
    cycle: row.cycle,
    cache: row.cache_size,
  };
}

/** What kind of relation has this name in the schema (`v` view, `r` table, `S` sequence, ...), or null. */
export async function relationKind(db: Queryable, schema: string, name: string): Promise<string | null> {
  const r = await db.query<{ relkind: string }>(
    `SELECT c.relkind::text AS relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, name],
  );
  return r.rows[0]?.relkind ?? null;
}
