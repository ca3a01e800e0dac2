import { describe, expect, it } from 'vitest';
import { Mssql2pgError } from '../../src/errors.js';
import { quotePgIdent, quotePgLiteral } from '../../src/ddl/quote.js';
import { buildDropTable, buildSchemaStatements } from '../../src/ddl/schema-statements.js';
import { translateDefault } from '../../src/ddl/translate-default.js';

describe('quotePgIdent', () => {
  it.each([
    ['order', '"order"'],
    ['user', '"user"'],
    ['Order Details', '"Order Details"'],
    ['say "hi"', '"say ""hi"""'],
    ['Änderung', '"Änderung"'],
    ['日付', '"日付"'],
  ])('%s → %s', (name, quoted) => {
    expect(quotePgIdent(name)).toBe(quoted);
  });

  it('rejects U+0000', () => {
    expect(() => quotePgIdent('a\u0000b')).toThrow(Mssql2pgError);
  });
});

describe('quotePgLiteral', () => {
  it('doubles quotes and keeps backslashes (standard_conforming_strings)', () => {
    expect(quotePgLiteral("it's C:\\dir")).toBe("'it''s C:\\dir'");
  });
});

describe('translateDefault: translated', () => {
  it.each([
    ['((0))', 'integer', '0'],
    ['((-1))', 'integer', '-1'],
    ['(-(1))', 'integer', '-1'],
    ['((+5))', 'bigint', '5'],
    ['((1.5))', 'numeric(10,2)', '1.5'],
    ['((-0.25))', 'numeric(10,2)', '-0.25'],
    ['((1.5E+3))', 'double precision', '1.5E+3'],
    ['((0))', 'varchar(5)', "'0'"],
    ["('abc')", 'varchar(10)', "'abc'"],
    ["(N'abc')", 'text', "'abc'"],
    ["('it''s')", 'text', "'it''s'"],
    ["('')", 'char(1)', "''"],
    ["('a\\b')", 'text', "'a\\b'"],
    ["('(x)')", 'text', "'(x)'"],
    ['((1))', 'boolean', 'true'],
    ['((0))', 'boolean', 'false'],
    ["('1')", 'boolean', 'true'],
    ["('false')", 'boolean', 'false'],
    ["('42')", 'integer', '42'],
    ["('3.25')", 'numeric(5,2)', '3.25'],
    ["('6F9619FF-8B86-D011-B42D-00C04FC964FF')", 'uuid', "'6f9619ff-8b86-d011-b42d-00c04fc964ff'"],
    ["('19000101')", 'timestamp(3)', "'1900-01-01'"],
    ["('20240229')", 'date', "'2024-02-29'"],
    ['(getdate())', 'timestamp(3)', 'LOCALTIMESTAMP'],
    ['(GETDATE())', 'timestamp(3)', 'LOCALTIMESTAMP'],
    ['(sysdatetime())', 'timestamp(6)', 'LOCALTIMESTAMP'],
    ['(CURRENT_TIMESTAMP)', 'timestamp(3)', 'LOCALTIMESTAMP'],
    ['(getdate())', 'timestamptz(6)', 'CURRENT_TIMESTAMP'],
    ['(getdate())', 'date', 'CURRENT_DATE'],
    ['(getdate())', 'time(6)', 'LOCALTIME'],
    ['(getutcdate())', 'timestamp(3)', "(now() AT TIME ZONE 'utc')"],
    ['(sysutcdatetime())', 'timestamp(6)', "(now() AT TIME ZONE 'utc')"],
    ['(sysutcdatetime())', 'timestamptz(6)', 'CURRENT_TIMESTAMP'],
    ['(sysdatetimeoffset())', 'timestamptz(6)', 'CURRENT_TIMESTAMP'],
    ['(newid())', 'uuid', 'gen_random_uuid()'],
    ['(newsequentialid())', 'uuid', 'gen_random_uuid()'],
  ])('%s on %s → %s', (definition, pgType, sql) => {
    expect(translateDefault(definition, pgType)).toEqual({ sql });
  });

  it.each(['(NULL)', '((NULL))', '(null)'])('%s means no default', (definition) => {
    expect(translateDefault(definition, 'integer')).toEqual({ sql: null });
  });
});

describe('translateDefault: left out with a warning', () => {
  it.each([
    ['(user_name())', 'varchar(128)'],
    ['(suser_sname())', 'varchar(128)'],
    ['(dateadd(day,(1),getdate()))', 'timestamp(3)'],
    ['((1)+(2))', 'integer'],
    ['((1.5))', 'integer'],
    ['((1.5))', 'varchar(10)'],
    ['((0))', 'timestamp(3)'],
    ['((0))', 'bytea'],
    ["('2024-01-01')", 'timestamp(3)'],
    ["('19000101')", 'timestamptz(6)'],
    ["('01/02/2024')", 'date'],
    ["('abc')", 'integer'],
    ["('yes')", 'boolean'],
    ["('not-a-uuid')", 'uuid'],
    ['(newid())', 'varchar(36)'],
    ['(getdate())', 'text'],
    ['(getutcdate())', 'time(6)'],
    ["('<a/>')", 'xml'],
    ['(CONVERT([bit],(0)))', 'boolean'],
  ])('%s on %s', (definition, pgType) => {
    const result = translateDefault(definition, pgType);
    expect(result).toHaveProperty('warning');
    expect((result as { warning: string }).warning).toContain(definition);
    expect((result as { warning: string }).warning).toContain(pgType);
  });
});

describe('schema statements', () => {
  it('creates each schema once, quoted, and skips public', () => {
    expect(buildSchemaStatements(['public', 'sales', 'Sales', 'sales', 'my schema'])).toEqual([
      'CREATE SCHEMA IF NOT EXISTS "sales"',
      'CREATE SCHEMA IF NOT EXISTS "Sales"',
      'CREATE SCHEMA IF NOT EXISTS "my schema"',
    ]);
  });

  it('drops with IF EXISTS and CASCADE', () => {
    expect(buildDropTable('"public"."orders"')).toBe('DROP TABLE IF EXISTS "public"."orders" CASCADE');
  });
});
