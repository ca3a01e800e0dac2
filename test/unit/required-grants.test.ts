// Up-front permission checks: from what the two servers report to one message naming every
// missing grant and the statement that gives it (issue: a CONNECT-only user got "permission
// denied for schema public" once per table, in every stage).
import { describe, expect, it } from 'vitest';
import { Mssql2pgError } from '../../src/errors.js';
import type { DatabaseFacts, SchemaFacts, TableFacts } from '../../src/postgres/privileges.js';
import type { CatalogQueryRunner } from '../../src/sqlserver/read-catalog.js';
import { grantsOf, LOGIN_SQL, readTableGrants, TABLE_GRANTS_SQL, type TableGrantRow } from '../../src/sqlserver/table-grants.js';
import {
  constraintsStageGrants, dataStageGrants, permissionError, schemaStageGrants, sourceGrants,
} from '../../src/stages/required-grants.js';

const db = (create: boolean): DatabaseFacts => ({ user: 'migrator', database: 'shop', create });
const schema = (name: string, o: Partial<SchemaFacts> = {}): SchemaFacts => ({ schema: name, exists: true, usage: true, create: true, ...o });
const table = (name: string, o: Partial<TableFacts> = {}): TableFacts => ({
  schema: 'public', table: name, exists: true, owner: true, select: true, insert: true, delete: true, truncate: true, sequences: true, ...o,
});
const noBookkeeping = { schema: schema('mssql2pg', { exists: false, usage: false, create: false }), table: table('loaded_ranges', { schema: 'mssql2pg', exists: false }) };

describe('Postgres side, per stage', () => {
  it('replicate schema: CREATE on the database for new schemas, USAGE and CREATE on existing ones, ownership of tables it replaces', () => {
    const missing = schemaStageGrants(db(false), [schema('sales', { exists: false }), schema('public', { create: false })], [table('orders', { owner: false })]);
    expect(missing).toEqual([
      { what: 'CREATE on database "shop" (to create schema "sales")', grant: 'GRANT CREATE ON DATABASE "shop" TO "migrator";' },
      { what: 'USAGE and CREATE on schema "public" (to create tables in it)', grant: 'GRANT USAGE, CREATE ON SCHEMA "public" TO "migrator";' },
      { what: 'ownership of public.orders (to drop and create them again)', grant: 'as their owner or a superuser, ALTER TABLE "public"."orders" OWNER TO "migrator";' },
    ]);
    expect(schemaStageGrants(db(true), [schema('sales', { exists: false }), schema('public')], [])).toEqual([]);
  });

  it('sync data: the table privileges it uses, TRUNCATE only when it empties them, identity sequences, and the bookkeeping schema for key ranges', () => {
    const tables = [table('a', { insert: false }), table('b', { truncate: false }), table('c', { sequences: false })];
    const missing = dataStageGrants(db(false), [schema('public', { usage: false })], tables, { truncate: true, keyRanges: true, bookkeeping: noBookkeeping });
    expect(missing.map((m) => m.grant)).toEqual([
      'GRANT USAGE ON SCHEMA "public" TO "migrator";',
      'GRANT INSERT, TRUNCATE ON ALL TABLES IN SCHEMA "public" TO "migrator";',
      'GRANT UPDATE ON ALL SEQUENCES IN SCHEMA "public" TO "migrator";',
      'GRANT CREATE ON DATABASE "shop" TO "migrator";',
    ]);
    expect(missing[1]!.what).toBe('INSERT, TRUNCATE on public.a, public.b (to load them)');
    // --no-truncate and no key ranges: neither TRUNCATE nor the database CREATE is needed.
    expect(dataStageGrants(db(false), [schema('public')], [table('b', { truncate: false })], { truncate: false, keyRanges: false, bookkeeping: noBookkeeping })).toEqual([]);
  });

  it('sync data with key ranges: an existing bookkeeping schema still needs CREATE on it (and on the database), and its table read and written', () => {
    const bookkeeping = { schema: schema('mssql2pg', { create: false }), table: table('loaded_ranges', { schema: 'mssql2pg', delete: false }) };
    expect(dataStageGrants(db(true), [], [], { truncate: true, keyRanges: true, bookkeeping }).map((m) => m.grant)).toEqual([
      'GRANT USAGE, CREATE ON SCHEMA "mssql2pg" TO "migrator";',
      'GRANT SELECT, INSERT, DELETE ON "mssql2pg"."loaded_ranges" TO "migrator";',
    ]);
  });

  it('replicate constraints: the owner of every table; tables that do not exist are left to the table runner', () => {
    const missing = constraintsStageGrants(db(true), [schema('public')], [table('a', { owner: false }), table('b', { owner: false }), table('gone', { exists: false, owner: false })]);
    expect(missing).toEqual([
      {
        what: 'ownership of public.a, public.b (keys, indexes and foreign keys need the owner)',
        grant: 'as their owner or a superuser, ALTER TABLE "public"."a" OWNER TO "migrator"; (and the same for the other)',
      },
    ]);
  });
});

/** Rows as SQL Server returns them for TABLE_GRANTS_SQL: HAS_PERMS_BY_NAME is int (1, 0, NULL). */
const rows: TableGrantRow[] = [
  { schema_name: 'dbo', table_name: 'Orders', can_select: 0, can_view_definition: 1 },
  { schema_name: 'dbo', table_name: 'Lines', can_select: 0, can_view_definition: 0 },
  { schema_name: 'sales', table_name: 'Regions', can_select: 1, can_view_definition: null },
  { schema_name: 'dbo', table_name: 'NotInRun', can_select: 0, can_view_definition: 0 },
];

describe('SQL Server side', () => {
  it('SELECT or VIEW DEFINITION missing on the tables of the run, grouped per schema with the GRANT; NULL (cannot tell) never counts', () => {
    const grants = { checked: true as const, user: 'migrator', tables: rows.map(grantsOf) };
    const run = ['dbo.Orders', 'dbo.Lines', 'sales.Regions'];
    expect(sourceGrants(grants, run, 'select')).toEqual([
      { what: 'SELECT on dbo.Orders, dbo.Lines (to read the rows)', grant: 'GRANT SELECT ON SCHEMA::[dbo] TO [migrator];' },
    ]);
    expect(sourceGrants(grants, run, 'viewDefinition').map((m) => m.what)).toEqual([
      'VIEW DEFINITION on dbo.Lines (defaults, computed columns and checks are read from their definitions)',
    ]);
  });

  it('a value HAS_PERMS_BY_NAME never returns is a loud error naming the table', () => {
    expect(() => grantsOf({ schema_name: 'dbo', table_name: 'T', can_select: 2, can_view_definition: 1 })).toThrow(/returned 2 for dbo\.T/);
    expect(() => grantsOf({ schema_name: null, table_name: 'T', can_select: 1, can_view_definition: 1 })).toThrow(Mssql2pgError);
  });

  it('an engine that cannot run the query is not checked (and says why) rather than stopped', async () => {
    const failing: CatalogQueryRunner = { query: async () => Promise.reject(new Error("'HAS_PERMS_BY_NAME' is not a recognized built-in function name.")) };
    expect(await readTableGrants(failing)).toEqual({ checked: false, reason: "'HAS_PERMS_BY_NAME' is not a recognized built-in function name." });
    const answering: CatalogQueryRunner = { query: async <T>(sql: string) => (sql === LOGIN_SQL ? [{ user_name: 'migrator' }] : rows) as T[] };
    expect(await readTableGrants(answering)).toMatchObject({ checked: true, user: 'migrator', tables: expect.arrayContaining([{ schema: 'sales', table: 'Regions', select: true, viewDefinition: null }]) });
  });

  it('reads one catalog view (sys.tables, with the user-table filter) and names through scalar functions', () => {
    const sources = [...TABLE_GRANTS_SQL.matchAll(/\b(?:FROM|JOIN)\s+([^\s(]+)/gi)].map((m) => m[1]);
    expect(sources).toEqual(['sys.tables']);
    expect(TABLE_GRANTS_SQL).toContain('t.is_ms_shipped = 0');
    expect(TABLE_GRANTS_SQL).toContain("HAS_PERMS_BY_NAME(QUOTENAME(SCHEMA_NAME(t.schema_id)) + N'.' + QUOTENAME(t.name), N'OBJECT', N'SELECT')");
  });
});

describe('permissionError', () => {
  it('one message: the stage, every missing grant on each side, nothing touched; null when nothing is missing', () => {
    const e = permissionError(
      'sync data',
      [{ what: 'USAGE on schema "public"', grant: 'GRANT USAGE ON SCHEMA "public" TO "migrator";' }],
      [{ what: 'SELECT on dbo.Orders (to read the rows)', grant: 'GRANT SELECT ON SCHEMA::[dbo] TO [migrator];' }],
      { target: 'migrator', source: 'migrator' },
    );
    expect(e?.message).toBe(
      [
        'sync data cannot start: grants are missing (nothing was touched). Give them, then run it again:',
        '  PostgreSQL user "migrator":',
        '    - USAGE on schema "public": GRANT USAGE ON SCHEMA "public" TO "migrator";',
        '  SQL Server user [migrator]:',
        '    - SELECT on dbo.Orders (to read the rows): GRANT SELECT ON SCHEMA::[dbo] TO [migrator];',
      ].join('\n'),
    );
    expect(permissionError('sync data', [], [], { target: 'u', source: 'u' })).toBeNull();
  });
});
