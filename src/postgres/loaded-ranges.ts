/**
 * The completion table of key-range chunks, which makes each range load exactly once:
 *
 *   mssql2pg.loaded_ranges(target_table, chunk_plan, range_label, range_lo, range_hi, rows, loaded_at,
 *                          key_column, key_type, target_oid, target_filenode)
 *
 * A range's row goes in inside the same transaction as the range's COPY, so "this range's rows
 * are in the table" and "this range is recorded" commit or vanish together. After a crash a
 * resume asks this table, not the progress file (which is written after COMMIT and may lag by
 * one range), which ranges are done: nothing is guessed, nothing loaded twice.
 * Each row also says which key the range is on and which table it went into (oid and
 * relfilenode, read in the same transaction, after the range's own TRUNCATE): a resume trusts a
 * row only while the table is still that table and the plan is still on that key.
 * Remove it with `DROP SCHEMA mssql2pg CASCADE` once the migration is over (README).
 */
import type pg from 'pg';
import { rangeLabel, type ChunkKey, type KeyRange } from '../plan/key-ranges.js';
import type { Queryable } from './queryable.js';
import { serializedDdl } from './serialized-ddl.js';
import { identityOf, type TargetIdentity } from './table-identity.js';

export const COMPLETION_SCHEMA = 'mssql2pg';
const TABLE = 'mssql2pg.loaded_ranges';

/** Idempotent, and safe while other processes run it too (serialized-ddl.ts). */
export async function ensureLoadedRangesTable(pool: pg.Pool): Promise<void> {
  await serializedDdl(pool, createLoadedRangesTable);
}

/** The statements, inside serializedDdl's transaction (run-state.ts adds its own to the same one). */
export async function createLoadedRangesTable(db: Queryable): Promise<void> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${COMPLETION_SCHEMA}`);
  await db.query(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (
       target_table text NOT NULL,
       chunk_plan text NOT NULL,
       range_label text NOT NULL,
       range_lo text,
       range_hi text,
       rows bigint NOT NULL,
       loaded_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (target_table, chunk_plan, range_label)
     )`,
  );
  // Columns added after the first release: rows written before them have NULLs there, which a
  // resume treats as "cannot tell" and starts the table over.
  await db.query(
    `ALTER TABLE ${TABLE}
       ADD COLUMN IF NOT EXISTS key_column text,
       ADD COLUMN IF NOT EXISTS key_type text,
       ADD COLUMN IF NOT EXISTS target_oid oid,
       ADD COLUMN IF NOT EXISTS target_filenode oid`,
  );
}

/** One committed range of a plan, as recorded. */
export interface LoadedRange {
  readonly range: KeyRange;
  readonly rows: number;
  /** Null in rows written before the key was recorded. */
  readonly keyColumn: string | null;
  readonly keyType: string | null;
  /** Null in rows written before the identity was recorded. */
  readonly target: TargetIdentity | null;
}

/**
 * Inside the range's own transaction, after its COPY and row-count check. Returns the identity
 * of the table the rows went into, as recorded.
 */
export async function recordLoadedRange(
  client: pg.ClientBase,
  targetTable: string,
  /** The key is null for a whole table's record (a distributed run's table unit). */
  plan: { readonly id: string; readonly key: ChunkKey | null },
  range: KeyRange,
  rows: number,
): Promise<TargetIdentity> {
  const r = await client.query<{ oid: string; filenode: string }>(
    `INSERT INTO ${TABLE} (target_table, chunk_plan, range_label, range_lo, range_hi, rows, key_column, key_type, target_oid, target_filenode)
     SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::bigint, $7::text, $8::text, t.oid, pg_relation_filenode(t.oid) FROM (SELECT $1::text::regclass::oid AS oid) t
     RETURNING target_oid::text AS oid, target_filenode::text AS filenode`,
    [targetTable, plan.id, rangeLabel(range), range.lo, range.hi, rows, plan.key?.column ?? null, plan.key?.sqlType ?? null],
  );
  const identity = identityOf(r.rows[0]?.oid ?? null, r.rows[0]?.filenode ?? null);
  if (identity === null) throw new Error(`internal: no identity recorded for ${targetTable}`);
  return identity;
}

/** Committed ranges of one plan, by range label. */
export async function loadedRanges(db: Queryable, targetTable: string, chunkPlan: string): Promise<Map<string, LoadedRange>> {
  const result = await db.query<{
    range_label: string;
    range_lo: string | null;
    range_hi: string | null;
    rows: string;
    key_column: string | null;
    key_type: string | null;
    oid: string | null;
    filenode: string | null;
  }>(
    `SELECT range_label, range_lo, range_hi, rows::text AS rows, key_column, key_type, target_oid::text AS oid, target_filenode::text AS filenode
       FROM ${TABLE} WHERE target_table = $1 AND chunk_plan = $2`,
    [targetTable, chunkPlan],
  );
  return new Map(
    result.rows.map((r) => [
      r.range_label,
      {
        range: { lo: r.range_lo, hi: r.range_hi },
        rows: Number(r.rows),
        keyColumn: r.key_column,
        keyType: r.key_type,
        target: identityOf(r.oid, r.filenode),
      },
    ]),
  );
}

/** Rows of earlier plans of the table never match a new plan; this only keeps the table small. */
export async function forgetOtherPlans(db: Queryable, targetTable: string, chunkPlan: string): Promise<void> {
  await db.query(`DELETE FROM ${TABLE} WHERE target_table = $1 AND chunk_plan <> $2`, [targetTable, chunkPlan]);
}
