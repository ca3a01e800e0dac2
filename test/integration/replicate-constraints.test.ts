import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogModel } from '../../src/catalog/model.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { TableStageProgress } from '../../src/progress/types.js';
import { replicateConstraints } from '../../src/stages/replicate-constraints.js';
import { replicateSchema } from '../../src/stages/replicate-schema.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { postdataCatalog } from '../fixtures/postdata-catalog.js';
import { column, table } from '../helpers/catalog-builder.js';
import { createTestDatabase, withPgClient, type TestDatabase } from '../helpers/postgres.js';
import { constraintsArgs, schemaArgs, type FlatConstraintsOptions } from '../helpers/stage-options.js';
import { testConfig } from '../helpers/test-config.js';

// The rows are loaded with INSERT here, not by sync data, so the stage-order check is forced.
const defaults: FlatConstraintsOptions = {
  resume: false, reset: false, startFrom: null, until: null, maxTables: null, failFast: false,
  dryRun: false, parallel: 2, maintenanceWorkMem: '64MB', fkNotValid: false, force: true,
};

let db: TestDatabase;
let config: ResolvedConfig;
beforeEach(async () => {
  db = await createTestDatabase();
  config = testConfig(db.url, { naming: { schemaMap: {}, targetSchema: null, identifierStyle: 'snake' } });
});
afterEach(async () => {
  await db.drop();
});

async function stage1(catalog: CatalogModel = postdataCatalog, primaryKeys = false): Promise<void> {
  const s = await replicateSchema(
    ...schemaArgs(
      { config, loadCatalog: async () => catalog, openTarget: () => openTargetPool(config.target.url, 1) },
      { ...defaults, dryRun: false, dropExisting: false, primaryKeys },
    ),
  );
  expect(s.failed).toEqual([]);
}

const sql = (text: string) => withPgClient(db.url, async (c) => (await c.query(text)).rows as Record<string, unknown>[]);

async function loadRows(): Promise<void> {
  await sql(`
    INSERT INTO customers VALUES (1, 'a@example.com', 'C1', true), (2, NULL, 'C2', false), (3, 'c@example.com', 'C3', true);
    INSERT INTO orders VALUES (10, 1, 'EU', '2024-01-01', 5, 1, 'first'), (11, NULL, 'US', '2024-01-02', 1, 9, NULL),
                              (12, 3, 'EU', '2024-01-03', 2, 2, 'x');
    INSERT INTO order_lines VALUES (10, 'EU', 1, 'SKU-1'), (10, 'EU', 2, 'SKU-2'), (12, 'EU', 1, 'SKU-3');`);
}

function stage3(o: Partial<FlatConstraintsOptions> = {}, printed: string[] = [], catalog: CatalogModel = postdataCatalog) {
  return replicateConstraints(
    ...constraintsArgs(
      { config, loadCatalog: async () => catalog, openTarget: (max) => openTargetPool(config.target.url, max), print: (s) => void printed.push(s) },
      { ...defaults, ...o },
    ),
  );
}

function progress(): Record<string, TableStageProgress> {
  const file = JSON.parse(readFileSync(path.join(config.progressDir, 'constraints_replication_progress.json'), 'utf8')) as {
    tables: Record<string, { constraints: TableStageProgress }>;
  };
  return Object.fromEntries(Object.entries(file.tables).map(([t, s]) => [t, s.constraints]));
}

async function definitions(): Promise<string[]> {
  const rows = await sql(`
    SELECT conrelid::regclass::text || ' ' || conname || ': ' || pg_get_constraintdef(oid) AS d
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
       -- Postgres 18 lists NOT NULL as constraints too (contype n): stage 1's, not ours.
       AND contype <> 'n'
    UNION ALL
    SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace)
    ORDER BY 1`);
  return rows.map((r) => r['d'] as string);
}

describe('replicate constraints against a real Postgres', () => {
  it('creates keys, indexes, checks and foreign keys faithfully, and lists what it skipped', async () => {
    await stage1();
    await loadRows();
    const summary = await stage3();
    expect(summary.failed).toEqual([]);
    expect(summary.succeeded).toBe(3);
    const defs = await definitions();
    expect(defs).toEqual(
      expect.arrayContaining([
        'customers customers_pkey: PRIMARY KEY (customer_id)',
        'customers uq_customers_email: UNIQUE NULLS NOT DISTINCT (email)',
        'customers customers_code_key: UNIQUE (code)',
        'CREATE INDEX ix_date ON public.customers USING btree (code) WHERE (active = true)',
        'orders pk_orders: PRIMARY KEY (order_id, region)',
        expect.stringMatching(/^CREATE INDEX ix_date_[0-9a-f]{6} ON public\.orders USING btree \(placed_at DESC, order_id\) INCLUDE \(qty, status\)$/),
        'CREATE UNIQUE INDEX ix_orders_open ON public.orders USING btree (customer_id) NULLS NOT DISTINCT WHERE ((status <> 9) AND (customer_id IS NOT NULL))',
        'orders ck_orders_qty: CHECK ((qty > 0))',
        'orders orders_status_check: CHECK ((status = ANY (ARRAY[1, 2, 9])))',
        "orders ck_orders_untrusted: CHECK (((region)::text <> ''::text)) NOT VALID",
        'orders orders_customer_id_fkey: FOREIGN KEY (customer_id) REFERENCES customers(customer_id) ON UPDATE CASCADE ON DELETE SET NULL',
        'order_lines fk_order_lines_orders: FOREIGN KEY (order_id, region) REFERENCES orders(order_id, region) ON DELETE CASCADE',
        'order_lines fk_order_lines_orders_default: FOREIGN KEY (order_id, region) REFERENCES orders(order_id, region) ON UPDATE SET DEFAULT NOT VALID',
      ]),
    );
    // Neither the disabled nor the untranslatable objects exist.
    expect(defs.join('\n')).not.toMatch(/disabled|notelen|1000/i);
    const warnings = summary.warnings.map((w) => `${w.table}: ${w.message}`);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'dbo.Orders: skipped check constraint CK_Orders_NoteLen: calls len(), whose semantics may differ in PostgreSQL; original: (len([Note])<=(100))',
        'dbo.Orders: skipped foreign key FK_Orders_Disabled: is disabled in SQL Server',
        'dbo.Customers: renamed primary key PK__Customer__A4AE64B8C0FFEE12 → customers_pkey',
        expect.stringMatching(/^dbo\.Customers: difference: unique constraint uq_customers_email: email has the case-insensitive collation/),
      ]),
    );
    expect(summary.notices).toEqual(expect.arrayContaining([expect.stringMatching(/^3 clustered keys\/indexes are built as ordinary btree/)]));
    expect(Object.values(progress()).map((p) => p.status)).toEqual(['completed', 'completed', 'completed']);
    // SQL Server's one-NULL rule holds: a second NULL email is refused.
    await expect(sql(`INSERT INTO customers VALUES (4, NULL, 'C4', true)`)).rejects.toThrow(/uq_customers_email/);
  });

  it('fails the table with a duplicate key, naming the key; the others go on; --resume finishes after the fix', async () => {
    await stage1();
    await loadRows();
    await sql(`INSERT INTO customers VALUES (1, 'dup@example.com', 'C9', true)`);
    const first = await stage3();
    const errors = Object.fromEntries(first.failed.map((f) => [f.table, f.error]));
    expect(Object.keys(errors).sort()).toEqual(['dbo.Customers', 'dbo.Orders']);
    expect(errors['dbo.Customers']).toMatch(/primary key customers_pkey \(source PK__Customer__A4AE64B8C0FFEE12\): could not create unique index/);
    expect(errors['dbo.Customers']).toMatch(/SQLSTATE 23505/);
    expect(errors['dbo.Customers']).toMatch(/Key \(customer_id\)=\(1\) is duplicated/);
    expect(errors['dbo.Customers']).toMatch(/replicate constraints --resume/);
    // Orders' own keys were built; only its foreign key to Customers waits for the fix.
    expect(errors['dbo.Orders']).toMatch(/foreign key orders_customer_id_fkey references dbo\.Customers, whose keys failed/);
    expect(first.succeeded).toBe(1);
    expect(progress()['dbo.OrderLines']!.status).toBe('completed');

    await sql(`DELETE FROM customers WHERE email = 'dup@example.com'`);
    const second = await stage3({ resume: true });
    expect(second.failed).toEqual([]);
    expect(second.skipped).toBe(1);
    expect(second.succeeded).toBe(2);
    expect(Object.values(progress()).every((p) => p.status === 'completed')).toBe(true);
    expect((await definitions()).filter((d) => d.startsWith('orders pk_orders'))).toHaveLength(1);
  });

  it('--fk-not-valid: a failed validation leaves the key NOT VALID and names it', async () => {
    await stage1();
    await loadRows();
    await sql(`INSERT INTO order_lines VALUES (99, 'EU', 1, 'orphan')`);
    const summary = await stage3({ fkNotValid: true });
    expect(summary.failed.map((f) => f.table)).toEqual(['dbo.OrderLines']);
    expect(summary.failed[0]!.error).toMatch(
      /foreign key fk_order_lines_orders \(source FK_OrderLines_Orders\) was created NOT VALID and stays so; validating it failed: .*SQLSTATE 23503/,
    );
    const [fk] = await sql(`SELECT convalidated FROM pg_constraint WHERE conname = 'fk_order_lines_orders'`);
    expect(fk).toEqual({ convalidated: false });
    const [other] = await sql(`SELECT convalidated FROM pg_constraint WHERE conname = 'orders_customer_id_fkey'`);
    expect(other).toEqual({ convalidated: true });

    // After the fix, --resume (even without --fk-not-valid) validates the key it left NOT VALID.
    await sql(`DELETE FROM order_lines WHERE order_id = 99`);
    const resumed = await stage3({ resume: true });
    expect(resumed.failed).toEqual([]);
    expect(await sql(`SELECT convalidated FROM pg_constraint WHERE conname = 'fk_order_lines_orders'`)).toEqual([{ convalidated: true }]);
  });

  it('does not deadlock on foreign keys that reference each other, even at --parallel 1', async () => {
    const fkTo = (name: string, to: string) => ({
      name, columns: ['Other'], referencedSchema: 'dbo', referencedTable: to, referencedColumns: ['Id'],
      onDelete: 'NO ACTION' as const, onUpdate: 'NO ACTION' as const, disabled: false, notTrusted: false,
    });
    const cols = () => [column('Id', 'int', { nullable: false }), column('Other', 'int')];
    const cycle: CatalogModel = {
      database: 'src',
      tables: [
        table('dbo', 'A', cols(), { pk: ['Id'], foreignKeys: [fkTo('FK_A_B', 'B')] }),
        table('dbo', 'B', cols(), { pk: ['Id'], foreignKeys: [fkTo('FK_B_A', 'A'), fkTo('FK_B_B', 'B')] }),
      ],
    };
    await stage1(cycle);
    const summary = await stage3({ parallel: 1 }, [], cycle);
    expect(summary.failed).toEqual([]);
    const fks = await sql(`SELECT conname FROM pg_constraint WHERE contype = 'f' ORDER BY 1`);
    expect(fks.map((r) => r['conname'])).toEqual(['fk_a_b', 'fk_b_a', 'fk_b_b']);
  });

  it('keeps the primary key stage 1 created with --primary-keys', async () => {
    await stage1(postdataCatalog, true);
    await loadRows();
    const summary = await stage3();
    expect(summary.failed).toEqual([]);
    const pks = await sql(`SELECT conname FROM pg_constraint WHERE contype = 'p' AND connamespace = 'public'::regnamespace ORDER BY 1`);
    expect(pks.map((r) => r['conname'])).toEqual(['customers_pkey', 'order_lines_pkey', 'orders_pkey']);
  });

  it('--dry-run prints SQL that runs as is on a fresh stage-1 database, and touches nothing', async () => {
    await stage1();
    await loadRows();
    const printed: string[] = [];
    const summary = await stage3({ dryRun: true }, printed);
    expect(summary.failed).toEqual([]);
    expect(await definitions()).toEqual([]);
    const script = printed.join('\n');
    expect(script.indexOf('FOREIGN KEY')).toBeGreaterThan(script.lastIndexOf('CREATE'));
    await sql(script);
    const applied = await definitions();
    // The same objects as a real run creates (3 + 1 index on customers, 8 on orders, 3 on order_lines).
    expect(applied).toHaveLength(15);
    expect(applied).toContain('order_lines fk_order_lines_orders: FOREIGN KEY (order_id, region) REFERENCES orders(order_id, region) ON DELETE CASCADE');
  });
});
