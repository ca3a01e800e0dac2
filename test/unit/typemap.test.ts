import { describe, expect, it } from 'vitest';
import type { ColumnModel, TableModel } from '../../src/catalog/model.js';
import { UnmappedTypeError, UsageError } from '../../src/errors.js';
import { mapColumnType, type TypeMappingOptions } from '../../src/typemap/map-column.js';
import { renderTypeMapMarkdown, TYPE_MAP_ROWS } from '../../src/typemap/type-map.js';
import { validatePgTypeName } from '../../src/typemap/validate-pg-type.js';
import { column as baseColumn, table as baseTable } from '../helpers/catalog-builder.js';

function column(type: string, shape: Partial<ColumnModel> = {}): ColumnModel {
  return baseColumn('Col', type, { columnId: 1, maxLength: 0, precision: 0, scale: 0, ...shape });
}

function table(columns: ColumnModel[], schema = 'dbo', name = 'T'): TableModel {
  return { ...baseTable(schema, name, []), columns };
}

const NO_OVERRIDES: TypeMappingOptions = { overrides: { byType: {}, byColumn: {} }, postgis: false };

function map(c: ColumnModel, options: TypeMappingOptions = NO_OVERRIDES) {
  return mapColumnType(table([c]), c, options);
}

// Shapes as sys.columns reports them: max_length in bytes, time fractions in scale.
const CASES: readonly (readonly [string, string, Partial<ColumnModel>, string])[] = [
  ['bit', 'bit', { maxLength: 1, precision: 1 }, 'boolean'],
  ['tinyint', 'tinyint', { maxLength: 1, precision: 3 }, 'smallint'],
  ['smallint', 'smallint', { maxLength: 2, precision: 5 }, 'smallint'],
  ['int', 'int', { maxLength: 4, precision: 10 }, 'integer'],
  ['bigint', 'bigint', { maxLength: 8, precision: 19 }, 'bigint'],
  ['decimal(18,4)', 'decimal', { precision: 18, scale: 4 }, 'numeric(18,4)'],
  ['numeric(38,0)', 'numeric', { precision: 38, scale: 0 }, 'numeric(38,0)'],
  ['money', 'money', { precision: 19, scale: 4 }, 'numeric(19,4)'],
  ['smallmoney', 'smallmoney', { precision: 10, scale: 4 }, 'numeric(10,4)'],
  ['real', 'real', { precision: 24 }, 'real'],
  ['float(53)', 'float', { precision: 53 }, 'double precision'],
  ['float(24) reported as float', 'float', { precision: 24 }, 'real'],
  ['date', 'date', { precision: 10 }, 'date'],
  ['datetime', 'datetime', { precision: 23, scale: 3 }, 'timestamp(3)'],
  ['smalldatetime', 'smalldatetime', { precision: 16 }, 'timestamp(0)'],
  ['datetime2(3)', 'datetime2', { precision: 23, scale: 3 }, 'timestamp(3)'],
  ['datetime2(0)', 'datetime2', { precision: 19, scale: 0 }, 'timestamp(0)'],
  ['datetime2(7)', 'datetime2', { precision: 27, scale: 7 }, 'timestamp(6)'],
  ['time(7)', 'time', { precision: 16, scale: 7 }, 'time(6)'],
  ['time(2)', 'time', { precision: 11, scale: 2 }, 'time(2)'],
  ['datetimeoffset(7)', 'datetimeoffset', { precision: 34, scale: 7 }, 'timestamptz(6)'],
  ['datetimeoffset(5)', 'datetimeoffset', { precision: 32, scale: 5 }, 'timestamptz(5)'],
  ['char(10)', 'char', { maxLength: 10 }, 'char(10)'],
  ['nchar(10)', 'nchar', { maxLength: 20 }, 'char(10)'],
  ['varchar(50)', 'varchar', { maxLength: 50 }, 'varchar(50)'],
  ['nvarchar(10)', 'nvarchar', { maxLength: 20 }, 'varchar(10)'],
  ['varchar(max)', 'varchar', { maxLength: -1 }, 'text'],
  ['nvarchar(max)', 'nvarchar', { maxLength: -1 }, 'text'],
  ['text', 'text', { maxLength: 16 }, 'text'],
  ['ntext', 'ntext', { maxLength: 16 }, 'text'],
  ['sysname', 'sysname', { maxLength: 256 }, 'varchar(128)'],
  ['binary(16)', 'binary', { maxLength: 16 }, 'bytea'],
  ['varbinary(max)', 'varbinary', { maxLength: -1 }, 'bytea'],
  ['image', 'image', { maxLength: 16 }, 'bytea'],
  ['uniqueidentifier', 'uniqueidentifier', { maxLength: 16 }, 'uuid'],
  ['xml', 'xml', { maxLength: -1 }, 'xml'],
  ['timestamp (rowversion)', 'timestamp', { maxLength: 8 }, 'bytea'],
  ['rowversion', 'rowversion', { maxLength: 8 }, 'bytea'],
  ['sql_variant', 'sql_variant', { maxLength: 8016 }, 'jsonb'],
  ['hierarchyid', 'hierarchyid', { maxLength: 892 }, 'text'],
  ['geography', 'geography', { maxLength: -1 }, 'text'],
  ['geometry', 'geometry', { maxLength: -1 }, 'text'],
];

describe('type map rows', () => {
  it.each(CASES)('%s → %s', (_label, type, shape, expected) => {
    const mapping = map(column(type, shape));
    expect(mapping.pgType).toBe(expected);
    expect(mapping.origin).toBe('map');
  });

  it('has a test case for every row', () => {
    const tested = new Set(CASES.map(([, type]) => type));
    expect(TYPE_MAP_ROWS.map((row) => row.sqlServerType).filter((t) => !tested.has(t))).toEqual([]);
  });

  it('maps spatial types to PostGIS types when postgis is on', () => {
    const options = { ...NO_OVERRIDES, postgis: true };
    expect(map(column('geography'), options).pgType).toBe('geography');
    expect(map(column('geometry'), options).pgType).toBe('geometry');
  });

  it.each([
    ['datetime2', 'datetime2(7): 7th fractional digit rounded to microseconds'],
    ['time', 'time(7): 7th fractional digit rounded to microseconds'],
    ['datetimeoffset', 'datetimeoffset(7): 7th fractional digit rounded to microseconds'],
  ])('%s(7) carries a rounding note', (type, note) => {
    expect(map(column(type, { scale: 7 })).notes).toEqual([note]);
  });

  it('has no note when the fraction fits', () => {
    expect(map(column('datetime2', { scale: 6 })).notes).toEqual([]);
  });

  it('accepts the type name in any case', () => {
    expect(map(column('NVarChar', { maxLength: 8 })).pgType).toBe('varchar(4)');
  });
});

describe('overrides', () => {
  const money = column('money', { name: 'Total', precision: 19, scale: 4 });
  const orders = table([money], 'dbo', 'Orders');

  it('column override wins over type override, which wins over the map', () => {
    const both = {
      overrides: { byType: { money: 'numeric(19,2)' }, byColumn: { 'DBO.orders.TOTAL': 'numeric(20,2)' } },
      postgis: false,
    };
    expect(mapColumnType(orders, money, both)).toEqual({ pgType: 'numeric(20,2)', origin: 'column-override', notes: [] });
    const typeOnly = { overrides: { byType: { money: 'numeric(19,2)' }, byColumn: {} }, postgis: false };
    expect(mapColumnType(orders, money, typeOnly)).toEqual({ pgType: 'numeric(19,2)', origin: 'type-override', notes: [] });
    expect(mapColumnType(orders, money, NO_OVERRIDES).origin).toBe('map');
  });

  it('a column override on another table does not apply', () => {
    const options = { overrides: { byType: {}, byColumn: { 'dbo.Other.Total': 'text' } }, postgis: false };
    expect(mapColumnType(orders, money, options).pgType).toBe('numeric(19,4)');
  });

  it('an alias type override beats the base type override', () => {
    const phone = column('nvarchar', { aliasType: 'dbo.Phone', maxLength: 40 });
    const options = { overrides: { byType: { nvarchar: 'text', 'dbo.phone': 'varchar(30)' }, byColumn: {} }, postgis: false };
    expect(map(phone, options).pgType).toBe('varchar(30)');
  });

  it('overrides map types the type map cannot, and drop the map notes', () => {
    const clr = column('MyClrType');
    const options = { overrides: { byType: { myclrtype: 'bytea' }, byColumn: {} }, postgis: false };
    expect(map(clr, options)).toEqual({ pgType: 'bytea', origin: 'type-override', notes: [] });
    const dt2 = column('datetime2', { scale: 7 });
    expect(map(dt2, { overrides: { byType: { datetime2: 'text' }, byColumn: {} }, postgis: false }).notes).toEqual([]);
  });

  it('rejects unsafe override text', () => {
    const options = { overrides: { byType: { money: 'text; DROP TABLE x' }, byColumn: {} }, postgis: false };
    expect(() => mapColumnType(orders, money, options)).toThrow(UsageError);
  });
});

describe('unmapped types', () => {
  it('names the column and type and shows how to override', () => {
    const outline = column('MyClrType', { name: 'Outline' });
    let caught: unknown;
    try {
      mapColumnType(table([outline], 'dbo', 'Shapes'), outline, NO_OVERRIDES);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnmappedTypeError);
    expect((caught as Error).message).toBe(
      'Column dbo.Shapes.Outline has SQL Server type "MyClrType", which mssql2pg cannot map. ' +
        'Add a type override, e.g. in config: "typeOverrides": {"columns": {"dbo.Shapes.Outline": "text"}} ' +
        'or --type-override dbo.Shapes.Outline=text',
    );
  });
});

describe('validatePgTypeName', () => {
  it.each(['numeric(20,2)', 'double precision', 'text[]', 'public.citext', 'timestamp(3) with time zone', ' varchar(10) '])(
    'accepts %s',
    (typeName) => {
      expect(validatePgTypeName(typeName)).toBe(typeName.trim());
    },
  );

  it.each(['text; DROP TABLE t', 'text -- x', 'text /* x */', '"weird"', "text'", '', '   ', 'int\ninteger'])(
    'rejects %j',
    (typeName) => {
      expect(() => validatePgTypeName(typeName)).toThrow(UsageError);
    },
  );
});

describe('renderTypeMapMarkdown', () => {
  it('renders a header and one row per type', () => {
    const lines = renderTypeMapMarkdown().trimEnd().split('\n');
    expect(lines[0]).toBe('| SQL Server type | PostgreSQL type | Notes |');
    expect(lines).toHaveLength(TYPE_MAP_ROWS.length + 2);
    expect(lines).toContain('| money | numeric(19,4) | exact; Postgres money depends on lc_monetary |');
  });
});
