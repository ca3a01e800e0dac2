/**
 * DDL that several processes may run at the same moment: the bookkeeping tables every stage-2
 * run, coordinator and worker creates when they are missing. `CREATE ... IF NOT EXISTS` is not
 * safe under concurrency in Postgres (two creators both find the name free, and the second fails
 * on pg_type's unique index, "duplicate key value violates unique constraint
 * pg_type_typname_nsp_index"), so the statements run in one transaction that first takes a
 * transaction-level advisory lock: one process at a time, the others then find everything there.
 */
import type pg from 'pg';
import type { Queryable } from './queryable.js';

/** An arbitrary constant of ours: the advisory-lock key of mssql2pg's bookkeeping DDL. */
const BOOKKEEPING_DDL_LOCK = 0x6d73_7132;

export async function serializedDdl(pool: pg.Pool, run: (db: Queryable) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [BOOKKEEPING_DDL_LOCK]);
    await run(client);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
