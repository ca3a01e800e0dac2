// Small builders for CatalogModel fixtures, for tests that need a catalog but not the SQL
// Server row shapes (those are tested in test/unit/source-*.test.ts with exact fixture rows).
import type { ColumnModel, TableModel } from '../../src/catalog/model.js';

export function column(name: string, type: string, o: Partial<ColumnModel> = {}): ColumnModel {
  const defaults: Record<string, Partial<ColumnModel>> = {
    int: { maxLength: 4, precision: 10 },
    bigint: { maxLength: 8, precision: 19 },
    nvarchar: { maxLength: 200 },
    varchar: { maxLength: 100 },
    decimal: { maxLength: 9, precision: 18, scale: 2 },
    datetime2: { maxLength: 8, precision: 27, scale: 7 },
  };
  return {
    name,
    columnId: 0,
    type,
    aliasType: null,
    maxLength: 0,
    precision: 0,
    scale: 0,
    nullable: true,
    collation: null,
    identity: null,
    computed: null,
    defaultDefinition: null,
    ...defaults[type],
    ...o,
  };
}

export function table(
  schema: string,
  name: string,
  columns: ColumnModel[],
  o: Partial<Omit<TableModel, 'columns'>> & { pk?: string[] } = {},
): TableModel {
  const { pk, ...rest } = o;
  return {
    schema,
    name,
    objectId: Math.floor(Math.random() * 1e9),
    columns: columns.map((c, i) => ({ ...c, columnId: i + 1 })),
    primaryKey: pk ? { name: `PK_${name}`, columns: pk, clustered: true } : null,
    uniqueConstraints: [],
    indexes: [],
    disabledIndexes: [],
    foreignKeys: [],
    checkConstraints: [],
    rowCountEstimate: 0,
    ...rest,
  };
}

/** A simple `Id int identity primary key, Name nvarchar(100)` table. */
export function simpleTable(schema: string, name: string, rowCountEstimate = 0): TableModel {
  return table(
    schema,
    name,
    [
      column('Id', 'int', { nullable: false, identity: { seed: '1', increment: '1' } }),
      column('Name', 'nvarchar', { maxLength: 200 }),
    ],
    { pk: ['Id'], rowCountEstimate },
  );
}
