// Regression: worker processes starting at the same moment each created the bookkeeping tables
// with CREATE ... IF NOT EXISTS, and one died with `duplicate key value violates unique
// constraint "pg_type_typname_nsp_index"` (Postgres's IF NOT EXISTS is not safe against a
// concurrent creator). The DDL now runs under an advisory lock, one process at a time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureLoadedRangesTable } from '../../src/postgres/loaded-ranges.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { ensureRunStateTables } from '../../src/postgres/run-state.js';
import { createTestDatabase, withPgClient, type TestDatabase } from '../helpers/postgres.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

describe('bookkeeping tables created by many processes at once', () => {
  it('all of them succeed, on a database that has none yet', async () => {
    const pools = await Promise.all(Array.from({ length: 8 }, () => openTargetPool(db.url, 1)));
    try {
      const results = await Promise.allSettled(pools.map((p, i) => (i % 2 === 0 ? ensureRunStateTables(p) : ensureLoadedRangesTable(p))));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
    const tables = await withPgClient(db.url, async (c) =>
      (await c.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'mssql2pg' ORDER BY 1`)).rows.map((r) => r.t),
    );
    expect(tables).toEqual(['dist_runs', 'dist_units', 'loaded_ranges']);
  });
});
