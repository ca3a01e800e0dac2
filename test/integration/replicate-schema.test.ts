import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogModel, TableModel } from '../../src/catalog/model.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { StageEvent } from '../../src/run/events.js';
import { replicateSchema } from '../../src/stages/replicate-schema.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { column, simpleTable, table } from '../helpers/catalog-builder.js';
import { createTestDatabase, withPgClient, type TestDatabase } from '../helpers/postgres.js';
import { schemaArgs, type FlatSchemaOptions } from '../helpers/stage-options.js';
import { testConfig } from '../helpers/test-config.js';
import { EVERY_TYPE_CASES, everyTypeTable } from '../fixtures/every-type-table.js';

const defaults: FlatSchemaOptions = {
  resume: false, reset: false, startFrom: null, until: null, maxTables: null, failFast: false,
  dryRun: false, dropExisting: false,
};

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

function run(config: ResolvedConfig, catalog: CatalogModel, o: Partial<FlatSchemaOptions> = {}, events: StageEvent[] = []) {
  return replicateSchema(
    ...schemaArgs(
      { config, loadCatalog: async () => catalog, openTarget: () => openTargetPool(config.target.url, 1), listener: (e) => events.push(e) },
      { ...defaults, ...o },
    ),
  );
}

async function targetTables(url: string): Promise<string[]> {
  return withPgClient(url, async (c) => {
    const r = await c.query<{ t: string }>(
      `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    return r.rows.map((row) => row.t);
  });
}

function progress(config: ResolvedConfig) {
  return JSON.parse(readFileSync(path.join(config.progressDir, 'schema_replication_progress.json'), 'utf8'));
}

describe('replicate schema against a real Postgres', () => {
  it('creates every SQL Server type with the mapped Postgres type', async () => {
    const config = testConfig(db.url);
    const summary = await run(config, { database: 'src', tables: [everyTypeTable()] });
    expect(summary.failed).toEqual([]);
    const types = await withPgClient(db.url, async (c) => {
      const r = await c.query<{ attname: string; t: string; notnull: boolean; identity: string }>(
        `SELECT attname, format_type(atttypid, atttypmod) AS t, attnotnull AS notnull, attidentity AS identity
           FROM pg_attribute WHERE attrelid = 'public.everytype'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      );
      return r.rows;
    });
    expect(types[0]).toMatchObject({ attname: 'id', t: 'integer', notnull: true, identity: 'd' });
    const byName = Object.fromEntries(types.slice(1).map((r) => [r.attname, r.t]));
    expect(byName).toEqual(Object.fromEntries(EVERY_TYPE_CASES.map((tc) => [tc.column.name, tc.pgType])));
    // The 7th fractional digit of datetime2(7)/time(7)/datetimeoffset(7) is reported per column.
    const notes = summary.warnings.map((w) => w.message).join('\n');
    for (const col of ['c_datetime2', 'c_time', 'c_datetimeoffset']) expect(notes).toContain(col);
    expect(progress(config).tables['dbo.EveryType'].schema.status).toBe('completed');
  });

  it('after a failure at table k of n, --resume creates exactly the rest', async () => {
    const config = testConfig(db.url);
    const tables: TableModel[] = ['A', 'B', 'C', 'D', 'E'].map((n) => simpleTable('dbo', `T${n}`));
    // Table 3 of 5 has a type with no mapping row: the run fails it and (fail-fast) stops.
    tables[2] = table('dbo', 'TC', [column('Id', 'int', { nullable: false }), column('Shape', 'MyClrType')]);
    const catalog = { database: 'src', tables };
    const first = await run(config, catalog, { failFast: true });
    expect(first.succeeded).toBe(2);
    expect(first.failed.map((f) => f.table)).toEqual(['dbo.TC']);
    expect(first.failed[0]!.error).toContain('dbo.TC.Shape');
    expect(first.notRun).toEqual(['dbo.TD', 'dbo.TE']);
    expect(await targetTables(db.url)).toEqual(['public.ta', 'public.tb']);

    // The user adds the override the message suggests and resumes.
    const fixed: ResolvedConfig = { ...config, typeOverrides: { byType: {}, byColumn: { 'dbo.TC.Shape': 'text' } } };
    const events: StageEvent[] = [];
    const second = await run(fixed, catalog, { resume: true }, events);
    expect(second.failed).toEqual([]);
    expect(second.skipped).toBe(2);
    expect(events.filter((e) => e.type === 'table:start').map((e) => (e as { table: string }).table)).toEqual([
      'dbo.TC', 'dbo.TD', 'dbo.TE',
    ]);
    expect(await targetTables(db.url)).toEqual(['public.ta', 'public.tb', 'public.tc', 'public.td', 'public.te']);
    const file = progress(config);
    for (const t of ['dbo.TA', 'dbo.TB', 'dbo.TC', 'dbo.TD', 'dbo.TE']) expect(file.tables[t].schema.status).toBe('completed');
  });

  it('refuses to overwrite an existing table unless --drop-existing', async () => {
    const config = testConfig(db.url);
    await withPgClient(db.url, (c) => c.query('CREATE TABLE public.orders (keep int); INSERT INTO public.orders VALUES (1)'));
    const catalog = { database: 'src', tables: [simpleTable('dbo', 'Orders')] };
    const first = await run(config, catalog);
    expect(first.failed[0]!.error).toMatch(/already exists.*--drop-existing/);
    const second = await run(testConfig(db.url), catalog, { dropExisting: true });
    expect(second.failed).toEqual([]);
    const cols = await withPgClient(db.url, (c) => c.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position`));
    expect(cols.rows.map((r) => r.column_name)).toEqual(['id', 'name']);
  });

  it('on --resume, replaces a table an earlier run left in progress', async () => {
    const config = testConfig(db.url);
    const catalog = { database: 'src', tables: [simpleTable('dbo', 'Orders')] };
    await run(config, catalog);
    // Simulate a crash after COMMIT but before the progress file said "completed".
    const file = progress(config);
    file.tables['dbo.Orders'].schema.status = 'in_progress';
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(config.progressDir, 'schema_replication_progress.json'), JSON.stringify(file));
    const resumed = await run(config, catalog, { resume: true });
    expect(resumed.failed).toEqual([]);
    expect(resumed.succeeded).toBe(1);
  });

  it('--dry-run prints the DDL and touches nothing', async () => {
    const config = testConfig(db.url);
    let printed = '';
    const summary = await replicateSchema(
      ...schemaArgs(
        {
          config,
          loadCatalog: async () => ({ database: 'src', tables: [simpleTable('sales', 'Orders')] }),
          openTarget: () => {
            throw new Error('dry run must not connect to the target');
          },
          print: (sql) => (printed += sql),
        },
        { ...defaults, dryRun: true },
      ),
    );
    expect(summary.failed).toEqual([]);
    expect(printed).toContain('CREATE SCHEMA IF NOT EXISTS "sales"');
    expect(printed).toContain('CREATE TABLE "sales"."orders"');
    expect(await targetTables(db.url)).toEqual([]);
    expect(() => readFileSync(path.join(config.progressDir, 'schema_replication_progress.json'))).toThrow();
  });

  it('leaves no connection open', async () => {
    const config = testConfig(db.url);
    await run(config, { database: 'src', tables: [simpleTable('dbo', 'A')] });
    const pool = new pg.Pool({ connectionString: db.url });
    const r = await pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    await pool.end();
    expect(r.rows[0].n).toBe(0);
  });
});
