/**
 * The scratch copies verify loads the source into. They live in their own schema so they can
 * never be mistaken for (or collide with) migrated tables, are UNLOGGED (no WAL: they are
 * thrown away), and take their column types from the target table itself, so the COPY parses
 * each value exactly as stage 2's COPY into the target did.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { quotePgIdent, quotePgQualified } from '../ddl/quote.js';
import { Mssql2pgError } from '../errors.js';

export const SCRATCH_SCHEMA = 'mssql2pg_verify';

/**
 * `v<pid>_<hash>_<slot>`: short (the 63-byte limit), distinct per table, per concurrent run,
 * and per slot (a table loads one range while the other is compared).
 */
export function scratchTableName(table: string, slot: number, pid: number = process.pid): string {
  return `v${pid}_${createHash('sha256').update(table).digest('hex').slice(0, 16)}_${slot}`;
}

export async function createScratchSchema(pool: pg.Pool): Promise<void> {
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quotePgIdent(SCRATCH_SCHEMA)}`);
  } catch (err) {
    // 42501 insufficient_privilege: the user may read the tables but not create a schema.
    if ((err as { code?: string }).code !== '42501') throw err;
    throw new Mssql2pgError(
      `verify needs to create the scratch schema ${SCRATCH_SCHEMA} in the target, and the PostgreSQL user may not (${(err as Error).message}). ` +
        'Grant CREATE on the database, or run verify --counts-only.',
      { cause: err },
    );
  }
}

/**
 * Drops the schema only when no other verify run still has tables in it (RESTRICT fails with
 * 2BP01 then, and the other run drops it when it ends).
 */
export async function dropScratchSchema(pool: pg.Pool): Promise<void> {
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${quotePgIdent(SCRATCH_SCHEMA)} RESTRICT`);
  } catch (err) {
    if ((err as { code?: string }).code !== '2BP01') throw err;
  }
}

/** `CREATE UNLOGGED TABLE … AS SELECT <columns> FROM <target> WITH NO DATA`: the target's column types (typmods included), no constraints, defaults or identity. */
export async function createScratchTable(pool: pg.Pool, scratch: string, target: string, columns: readonly string[]): Promise<string> {
  const qualified = quotePgQualified(SCRATCH_SCHEMA, scratch);
  await pool.query(`DROP TABLE IF EXISTS ${qualified}`);
  await pool.query(`CREATE UNLOGGED TABLE ${qualified} AS SELECT ${columns.map(quotePgIdent).join(', ')} FROM ${target} WITH NO DATA`);
  return qualified;
}

export async function dropScratchTable(pool: pg.Pool, qualified: string): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS ${qualified}`);
}
