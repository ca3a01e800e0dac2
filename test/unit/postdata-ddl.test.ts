import { describe, expect, it } from 'vitest';
import type { ReferentialAction } from '../../src/catalog/model.js';
import { checkSql, createIndexSql, foreignKeySql, primaryKeySql, uniqueSql, validateConstraintSql } from '../../src/postdata/postdata-ddl.js';

const T = { schema: 'sales', table: 'order lines' };
const ACTIONS: ReferentialAction[] = ['NO ACTION', 'CASCADE', 'SET NULL', 'SET DEFAULT'];

describe('post-data DDL', () => {
  it('quotes every identifier, keeps key column order', () => {
    expect(primaryKeySql(T, 'pk', ['b', 'a'])).toBe('ALTER TABLE "sales"."order lines" ADD CONSTRAINT "pk" PRIMARY KEY ("b", "a")');
    expect(uniqueSql(T, 'u"q', ['x'], false)).toBe('ALTER TABLE "sales"."order lines" ADD CONSTRAINT "u""q" UNIQUE ("x")');
    expect(uniqueSql(T, 'uq', ['x', 'y'], true)).toBe('ALTER TABLE "sales"."order lines" ADD CONSTRAINT "uq" UNIQUE NULLS NOT DISTINCT ("x", "y")');
  });

  it('puts INCLUDE, NULLS NOT DISTINCT and WHERE in the order CREATE INDEX wants them', () => {
    const sql = createIndexSql(T, {
      name: 'ix',
      unique: true,
      keyColumns: [{ name: 'a', descending: true }, { name: 'b', descending: false }],
      includedColumns: ['c'],
      nullsNotDistinct: true,
      where: '"d" IS NOT NULL',
    });
    expect(sql).toBe('CREATE UNIQUE INDEX "ix" ON "sales"."order lines" ("a" DESC, "b") INCLUDE ("c") NULLS NOT DISTINCT WHERE "d" IS NOT NULL');
    // NULLS NOT DISTINCT means nothing on a non-unique index.
    expect(createIndexSql(T, { name: 'ix', unique: false, keyColumns: [{ name: 'a', descending: false }], includedColumns: [], nullsNotDistinct: true, where: null })).toBe(
      'CREATE INDEX "ix" ON "sales"."order lines" ("a")',
    );
  });

  it('creates checks NOT VALID when asked', () => {
    expect(checkSql(T, 'ck', '"q" > 0', true)).toBe('ALTER TABLE "sales"."order lines" ADD CONSTRAINT "ck" CHECK ("q" > 0) NOT VALID');
    expect(validateConstraintSql(T, 'fk')).toBe('ALTER TABLE "sales"."order lines" VALIDATE CONSTRAINT "fk"');
  });

  it.each(ACTIONS.flatMap((d) => ACTIONS.map((u) => [d, u] as const)))('multi-column FK, ON DELETE %s ON UPDATE %s', (onDelete, onUpdate) => {
    const sql = foreignKeySql(T, {
      name: 'fk',
      columns: ['order_id', 'region'],
      referenced: { schema: 'sales', table: 'orders' },
      referencedColumns: ['id', 'region'],
      onDelete,
      onUpdate,
      notValid: false,
    });
    let expected = 'ALTER TABLE "sales"."order lines" ADD CONSTRAINT "fk" FOREIGN KEY ("order_id", "region") REFERENCES "sales"."orders" ("id", "region")';
    if (onDelete !== 'NO ACTION') expected += ` ON DELETE ${onDelete}`;
    if (onUpdate !== 'NO ACTION') expected += ` ON UPDATE ${onUpdate}`;
    expect(sql).toBe(expected);
  });
});
