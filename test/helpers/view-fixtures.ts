// A small shop catalog for the view translator's tests: two tables built with catalog-builder,
// and a helper that plans one view definition against them (the view's columns given as the
// catalog would list them). Shared by the unit tests and the integration test that creates
// the translated views in PostgreSQL.
import type { TableModel } from '../../src/catalog/model.js';
import type { ViewColumnModel, ViewModel } from '../../src/catalog/objects.js';
import { planObjectNames } from '../../src/naming/plan-object-names.js';
import { planTargetNames } from '../../src/naming/plan-target-names.js';
import { planViews, type ViewPlan } from '../../src/postdata/plan-views.js';
import { column, table } from './catalog-builder.js';

const CI = 'SQL_Latin1_General_CP1_CI_AS';

export const customers: TableModel = table('dbo', 'Customers', [
  column('Id', 'int', { nullable: false }),
  column('Name', 'nvarchar', { maxLength: 100, collation: CI }),
  column('Code', 'char', { maxLength: 5, collation: CI }),
  column('City', 'varchar', { maxLength: 30, collation: CI }),
  column('Active', 'bit', { maxLength: 1, precision: 1 }),
  column('CreatedAt', 'datetime', { maxLength: 8, precision: 23, scale: 3 }),
  column('Score', 'real', { maxLength: 4, precision: 24 }),
  column('Balance', 'decimal', { maxLength: 9, precision: 12, scale: 2 }),
  column('Born', 'date', { maxLength: 3, precision: 10 }),
  column('Guid', 'uniqueidentifier', { maxLength: 16 }),
  column('Seen', 'datetimeoffset', { maxLength: 10, precision: 34, scale: 7 }),
], { pk: ['Id'], objectId: 1 });

export const orders: TableModel = table('dbo', 'Orders', [
  column('Id', 'int', { nullable: false }),
  column('CustomerId', 'int'),
  column('Total', 'money', { maxLength: 8, precision: 19, scale: 4 }),
  column('Qty', 'int'),
  column('PlacedAt', 'datetime2', { maxLength: 8, precision: 27, scale: 7 }),
  column('Note', 'nvarchar', { maxLength: -1, collation: CI }),
], { pk: ['Id'], objectId: 2 });

export const TABLES = [customers, orders];

let nextId = 1000;

/** A view as the catalog lists it; `columns` as `name type` (`Total money`, `N int`). */
export function viewOf(schema: string, name: string, definition: string, columns: readonly string[], o: Partial<ViewModel> = {}): ViewModel {
  return {
    schema,
    name,
    objectId: nextId++,
    definition,
    columns: columns.map((spec, i): ViewColumnModel => {
      const [colName, type = 'int'] = spec.split(' ');
      const text = type === 'nvarchar' || type === 'varchar' || type === 'char';
      return {
        name: colName!, columnId: i + 1, type, maxLength: text ? -1 : 8, precision: type === 'decimal' ? 38 : 0,
        scale: type === 'decimal' ? 2 : 0, collation: text ? CI : null, nullable: true,
      };
    }),
    dependencies: null,
    schemaBound: false,
    checkOption: false,
    indexed: false,
    quotedIdentifier: true,
    ansiNulls: true,
    ...o,
  };
}

/** Plans `views` over the shop tables (identifier style snake, dbo → public). */
export function planShopViews(views: readonly ViewModel[], tables: readonly TableModel[] = TABLES): Map<string, ViewPlan> {
  const naming = { schemaMap: {}, targetSchema: null, identifierStyle: 'snake' as const };
  const tableNames = planTargetNames(tables, naming);
  const viewTargets = planObjectNames(views.map((v) => ({ kind: 'view', schema: v.schema, name: v.name, columns: v.columns.map((c) => c.name) })), tableNames, naming);
  return planViews({
    views,
    viewTargets,
    tables,
    tableNames,
    allRelations: new Set([...tables.map((t) => `${t.schema}.${t.name}`), ...views.map((v) => `${v.schema}.${v.name}`), 'dbo.Elsewhere']),
    identifierStyle: 'snake',
    mapping: { overrides: { byType: {}, byColumn: {} }, postgis: false },
  });
}

/** One view's plan. */
export function planOne(definition: string, columns: readonly string[], o: Partial<ViewModel> = {}): ViewPlan {
  const v = viewOf('dbo', 'v', definition, columns, o);
  return planShopViews([v]).get('dbo.v')!;
}

/** The translated SELECT (after `AS\n`), or the refusal reason prefixed with `refused: `. */
export function selectOf(definition: string, columns: readonly string[], o: Partial<ViewModel> = {}): string {
  const p = planOne(definition, columns, o);
  return p.kind === 'create' ? p.sql.slice(p.sql.indexOf('AS\n') + 3) : `refused: ${p.reason}`;
}
