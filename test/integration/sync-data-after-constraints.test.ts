// Loading the data again after stage 3 created foreign keys: Postgres refuses to TRUNCATE a
// referenced table. The table fails with what to do, names the table, keeps Postgres's error
// as the cause, and is not retried (nothing transient about it).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { column, table } from '../helpers/catalog-builder.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { MemoryRowSource, type MemoryTable } from '../helpers/memory-row-source.js';
import { createTestDatabase, withPgClient, type TestDatabase } from '../helpers/postgres.js';
import { createTargets, sync } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await expectNoOpenConnections(db.name);
  await db.drop();
});

const customers: MemoryTable = {
  model: table('dbo', 'Customers', [column('Id', 'int', { nullable: false })], { pk: ['Id'], rowCountEstimate: 2 }),
  shapes: ['integer'],
  rows: [[1], [2]],
};
const orders: MemoryTable = {
  model: table('dbo', 'Orders', [column('Id', 'int', { nullable: false }), column('CustomerId', 'int')], { pk: ['Id'], rowCountEstimate: 2 }),
  shapes: ['integer', 'integer'],
  rows: [[10, 1], [11, 2]],
};

it('a referenced table fails with how to reload it; the referencing table still loads', async () => {
  const config = testConfig(db.url);
  await createTargets(config, [customers, orders]);
  expect((await sync(config, new MemoryRowSource([customers, orders]))).failed).toEqual([]);
  await withPgClient(db.url, (c) =>
    c.query(`ALTER TABLE public.customers ADD PRIMARY KEY (id);
             ALTER TABLE public.orders ADD CONSTRAINT orders_customerid_fkey FOREIGN KEY (customerid) REFERENCES public.customers (id)`),
  );
  const source = new MemoryRowSource([customers, orders]);
  const again = await sync(config, source, { reset: true });
  expect(again.failed.map((f) => f.table)).toEqual(['dbo.Customers']);
  const error = again.failed[0]!.error;
  expect(error).toContain('cannot empty "public"."customers" before loading it: foreign keys');
  expect(error).toContain('replicate schema --drop-existing');
  expect(error).toContain('SQLSTATE 0A000');
  expect(source.attempts.get('dbo.Customers')).toBe(1); // not retried
});
