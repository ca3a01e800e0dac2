// The sample shop's views (scripts/sample-shop.sql, which `npm run demo` migrates), read from
// the script itself and planned against models of its tables: the four translated ones are
// created in PostgreSQL over a few rows and return what SQL Server returns for them (worked out
// by hand); the FORMAT() one is exported. Without a SQL Server here, this is the check that the
// demo's stage 3 can create its views.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableModel } from '../../src/catalog/model.js';
import type { ViewModel } from '../../src/catalog/objects.js';
import { buildCreateTable } from '../../src/ddl/create-table.js';
import { planObjectNames } from '../../src/naming/plan-object-names.js';
import { planTargetNames } from '../../src/naming/plan-target-names.js';
import { planViews } from '../../src/postdata/plan-views.js';
import { viewOrder } from '../../src/stages/stage-views.js';
import { splitSqlBatches } from '../../scripts/demo-sql-script.js';
import { queryAsText } from '../fixtures/e2e-postgres-text.js';
import { column, table } from '../helpers/catalog-builder.js';
import { createTestDatabase, withPgClient, type TestDatabase } from '../helpers/postgres.js';
import { viewOf } from '../helpers/view-fixtures.js';

const CI = 'SQL_Latin1_General_CP1_CI_AS';
const TABLES: TableModel[] = [
  table('dbo', 'Categories', [column('CategoryId', 'smallint', { nullable: false, maxLength: 2, precision: 5 }), column('Name', 'nvarchar', { maxLength: 100, collation: CI, nullable: false })], { pk: ['CategoryId'] }),
  table('dbo', 'Products', [
    column('ProductId', 'int', { nullable: false }), column('Sku', 'varchar', { maxLength: 20, collation: CI, nullable: false }),
    column('Name', 'nvarchar', { maxLength: 400, collation: CI, nullable: false }), column('CategoryId', 'smallint', { maxLength: 2, precision: 5, nullable: false }),
    column('Price', 'decimal', { precision: 12, scale: 2, nullable: false }), column('IsDiscontinued', 'bit', { maxLength: 1, precision: 1, nullable: false }),
  ], { pk: ['ProductId'] }),
  table('dbo', 'Customers', [
    column('CustomerId', 'int', { nullable: false }), column('FullName', 'nvarchar', { maxLength: 200, collation: CI, nullable: false }),
    column('IsVip', 'bit', { maxLength: 1, precision: 1, nullable: false }),
  ], { pk: ['CustomerId'] }),
  table('dbo', 'Orders', [
    column('OrderId', 'int', { nullable: false }), column('CustomerId', 'int', { nullable: false }),
    column('OrderedAt', 'datetimeoffset', { maxLength: 10, precision: 34, scale: 7, nullable: false }), column('Total', 'money', { maxLength: 8, precision: 19, scale: 4 }),
  ], { pk: ['OrderId'] }),
  table('dbo', 'Reviews', [
    column('ReviewId', 'int', { nullable: false }), column('ProductId', 'int', { nullable: false }), column('Rating', 'tinyint', { maxLength: 1, precision: 3, nullable: false }),
  ], { pk: ['ReviewId'] }),
];

const VIEW_COLUMNS: Readonly<Record<string, string[]>> = {
  vCustomerOrderTotals: ['CustomerId int', 'FullName nvarchar', 'Orders int', 'Spent money'],
  vVipCustomers: ['CustomerId int', 'FullName nvarchar', 'Spent money'],
  vProductCatalog: ['ProductId int', 'Sku varchar', 'Name nvarchar', 'Category nvarchar', 'Price decimal', 'Availability nvarchar'],
  vTopReviewedProducts: ['ProductId int', 'Reviews int', 'AvgRating int'],
  vMonthlySales: ['SalesMonth nvarchar', 'Total money'],
};

const naming = { schemaMap: {}, targetSchema: null, identifierStyle: 'lower' as const };
let db: TestDatabase;
let views: ViewModel[];

beforeAll(async () => {
  const script = await readFile(new URL('../../scripts/sample-shop.sql', import.meta.url), 'utf8');
  views = splitSqlBatches(script)
    .filter((b) => /CREATE VIEW/i.test(b))
    .map((b) => {
      const name = /CREATE VIEW dbo\.(\w+)/i.exec(b)![1]!;
      return viewOf('dbo', name, b, VIEW_COLUMNS[name]!);
    });
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('the sample shop\'s views', () => {
  it('plans four translated views and the FORMAT() one exported, then creates them in dependency order and they return SQL Server\'s rows', async () => {
    expect(views.map((v) => v.name).sort()).toEqual(Object.keys(VIEW_COLUMNS).sort());
    const tableNames = planTargetNames(TABLES, naming);
    const viewTargets = planObjectNames(views.map((v) => ({ kind: 'view', schema: v.schema, name: v.name, columns: v.columns.map((c) => c.name) })), tableNames, naming);
    const plans = planViews({
      views, viewTargets, tables: TABLES, tableNames, allRelations: new Set(), identifierStyle: 'lower',
      mapping: { overrides: { byType: {}, byColumn: {} }, postgis: false },
    });
    expect(plans.get('dbo.vMonthlySales')).toMatchObject({ kind: 'export', reason: 'its definition calls FORMAT(), which is not translated' });
    const mapping = { overrides: { byType: {}, byColumn: {} }, postgis: false };
    await withPgClient(db.url, async (c) => {
      for (const t of TABLES) for (const sql of buildCreateTable(t, tableNames.get(`${t.schema}.${t.name}`)!, mapping).statements) await c.query(sql);
      await c.query(`
        INSERT INTO categories VALUES (1, 'Kitchen'), (2, 'Garden');
        INSERT INTO products VALUES (1, 'SKU-1', 'Pan', 1, 10.00, false), (2, 'SKU-2', 'Rake', 2, 20.50, true);
        INSERT INTO customers VALUES (1, 'Zoë Müller', true), (2, 'José García', false), (3, 'Ан Smith', true);
        INSERT INTO orders VALUES (1, 1, '2024-01-01 10:00:00+00', 10.5000), (2, 1, '2024-02-01 10:00:00+00', 4.2500), (3, 2, '2024-03-01 10:00:00+00', NULL);
        INSERT INTO reviews VALUES (1, 1, 5), (2, 1, 4), (3, 2, 3), (4, 2, 2), (5, 2, 2);`);
      const order = viewOrder([...plans.keys()].sort(), plans);
      expect(order.indexOf('dbo.vCustomerOrderTotals')).toBeLessThan(order.indexOf('dbo.vVipCustomers'));
      for (const name of order) {
        const p = plans.get(name)!;
        if (p.kind === 'create') await c.query(p.sql);
      }
    });
    // COUNT(o.OrderId) counts nothing for a customer without orders (the LEFT JOIN's NULL); SUM of money keeps 4 decimals.
    expect(await rows('SELECT * FROM vcustomerordertotals ORDER BY customerid')).toEqual([['1', 'Zoë Müller', '2', '14.7500'], ['2', 'José García', '1', null], ['3', 'Ан Smith', '0', null]]);
    expect(await rows('SELECT * FROM vvipcustomers ORDER BY customerid')).toEqual([['1', 'Zoë Müller', '14.7500'], ['3', 'Ан Smith', null]]);
    expect(await rows('SELECT * FROM vproductcatalog ORDER BY productid')).toEqual([['1', 'SKU-1', 'Pan', 'Kitchen', '10.00', 'available'], ['2', 'SKU-2', 'Rake', 'Garden', '20.50', 'discontinued']]);
    // AVG of ints truncates: (3 + 2 + 2) / 3 = 2; the product with the most reviews first.
    expect(await rows('SELECT * FROM vtopreviewedproducts ORDER BY reviews DESC, productid')).toEqual([['2', '3', '2'], ['1', '2', '4']]);
  });
});

async function rows(sql: string): Promise<(string | null)[][]> {
  return (await queryAsText(db.url, sql)).map((r) => Object.values(r));
}
