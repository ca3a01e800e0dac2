import { describe, expect, it } from 'vitest';
import type { ColumnModel, TableModel } from '../../src/catalog/model.js';
import { Mssql2pgError, UnmappedTypeError } from '../../src/errors.js';
import { buildCreateTable } from '../../src/ddl/create-table.js';
import { planTargetNames } from '../../src/naming/plan-target-names.js';
import type { TypeMappingOptions } from '../../src/typemap/map-column.js';
import { column as baseColumn, table as baseTable } from '../helpers/catalog-builder.js';

function column(name: string, columnId: number, type: string, shape: Partial<ColumnModel> = {}): ColumnModel {
  return baseColumn(name, type, { columnId, maxLength: 4, precision: 10, scale: 0, ...shape });
}

function table(name: string, columns: ColumnModel[], primaryKey: string[] | null = null): TableModel {
  // Columns kept as given (not renumbered): tests list them out of column_id order on purpose.
  return { ...baseTable('dbo', name, [], primaryKey ? { pk: primaryKey } : {}), columns };
}

const OPTIONS: TypeMappingOptions = { overrides: { byType: {}, byColumn: {} }, postgis: false };

function build(
  t: TableModel,
  options: TypeMappingOptions = OPTIONS,
  style: 'lower' | 'snake' | 'preserve' = 'snake',
  primaryKey = true,
) {
  const names = planTargetNames([t], { schemaMap: {}, targetSchema: null, identifierStyle: style }).get(`dbo.${t.name}`);
  if (!names) throw new Error('no names planned');
  return buildCreateTable(t, names, options, { primaryKey });
}

describe('buildCreateTable', () => {
  it('renders a full table with a composite primary key (exact SQL)', () => {
    // Columns listed out of column_id order on purpose: the DDL must follow column_id.
    const orderLines = table(
      'OrderLines',
      [
        column('LineNo', 2, 'smallint', { nullable: false, maxLength: 2, precision: 5 }),
        column('OrderID', 1, 'int', { nullable: false }),
        column('Qty', 4, 'decimal', { nullable: false, precision: 12, scale: 3, defaultDefinition: '((1))' }),
        column('Sku', 3, 'nvarchar', { maxLength: 40 }),
        column('Note', 5, 'nvarchar', { maxLength: -1, defaultDefinition: "(N'n/a')" }),
        column('CreatedAt', 6, 'datetime2', { nullable: false, precision: 27, scale: 7, defaultDefinition: '(sysdatetime())' }),
        column('IsGift', 7, 'bit', { nullable: false, maxLength: 1, precision: 1, defaultDefinition: '((0))' }),
        column('order', 8, 'uniqueidentifier', { maxLength: 16, defaultDefinition: '(newid())' }),
      ],
      ['OrderID', 'LineNo'],
    );
    const ddl = build(orderLines);
    expect(ddl.qualifiedTarget).toBe('"public"."order_lines"');
    expect(ddl.statements).toEqual([
      [
        'CREATE TABLE "public"."order_lines" (',
        '  "order_id" integer NOT NULL,',
        '  "line_no" smallint NOT NULL,',
        '  "sku" varchar(20),',
        '  "qty" numeric(12,3) NOT NULL DEFAULT 1,',
        `  "note" text DEFAULT 'n/a',`,
        '  "created_at" timestamp(6) NOT NULL DEFAULT LOCALTIMESTAMP,',
        '  "is_gift" boolean NOT NULL DEFAULT false,',
        '  "order" uuid DEFAULT gen_random_uuid(),',
        '  PRIMARY KEY ("order_id", "line_no")',
        ')',
      ].join('\n'),
    ]);
    expect(ddl.warnings).toEqual(['dbo.OrderLines.CreatedAt: datetime2(7): 7th fractional digit rounded to microseconds']);
    expect(ddl.columns.map((c) => [c.source, c.target, c.pgType])).toEqual([
      ['OrderID', 'order_id', 'integer'],
      ['LineNo', 'line_no', 'smallint'],
      ['Sku', 'sku', 'varchar(20)'],
      ['Qty', 'qty', 'numeric(12,3)'],
      ['Note', 'note', 'text'],
      ['CreatedAt', 'created_at', 'timestamp(6)'],
      ['IsGift', 'is_gift', 'boolean'],
      ['order', 'order', 'uuid'],
    ]);
  });

  it('leaves the primary key to stage 3 by default and keeps NOT NULL on its columns', () => {
    const t = table('T', [column('Id', 1, 'int', { nullable: true }), column('Name', 2, 'int')], ['Id']);
    const ddl = build(t, OPTIONS, 'snake', false);
    expect(ddl.statements).toEqual(['CREATE TABLE "public"."t" (\n  "id" integer NOT NULL,\n  "name" integer\n)']);
  });

  it('quotes names with quotes and spaces under preserve', () => {
    const ddl = build(table('My "T"', [column('A Col', 1, 'int')]), OPTIONS, 'preserve');
    expect(ddl.statements[0]).toBe('CREATE TABLE "public"."My ""T""" (\n  "A Col" integer\n)');
  });

  it('reports untranslatable defaults as warnings and leaves them out', () => {
    const ddl = build(table('T', [column('Who', 1, 'nvarchar', { maxLength: 256, defaultDefinition: '(suser_sname())' })]));
    expect(ddl.statements[0]).toBe('CREATE TABLE "public"."t" (\n  "who" varchar(128)\n)');
    expect(ddl.warnings).toHaveLength(1);
    expect(ddl.warnings[0]).toMatch(/^dbo\.T\.Who: default \(suser_sname\(\)\) was left out/);
  });

  it('creates computed columns as plain columns with a warning', () => {
    const total = column('Total', 2, 'money', { precision: 19, scale: 4, computed: { definition: '([Qty]*[Price])', persisted: false } });
    const ddl = build(table('T', [column('Id', 1, 'int', { nullable: false }), total]));
    expect(ddl.statements[0]).toContain('  "total" numeric(19,4)\n');
    expect(ddl.warnings).toEqual(['dbo.T.Total: computed column (definition ([Qty]*[Price])) created as a plain column']);
  });

  it('propagates UnmappedTypeError', () => {
    expect(() => build(table('Shapes', [column('Outline', 1, 'MyClrType')]))).toThrow(UnmappedTypeError);
  });

  it('uses column overrides in the DDL', () => {
    const options = { overrides: { byType: {}, byColumn: { 'dbo.T.Amount': 'numeric(20,2)' } }, postgis: false };
    const ddl = build(table('T', [column('Amount', 1, 'money')]), options);
    expect(ddl.statements[0]).toContain('"amount" numeric(20,2)');
    expect(ddl.columns[0]?.pgType).toBe('numeric(20,2)');
  });
});

describe('identity columns', () => {
  function identityDdl(type: string, seed: string, increment: string, shape: Partial<ColumnModel> = {}, options = OPTIONS) {
    return build(table('T', [column('Id', 1, type, { nullable: false, identity: { seed, increment }, ...shape })]), options);
  }

  it('renders seed and increment', () => {
    const ddl = identityDdl('int', '1', '1');
    expect(ddl.statements[0]).toContain('"id" integer NOT NULL GENERATED BY DEFAULT AS IDENTITY (START WITH 1 INCREMENT BY 1)');
    expect(ddl.warnings).toEqual([]);
  });

  it('keeps bigint seeds beyond JS number precision exact', () => {
    const ddl = identityDdl('bigint', '9007199254740993', '10');
    expect(ddl.statements[0]).toContain('(START WITH 9007199254740993 INCREMENT BY 10)');
  });

  it('opens the sequence bounds for a zero seed (Postgres MINVALUE defaults to 1)', () => {
    expect(identityDdl('int', '0', '1').statements[0]).toContain(
      '(START WITH 0 INCREMENT BY 1 MINVALUE -2147483648 MAXVALUE 2147483647)',
    );
  });

  it('opens the sequence bounds for a descending identity', () => {
    expect(identityDdl('smallint', '1', '-1').statements[0]).toContain(
      '(START WITH 1 INCREMENT BY -1 MINVALUE -32768 MAXVALUE 32767)',
    );
  });

  it('maps tinyint identity to smallint', () => {
    expect(identityDdl('tinyint', '1', '1').statements[0]).toContain('"id" smallint NOT NULL GENERATED BY DEFAULT AS IDENTITY');
  });

  it('turns a decimal(p,0) identity into bigint with a warning', () => {
    const ddl = identityDdl('decimal', '1', '1', { precision: 18, scale: 0 });
    expect(ddl.statements[0]).toContain('"id" bigint NOT NULL GENERATED BY DEFAULT AS IDENTITY (START WITH 1 INCREMENT BY 1)');
    expect(ddl.columns[0]?.pgType).toBe('bigint');
    expect(ddl.warnings[0]).toMatch(/^dbo\.T\.Id: identity column of type numeric\(18,0\) created as bigint/);
  });

  it('accepts a decimal seed written with a zero fraction', () => {
    expect(identityDdl('numeric', '100.0', '5', { precision: 10 }).statements[0]).toContain('(START WITH 100 INCREMENT BY 5)');
  });

  it('leaves the identity out, with a warning, when an override makes the type non-integer', () => {
    const options = { overrides: { byType: {}, byColumn: { 'dbo.T.Id': 'text' } }, postgis: false };
    const ddl = identityDdl('int', '1', '1', {}, options);
    expect(ddl.statements[0]).toBe('CREATE TABLE "public"."t" (\n  "id" text NOT NULL\n)');
    expect(ddl.warnings[0]).toMatch(/^dbo\.T\.Id: identity left out/);
  });

  it('rejects a seed outside the target type and a seed that is not a whole number', () => {
    expect(() => identityDdl('int', '3000000000', '1')).toThrow(Mssql2pgError);
    expect(() => identityDdl('int', '1; DROP TABLE x', '1')).toThrow(/dbo\.T\.Id/);
  });

  it('does not emit a DEFAULT on an identity column', () => {
    const ddl = identityDdl('int', '1', '1', { defaultDefinition: '((0))' });
    expect(ddl.statements[0]).not.toContain('DEFAULT 0');
  });
});
