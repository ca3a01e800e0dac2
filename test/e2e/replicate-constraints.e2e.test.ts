// Stage 3 through the real CLI against a real SQL Server: the three stages in order, then every
// post-data case must exist in Postgres as SQL Server defined it (system-named keys,
// a unique key with a NULL, a filtered index on a bit column, DESC + INCLUDE, a multi-column FK
// with CASCADE, translated, untrusted, disabled and untranslatable checks).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { e2eCliArgs, e2eConfig, queryAsText } from '../fixtures/e2e-postgres-text.js';
import { createSqlServerDatabase, type SqlServerTestDatabase } from '../fixtures/e2e-sqlserver-database.js';
import { POSTDATA_SOURCE_SCRIPT as SOURCE_SCRIPT } from '../fixtures/e2e-postdata-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { describeWithSqlServer } from './harness.js';


describeWithSqlServer('replicate constraints from a real SQL Server', (server) => {
  let source: SqlServerTestDatabase;
  let target: TestDatabase;
  let config: ResolvedConfig;
  let exitCodes: number[];

  beforeAll(async () => {
    source = await createSqlServerDatabase(server.url);
    target = await createTestDatabase();
    await source.runScript(SOURCE_SCRIPT);
    config = e2eConfig(source.url, target.url);
    const args = e2eCliArgs(config, source.url);
    exitCodes = [
      await main(['replicate', 'schema', ...args]),
      await main(['sync', 'data', ...args]),
      await main(['replicate', 'constraints', ...args]),
    ];
  });

  afterAll(async () => {
    await target?.drop();
    await source?.drop();
  });

  it('runs the three stages with exit code 0', () => {
    expect(exitCodes).toEqual([0, 0, 0]);
  });

  it('creates every key, index, check and foreign key as SQL Server defined it', async () => {
    const rows = await queryAsText(
      target.url,
      `SELECT conrelid::regclass::text || ' ' || conname || ': ' || pg_get_constraintdef(oid) AS d
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n'
       UNION ALL
       SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
          AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace)
       ORDER BY 1`,
    );
    expect(rows.map((r) => r['d']).sort()).toEqual(
      [
        'CREATE INDEX ix_customers_active ON public.customers USING btree (email) WHERE (active = true)',
        'CREATE INDEX ix_orders_placed ON public.orders USING btree (placedat DESC) INCLUDE (qty)',
        'customers customers_pkey: PRIMARY KEY (customerid)',
        'customers uq_customers_email: UNIQUE NULLS NOT DISTINCT (email)',
        'orderlines fk_orderlines_orders: FOREIGN KEY (orderid, region) REFERENCES orders(orderid, region) ON UPDATE CASCADE ON DELETE CASCADE',
        'orderlines pk_orderlines: PRIMARY KEY (orderid, region, lineno)',
        'orders ck_orders_qty: CHECK ((qty > 0))',
        "orders ck_orders_region: CHECK (((region)::text <> ''::text)) NOT VALID",
        'orders fk_orders_customers: FOREIGN KEY (customerid) REFERENCES customers(customerid) ON DELETE SET NULL',
        'orders pk_orders: PRIMARY KEY (orderid, region)',
      ].sort(),
    );
  });
});
