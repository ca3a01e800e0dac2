/**
 * The completion table of key-range chunks, which makes each range load exactly once:
 *
 *   mssql2pg.loaded_ranges(target_table, chunk_plan, range_label, range_lo, range_hi, rows, loaded_at)
 *
 * A range's row goes in inside the same transaction as the range's COPY, so "this range's rows
 * are in the table" and "this range is recorded" commit or vanish together. After a crash a
 * resume asks this table, not the progress file (which is written after COMMIT and may lag by
 * one range), which ranges are done: nothing is guessed, nothing loaded twice.
 * Remove it with `DROP SCHEMA mssql2pg CASCADE` once the migration is over (README).
 */
import type pg from 'pg';
import { rangeLabel, type KeyRange } from '../plan/key-ranges.js';
import type { Queryable } from './queryable.js';

export const COMPLETION_SCHEMA = 'mssql2pg';
const TABLE = 'mssql2pg.loaded_ranges';

/** Idempotent; call once per run before any range starts (concurrent CREATE ... IF NOT EXISTS can race). */
export async function ensureLoadedRangesTable(db: Queryable): Promise<void> {
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
}

/** Inside the range's own transaction, after its COPY and row-count check. */
export async function recordLoadedRange(
  client: pg.ClientBase,
  targetTable: string,
  chunkPlan: string,
  range: KeyRange,
  rows: number,
): Promise<void> {
  await client.query(
    `INSERT INTO ${TABLE} (target_table, chunk_plan, range_label, range_lo, range_hi, rows) VALUES ($1, $2, $3, $4, $5, $6)`,
    [targetTable, chunkPlan, rangeLabel(range), range.lo, range.hi, rows],
  );
}

/** Committed ranges of one plan: label → rows. */
export async function loadedRanges(db: Queryable, targetTable: string, chunkPlan: string): Promise<Map<string, number>> {
  const result = await db.query<{ range_label: string; rows: string }>(
    `SELECT range_label, rows::text AS rows FROM ${TABLE} WHERE target_table = $1 AND chunk_plan = $2`,
    [targetTable, chunkPlan],
  );
  return new Map(result.rows.map((r) => [r.range_label, Number(r.rows)]));
}

/** Rows of earlier plans of the table never match a new plan; this only keeps the table small. */
export async function forgetOtherPlans(db: Queryable, targetTable: string, chunkPlan: string): Promise<void> {
  await db.query(`DELETE FROM ${TABLE} WHERE target_table = $1 AND chunk_plan <> $2`, [targetTable, chunkPlan]);
}
