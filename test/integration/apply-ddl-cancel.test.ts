import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { applyInTransaction } from '../../src/postgres/apply-ddl.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';

let db: TestDatabase;
let pool: pg.Pool;
beforeEach(async () => {
  db = await createTestDatabase();
  pool = await openTargetPool(db.url, 2);
});
afterEach(async () => {
  await pool.end();
  await db.drop();
});

describe('applyInTransaction with a signal', () => {
  it('cancels the running statement on abort and rolls its transaction back', async () => {
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(new Error('interrupted')), 300);
    await expect(applyInTransaction(pool, ['CREATE TABLE t (a int)', 'SELECT pg_sleep(20)'], abort.signal)).rejects.toMatchObject({ code: '57014' });
    expect(Date.now() - started).toBeLessThan(10_000);
    const r = await pool.query(`SELECT to_regclass('public.t') AS t`);
    expect(r.rows[0]).toEqual({ t: null });
  });

  it('starts nothing when already aborted', async () => {
    const abort = new AbortController();
    abort.abort(new Error('interrupted'));
    await expect(applyInTransaction(pool, ['CREATE TABLE t (a int)'], abort.signal)).rejects.toThrow('interrupted');
    expect((await pool.query(`SELECT to_regclass('public.t') AS t`)).rows[0]).toEqual({ t: null });
  });
});
