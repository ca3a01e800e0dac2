import { describe, expect, it } from 'vitest';
import type { TableModel } from '../../src/catalog/model.js';
import { UsageError } from '../../src/errors.js';
import { buildCatalog } from '../../src/sqlserver/build-catalog.js';
import { toReferentialAction } from '../../src/sqlserver/build-constraints.js';
import type { CatalogRows } from '../../src/sqlserver/catalog-rows.js';
import { columnRow, SAMPLE_ROWS } from '../fixtures/catalog/sample-rows.js';
import { splitColumnRows, type JoinedColumnFixture } from '../fixtures/catalog/split-column-rows.js';

const catalog = buildCatalog(SAMPLE_ROWS);

function table(schema: string, name: string): TableModel {
  const found = catalog.tables.find((t) => t.schema === schema && t.name === name);
  if (!found) throw new Error(`fixture table ${schema}.${name} missing`);
  return found;
}

/** The catalog rows of one table (dbo.lowercase, object 106) with the given columns. */
function onlyLowercase(columns: JoinedColumnFixture[]): CatalogRows {
  return {
    ...SAMPLE_ROWS,
    tables: SAMPLE_ROWS.tables.filter((t) => t.object_id === 106),
    ...splitColumnRows(columns),
    indexes: [],
    indexColumns: [],
    foreignKeys: [],
    foreignKeyColumns: [],
    checkConstraints: [],
  };
}

function column(t: TableModel, name: string) {
  const found = t.columns.find((c) => c.name === name);
  if (!found) throw new Error(`fixture column ${name} missing`);
  return found;
}

describe('buildCatalog', () => {
  it('names the database', () => {
    expect(catalog.database).toBe('Shop DB');
  });

  it('sorts tables by schema.table, case-insensitively and deterministically', () => {
    expect(catalog.tables.map((t) => `${t.schema}.${t.name}`)).toEqual([
      'dbo.AllTypes',
      'dbo.lowercase',
      'dbo.Orders',
      'dbo.select',
      'Sales.Order Lines',
      'Sales.Shipment',
      'Ünïcødé.Tàblé',
    ]);
  });

  it('gives the same model whatever order the rows arrive in', () => {
    const shuffled: CatalogRows = {
      ...SAMPLE_ROWS,
      tables: [...SAMPLE_ROWS.tables].reverse(),
      columns: [...SAMPLE_ROWS.columns].reverse(),
      types: [...SAMPLE_ROWS.types].reverse(),
      identityColumns: [...SAMPLE_ROWS.identityColumns].reverse(),
      computedColumns: [...SAMPLE_ROWS.computedColumns].reverse(),
      defaultConstraints: [...SAMPLE_ROWS.defaultConstraints].reverse(),
      indexes: [...SAMPLE_ROWS.indexes].reverse(),
      indexColumns: [...SAMPLE_ROWS.indexColumns].reverse(),
      foreignKeys: [...SAMPLE_ROWS.foreignKeys].reverse(),
      foreignKeyColumns: [...SAMPLE_ROWS.foreignKeyColumns].reverse(),
      checkConstraints: [...SAMPLE_ROWS.checkConstraints].reverse(),
    };
    expect(buildCatalog(shuffled)).toEqual(catalog);
  });

  it('sorts columns by column_id', () => {
    expect(table('Sales', 'Order Lines').columns.map((c) => c.name)).toEqual(['OrderId', 'LineNo', 'Qty']);
  });

  it('sums row estimates over partitions, as text-safe bigints', () => {
    expect(table('dbo', 'Orders').rowCountEstimate).toBe(1500);
    expect(table('dbo', 'AllTypes').rowCountEstimate).toBe(9007199254740992); // nearest double
    expect(table('dbo', 'lowercase').rowCountEstimate).toBe(0); // no partition row
  });

  it('resolves an alias type to its base type and records the alias', () => {
    const code = column(table('dbo', 'Orders'), 'CustomerCode');
    expect(code).toMatchObject({ type: 'nvarchar', aliasType: 'dbo.CustomerCode', maxLength: 40, nullable: false });
    expect(column(table('dbo', 'AllTypes'), 'c_flag')).toMatchObject({ type: 'bit', aliasType: 'dbo.Flag' });
  });

  it('keeps system type names, including sysname and the system CLR types', () => {
    const allTypes = table('dbo', 'AllTypes');
    expect(column(allTypes, 'c_sysname')).toMatchObject({ type: 'sysname', aliasType: null, maxLength: 256 });
    for (const name of ['hierarchyid', 'geometry', 'geography', 'timestamp', 'sql_variant', 'xml']) {
      expect(column(allTypes, `c_${name}`).type).toBe(name);
    }
    expect(column(allTypes, 'c_varchar').maxLength).toBe(-1);
    expect(column(allTypes, 'c_decimal')).toMatchObject({ precision: 38, scale: 10 });
  });

  it('keeps a CLR user type as its schema-qualified name so the type map can reject it by name', () => {
    expect(column(table('dbo', 'AllTypes'), 'c_point')).toMatchObject({ type: 'geo.Point', aliasType: null });
  });

  it('reads identity seed and increment as exact text', () => {
    expect(column(table('dbo', 'Orders'), 'OrderId').identity).toEqual({ seed: '9000000000000', increment: '1' });
    expect(column(table('dbo', 'Orders'), 'Amount').identity).toBeNull();
  });

  it('reads computed columns, persisted and not', () => {
    const orders = table('dbo', 'Orders');
    expect(column(orders, 'TotalWithTax').computed).toEqual({ definition: '([Total]*(1.2))', persisted: true });
    expect(column(orders, 'Label').computed).toEqual({
      definition: '(concat([OrderId],[CustomerCode]))',
      persisted: false,
    });
    expect(column(orders, 'Total').computed).toBeNull();
  });

  it('reads default definitions as SQL Server stores them', () => {
    const orders = table('dbo', 'Orders');
    expect(column(orders, 'CreatedAt').defaultDefinition).toBe('(sysdatetime())');
    expect(column(orders, 'Status').defaultDefinition).toBe('((0))');
    expect(column(orders, 'Total').defaultDefinition).toBeNull();
  });

  it('builds a composite primary key in key_ordinal order', () => {
    expect(table('Sales', 'Order Lines').primaryKey).toEqual({
      name: 'PK_Order Lines',
      columns: ['OrderId', 'LineNo'],
      clustered: false,
    });
    expect(table('dbo', 'Orders').primaryKey).toEqual({ name: 'PK_Orders', columns: ['OrderId'], clustered: true });
    expect(table('dbo', 'lowercase').primaryKey).toBeNull();
  });

  it('separates unique constraints from indexes', () => {
    const orders = table('dbo', 'Orders');
    expect(orders.uniqueConstraints).toEqual([{ name: 'UQ_Orders_Code', columns: ['CustomerCode'], clustered: false }]);
    expect(orders.indexes.map((i) => i.name)).toEqual(['IX_Orders_Amount_Unique', 'IX_Orders_Created']);
  });

  it('reads an index with descending keys, included columns and a filter, skipping the partition column', () => {
    const created = table('dbo', 'Orders').indexes.find((i) => i.name === 'IX_Orders_Created');
    expect(created).toEqual({
      name: 'IX_Orders_Created',
      unique: false,
      clustered: false,
      keyColumns: [
        { name: 'CreatedAt', descending: true },
        { name: 'Status', descending: false },
      ],
      includedColumns: ['Total', 'Amount'],
      filter: '([Status]<>(9))',
    });
  });

  it('skips disabled indexes and keeps unique indexes that are not constraints', () => {
    const indexes = table('dbo', 'Orders').indexes;
    expect(indexes.some((i) => i.name === 'IX_Orders_Disabled')).toBe(false);
    expect(indexes.find((i) => i.name === 'IX_Orders_Amount_Unique')?.unique).toBe(true);
  });

  it('keeps a disabled index in its own list, for stage 3 to report', () => {
    expect(table('dbo', 'Orders').disabledIndexes.map((i) => i.name)).toEqual(['IX_Orders_Disabled']);
  });

  it('builds a multi-column foreign key in constraint_column_id order with mapped actions', () => {
    expect(table('Sales', 'Shipment').foreignKeys).toEqual([
      {
        name: 'FK_Shipment_Lines',
        columns: ['OrderId', 'LineNo'],
        referencedSchema: 'Sales',
        referencedTable: 'Order Lines',
        referencedColumns: ['OrderId', 'LineNo'],
        onDelete: 'CASCADE',
        onUpdate: 'SET NULL',
        disabled: false,
        notTrusted: false,
      },
      {
        name: 'FK_Shipment_Orders',
        columns: ['OrderId'],
        referencedSchema: 'dbo',
        referencedTable: 'Orders',
        referencedColumns: ['OrderId'],
        onDelete: 'SET DEFAULT',
        onUpdate: 'CASCADE',
        disabled: true,
        notTrusted: true,
      },
    ]);
    expect(table('Sales', 'Order Lines').foreignKeys[0]).toMatchObject({ onDelete: 'NO ACTION', onUpdate: 'NO ACTION' });
  });

  it('rejects an unknown referential action', () => {
    expect(() => toReferentialAction('RESTRICT', 'FK_X')).toThrow(/FK_X.*RESTRICT/);
  });

  it('reads check constraints sorted by name, with their disabled and not-trusted flags', () => {
    expect(table('Sales', 'Order Lines').checkConstraints).toEqual([
      { name: 'CK_Old', definition: '([LineNo]<(1000))', disabled: true, notTrusted: true },
      { name: 'CK_Qty_Positive', definition: '([Qty]>(0))', disabled: false, notTrusted: false },
    ]);
  });

  it('keeps awkward names exactly: spaces, reserved words, brackets, unicode', () => {
    const select = table('dbo', 'select');
    expect(select.columns.map((c) => c.name)).toEqual(['from', 'Größe', 'we]ird name']);
    expect(column(select, 'we]ird name').collation).toBe('Latin1_General_100_CS_AS');
    expect(table('Ünïcødé', 'Tàblé').columns[0]?.name).toBe('Ключ');
  });

  it('refuses a computed column whose definition the login cannot see', () => {
    const rows = onlyLowercase([columnRow(106, 1, 'secret', 'int', { is_computed: true, computed_definition: null })]);
    expect(() => buildCatalog(rows)).toThrow(UsageError);
    expect(() => buildCatalog(rows)).toThrow(/dbo\.lowercase\.secret.*VIEW DEFINITION/);
    // The same when sys.computed_columns has no row for it at all.
    expect(() => buildCatalog({ ...rows, computedColumns: [] })).toThrow(/dbo\.lowercase\.secret.*VIEW DEFINITION/);
  });

  it('refuses an identity column whose seed IDENT_SEED does not return', () => {
    const rows = onlyLowercase([columnRow(106, 1, 'id', 'int', { identity_seed: '1', identity_increment: '1' })]);
    expect(buildCatalog(rows).tables[0]?.columns[0]?.identity).toEqual({ seed: '1', increment: '1' });
    const hidden = { ...rows, identityColumns: [{ ...rows.identityColumns[0]!, identity_seed: null }] };
    expect(() => buildCatalog(hidden)).toThrow(/dbo\.lowercase\.id is an identity column.*IDENT_SEED/);
    expect(() => buildCatalog({ ...rows, identityColumns: [] })).toThrow(/dbo\.lowercase\.id is an identity column/);
  });

  // On Babelfish sys.identity_columns returned each identity column once per identity
  // column in the database; the old LEFT JOIN silently doubled them.
  it('fails loudly on a duplicate (object_id, column_id) in a per-column view, naming view and table', () => {
    const rows = onlyLowercase([
      columnRow(106, 1, 'id', 'int', { identity_seed: '1', identity_increment: '1' }),
      columnRow(106, 2, 'total', 'int', { is_computed: true, computed_definition: '([id]*(2))', is_persisted: false }),
    ]);
    expect(() => buildCatalog({ ...rows, identityColumns: [...rows.identityColumns, ...rows.identityColumns] })).toThrow(
      /2 rows for column_id 1 of dbo\.lowercase in IDENT_SEED\/IDENT_INCR \(query identityColumns\)/,
    );
    expect(() => buildCatalog({ ...rows, columns: [...rows.columns, rows.columns[0]!] })).toThrow(
      /2 rows for column_id 1 of dbo\.lowercase in sys\.columns \(query columns\)/,
    );
    expect(() => buildCatalog({ ...rows, computedColumns: [...rows.computedColumns, ...rows.computedColumns] })).toThrow(
      /column_id 2 of dbo\.lowercase in sys\.computed_columns/,
    );
  });

  // The old inner join on sys.schemas dropped every column whose type's schema the
  // engine did not list; a descriptive lookup must never lose a column.
  it('keeps a column whose type schema is unknown (SCHEMA_NAME returned NULL)', () => {
    const rows = onlyLowercase([columnRow(106, 1, 'id', 'int'), columnRow(106, 2, 'name', 'nvarchar', { max_length: 40 })]);
    const noSchemas = { ...rows, types: rows.types.map((t) => ({ ...t, type_schema: null })) };
    expect(buildCatalog(noSchemas).tables[0]?.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'int'],
      ['name', 'nvarchar'],
    ]);
  });

  it('fails loudly, naming the table and the query, when the catalog returned no columns for a table', () => {
    const rows = onlyLowercase([]);
    expect(() => buildCatalog(rows)).toThrow(/The catalog returned no columns for dbo\.lowercase \(query columns/);
  });

  it('fails loudly when a column names a type id that sys.types does not have', () => {
    const rows = onlyLowercase([columnRow(106, 1, 'id', 'int')]);
    expect(() => buildCatalog({ ...rows, types: [] })).toThrow(/no sys\.types row for type id 56 of column dbo\.lowercase\.id/);
  });

  it('refuses a check constraint whose definition the login cannot see', () => {
    const rows: CatalogRows = {
      ...SAMPLE_ROWS,
      checkConstraints: [{ parent_object_id: 102, constraint_name: 'CK_Hidden', definition: null, is_disabled: false, is_not_trusted: false }],
    };
    expect(() => buildCatalog(rows)).toThrow(/CK_Hidden on Sales\.Order Lines/);
  });

  it('names index and foreign-key columns from the COLUMNS rows, and fails loudly on an id it does not have', () => {
    const pk = SAMPLE_ROWS.indexColumns.find((r) => r.object_id === 101 && r.index_id === 1)!;
    const lost = { ...SAMPLE_ROWS, indexColumns: SAMPLE_ROWS.indexColumns.map((r) => (r === pk ? { ...r, column_id: 99 } : r)) };
    expect(() => buildCatalog(lost)).toThrow(/no column 99 of dbo\.Orders for index PK_Orders/);
    const pair = SAMPLE_ROWS.foreignKeyColumns[0]!;
    const lostFk = { ...SAMPLE_ROWS, foreignKeyColumns: SAMPLE_ROWS.foreignKeyColumns.map((r) => (r === pair ? { ...r, parent_column_id: 98 } : r)) };
    expect(() => buildCatalog(lostFk)).toThrow(/no column 98 of Sales\.Order Lines for foreign key FK_Lines_Orders/);
  });

  it('fails loudly on duplicate index, index-column and foreign-key rows, naming the view and the table', () => {
    expect(() => buildCatalog({ ...SAMPLE_ROWS, indexes: [...SAMPLE_ROWS.indexes, SAMPLE_ROWS.indexes[0]!] })).toThrow(
      /2 rows for index PK_Orders of dbo\.Orders in sys\.indexes/,
    );
    expect(() => buildCatalog({ ...SAMPLE_ROWS, indexColumns: [...SAMPLE_ROWS.indexColumns, SAMPLE_ROWS.indexColumns[0]!] })).toThrow(
      /in sys\.index_columns \(query indexColumns\)/,
    );
    expect(() => buildCatalog({ ...SAMPLE_ROWS, foreignKeys: [...SAMPLE_ROWS.foreignKeys, SAMPLE_ROWS.foreignKeys[0]!] })).toThrow(
      /foreign key FK_Lines_Orders of Sales\.Order Lines in sys\.foreign_keys/,
    );
  });

  it('refuses a foreign key whose referenced table the login cannot see (OBJECT_NAME/COL_NAME gave NULL)', () => {
    const hidden = { ...SAMPLE_ROWS, foreignKeys: SAMPLE_ROWS.foreignKeys.map((r, i) => (i === 0 ? { ...r, referenced_table: null } : r)) };
    expect(() => buildCatalog(hidden)).toThrow(UsageError);
    expect(() => buildCatalog(hidden)).toThrow(/FK_Lines_Orders on Sales\.Order Lines .*VIEW DEFINITION/);
  });

  it('fails clearly when DB_NAME() returned nothing', () => {
    expect(() => buildCatalog({ ...SAMPLE_ROWS, database: [] })).toThrow(/DB_NAME/);
  });
});
