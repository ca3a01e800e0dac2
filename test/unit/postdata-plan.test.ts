import { describe, expect, it } from 'vitest';
import type { TableModel } from '../../src/catalog/model.js';
import { planTargetNames } from '../../src/naming/plan-target-names.js';
import { planPostdata, type PostdataOptions } from '../../src/postdata/index.js';
import { postdataCatalog } from '../fixtures/postdata-catalog.js';
import { column, table } from '../helpers/catalog-builder.js';

const OPTIONS: PostdataOptions = {
  identifierStyle: 'snake',
  mapping: { overrides: { byType: {}, byColumn: {} }, postgis: false },
  nullsNotDistinct: true,
  fkNotValid: false,
};

function plan(o: Partial<PostdataOptions> = {}, tables: readonly TableModel[] = postdataCatalog.tables) {
  const naming = { schemaMap: {}, targetSchema: null, identifierStyle: o.identifierStyle ?? OPTIONS.identifierStyle };
  return planPostdata(tables, planTargetNames(tables, naming), { ...OPTIONS, ...o });
}

describe('planPostdata', () => {
  it('plans Customers: Postgres-style names for generated ones, NULLS NOT DISTINCT only where a key column is nullable', () => {
    const p = plan().get('dbo.Customers')!;
    expect(p.keys.map((i) => i.sql)).toEqual([
      'ALTER TABLE "public"."customers" ADD CONSTRAINT "customers_pkey" PRIMARY KEY ("customer_id")',
      'ALTER TABLE "public"."customers" ADD CONSTRAINT "uq_customers_email" UNIQUE NULLS NOT DISTINCT ("email")',
      'ALTER TABLE "public"."customers" ADD CONSTRAINT "customers_code_key" UNIQUE ("code")',
      'CREATE INDEX "ix_date" ON "public"."customers" ("code") WHERE "active" = true',
    ]);
    expect(p.renamed).toEqual([
      { kind: 'primary-key', sourceName: 'PK__Customer__A4AE64B8C0FFEE12', targetName: 'customers_pkey' },
      { kind: 'unique', sourceName: 'UQ__Customer__A25C5AA7DEADBEEF', targetName: 'customers_code_key' },
    ]);
    expect(p.differences).toEqual([
      "unique constraint uq_customers_email: email has the case-insensitive collation SQL_Latin1_General_CP1_CI_AS in SQL Server ('abc' and 'ABC' are one key there, two keys in PostgreSQL)",
      // SQL Server pads text keys before comparing (any collation, BIN2 included); varchar in PostgreSQL does not.
      "unique constraint uq_customers_email: SQL Server ignores trailing spaces in email ('a' and 'a ' are one key there, two keys in PostgreSQL)",
      "unique constraint customers_code_key: SQL Server ignores trailing spaces in code ('a' and 'a ' are one key there, two keys in PostgreSQL)",
    ]);
    expect(p.clustered).toBe(1);
  });

  it('plans Orders: DESC + INCLUDE, a filtered unique index, a colliding index name hashed, a long name cut to 63 bytes', () => {
    const p = plan().get('dbo.Orders')!;
    const sqls = p.keys.map((i) => i.sql);
    expect(sqls[0]).toBe('ALTER TABLE "public"."orders" ADD CONSTRAINT "pk_orders" PRIMARY KEY ("order_id", "region")');
    expect(sqls[1]).toMatch(/^CREATE INDEX "ix_date_[0-9a-f]{6}" ON "public"."orders" \("placed_at" DESC, "order_id"\) INCLUDE \("qty", "status"\)$/);
    expect(sqls[2]).toBe(
      'CREATE UNIQUE INDEX "ix_orders_open" ON "public"."orders" ("customer_id") NULLS NOT DISTINCT WHERE "status" <> 9 AND "customer_id" IS NOT NULL',
    );
    const long = p.keys[3]!;
    expect(Buffer.byteLength(long.targetName)).toBeLessThanOrEqual(63);
    expect(long.targetName).toMatch(/^ix_orders_orders_.*_[0-9a-f]{6}$/);
    expect(p.renamed.map((r) => r.sourceName)).toEqual(expect.arrayContaining(['IX_Date', long.sourceName]));
  });

  it('plans Orders checks: translated, NOT VALID when untrusted, refused and disabled ones skipped with their text', () => {
    const p = plan().get('dbo.Orders')!;
    const checks = p.keys.filter((i) => i.kind === 'check');
    expect(checks.map((c) => c.sql)).toEqual([
      'ALTER TABLE "public"."orders" ADD CONSTRAINT "ck_orders_qty" CHECK ("qty" > 0)',
      'ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_status_check" CHECK ("status" IN (1, 2, 9))',
      `ALTER TABLE "public"."orders" ADD CONSTRAINT "ck_orders_untrusted" CHECK ("region" <> '') NOT VALID`,
    ]);
    expect(p.skipped).toEqual([
      { kind: 'index', sourceName: 'IX_Orders_NoteLen', reason: 'its filter calls len(), whose semantics may differ in PostgreSQL', original: '(len([Note])>(0))' },
      { kind: 'check', sourceName: 'CK_Orders_NoteLen', reason: 'calls len(), whose semantics may differ in PostgreSQL', original: '(len([Note])<=(100))' },
      { kind: 'check', sourceName: 'CK_Orders_Disabled', reason: 'is disabled in SQL Server', original: '([Qty]<(1000))' },
      { kind: 'foreign-key', sourceName: 'FK_Orders_Disabled', reason: 'is disabled in SQL Server', original: null },
      { kind: 'foreign-key', sourceName: 'FK_Orders_Elsewhere', reason: 'references sales.Accounts, which is not among the selected tables', original: null },
    ]);
    expect(p.differences).toContain('check constraint ck_orders_untrusted: not trusted in SQL Server (WITH NOCHECK), created NOT VALID');
  });

  it('lists a disabled index as skipped, like a disabled check, and does not create it', () => {
    const t = table('dbo', 'Events', [column('Id', 'int', { nullable: false }), column('At', 'datetime2')], { pk: ['Id'] });
    const disabled = { name: 'IX_Events_At', unique: false, clustered: false, keyColumns: [{ name: 'At', descending: false }], includedColumns: [], filter: null };
    const p = plan({}, [{ ...t, disabledIndexes: [disabled] }]).get('dbo.Events')!;
    expect(p.keys.map((i) => i.kind)).toEqual(['primary-key']);
    expect(p.skipped).toEqual([
      { kind: 'index', sourceName: 'IX_Events_At', reason: 'is disabled in SQL Server (not maintained there), so it is not created', original: null },
    ]);
  });

  it('plans foreign keys separately: multi-column, each action, NOT VALID when untrusted', () => {
    const plans = plan();
    expect(plans.get('dbo.Orders')!.foreignKeys.map((f) => f.sql)).toEqual([
      'ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "public"."customers" ("customer_id") ON DELETE SET NULL ON UPDATE CASCADE',
    ]);
    const lines = plans.get('dbo.OrderLines')!.foreignKeys;
    expect(lines.map((f) => f.sql)).toEqual([
      'ALTER TABLE "public"."order_lines" ADD CONSTRAINT "fk_order_lines_orders" FOREIGN KEY ("order_id", "region") REFERENCES "public"."orders" ("order_id", "region") ON DELETE CASCADE',
      'ALTER TABLE "public"."order_lines" ADD CONSTRAINT "fk_order_lines_orders_default" FOREIGN KEY ("order_id", "region") REFERENCES "public"."orders" ("order_id", "region") ON UPDATE SET DEFAULT NOT VALID',
    ]);
    expect(lines.map((f) => [f.createdNotValid, f.validateSql !== null, f.references])).toEqual([
      [false, true, 'dbo.Orders'],
      [true, false, 'dbo.Orders'],
    ]);
  });

  it('--fk-not-valid creates every FK NOT VALID and plans a separate VALIDATE (not for untrusted ones)', () => {
    const fks = plan({ fkNotValid: true }).get('dbo.OrderLines')!.foreignKeys;
    expect(fks[0]!.sql).toMatch(/ON DELETE CASCADE NOT VALID$/);
    expect(fks[0]!.validateSql).toBe('ALTER TABLE "public"."order_lines" VALIDATE CONSTRAINT "fk_order_lines_orders"');
    expect(fks[1]!.validateSql).toBeNull();
  });

  it('before Postgres 15: plain UNIQUE, and the NULL difference listed', () => {
    const p = plan({ nullsNotDistinct: false });
    expect(p.get('dbo.Customers')!.keys[1]!.sql).toBe('ALTER TABLE "public"."customers" ADD CONSTRAINT "uq_customers_email" UNIQUE ("email")');
    expect(p.get('dbo.Orders')!.keys[2]!.sql).not.toContain('NULLS NOT DISTINCT');
    expect(p.get('dbo.Customers')!.differences).toContain(
      'unique constraint uq_customers_email: SQL Server allows one NULL in a unique key; this PostgreSQL (before 15, no NULLS NOT DISTINCT) allows any number',
    );
  });

  it('gives the same names whatever the window, because it plans the whole selection', () => {
    const all = plan();
    const again = plan();
    for (const [t, p] of all) expect(again.get(t)!.keys.map((i) => i.targetName)).toEqual(p.keys.map((i) => i.targetName));
  });

  it('keeps a bit column compared with 1 as an integer when a type override maps bit to smallint', () => {
    const p = plan({ mapping: { overrides: { byType: { bit: 'smallint' }, byColumn: {} }, postgis: false } });
    expect(p.get('dbo.Customers')!.keys[3]!.sql).toMatch(/WHERE "active" = 1$/);
  });
});
