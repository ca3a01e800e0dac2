// Stage 3 through the real CLI against a real SQL Server: the three stages in order, then every
// post-data case of issue 7 must exist in Postgres as SQL Server defined it (system-named keys,
// a unique key with a NULL, a filtered index on a bit column, DESC + INCLUDE, a multi-column FK
// with CASCADE, translated, untrusted, disabled and untranslatable checks).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { e2eCliArgs, e2eConfig, queryAsText } from '../fixtures/e2e-postgres-text.js';
import { createSqlServerDatabase, type SqlServerTestDatabase } from '../fixtures/e2e-sqlserver-database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { describeWithSqlServer } from './harness.js';

const SOURCE_SCRIPT = `
CREATE TABLE dbo.Customers (
  CustomerID int NOT NULL PRIMARY KEY,
  Email nvarchar(100) NULL CONSTRAINT UQ_Customers_Email UNIQUE,
  Active bit NOT NULL
);
GO
CREATE INDEX IX_Customers_Active ON dbo.Customers (Email) WHERE Active = 1;
GO
CREATE TABLE dbo.Orders (
  OrderID int NOT NULL,
  Region varchar(10) NOT NULL,
  CustomerID int NULL,
  PlacedAt datetime2(3) NOT NULL,
  Qty int NOT NULL,
  Note nvarchar(200) NULL,
  CONSTRAINT PK_Orders PRIMARY KEY (OrderID, Region),
  CONSTRAINT FK_Orders_Customers FOREIGN KEY (CustomerID) REFERENCES dbo.Customers (CustomerID) ON DELETE SET NULL,
  CONSTRAINT CK_Orders_Qty CHECK (Qty > 0),
  CONSTRAINT CK_Orders_Note CHECK (len(Note) < 150),
  CONSTRAINT CK_Orders_Disabled CHECK (Qty < 1000)
);
GO
CREATE INDEX IX_Orders_Placed ON dbo.Orders (PlacedAt DESC) INCLUDE (Qty);
GO
CREATE TABLE dbo.OrderLines (
  OrderID int NOT NULL,
  Region varchar(10) NOT NULL,
  LineNo int NOT NULL,
  Sku varchar(20) NOT NULL,
  CONSTRAINT PK_OrderLines PRIMARY KEY (OrderID, Region, LineNo),
  CONSTRAINT FK_OrderLines_Orders FOREIGN KEY (OrderID, Region) REFERENCES dbo.Orders (OrderID, Region)
    ON DELETE CASCADE ON UPDATE CASCADE
);
GO
INSERT INTO dbo.Customers VALUES (1, N'a@example.com', 1), (2, NULL, 0), (3, N'c@example.com', 1);
INSERT INTO dbo.Orders VALUES (10, 'EU', 1, '2024-01-01', 5, N'first'), (11, 'US', NULL, '2024-01-02', 1, NULL), (12, 'EU', 3, '2024-01-03', 2, N'x');
INSERT INTO dbo.OrderLines VALUES (10, 'EU', 1, 'SKU-1'), (10, 'EU', 2, 'SKU-2'), (12, 'EU', 1, 'SKU-3');
GO
ALTER TABLE dbo.Orders WITH NOCHECK ADD CONSTRAINT CK_Orders_Region CHECK (Region <> '');
GO
ALTER TABLE dbo.Orders NOCHECK CONSTRAINT CK_Orders_Disabled;
`;

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
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace
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
