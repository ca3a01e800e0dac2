// Sequences in a real PostgreSQL: stage 1 creates them (before the tables whose defaults call
// them) with the source's type, bounds, cycle and cache; stage 3 sets them so that the next
// nextval() returns what NEXT VALUE FOR would return next in SQL Server, worked out by hand
// from sys.sequences' current_value and last_used_value.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogModel } from '../../src/catalog/model.js';
import { NO_OBJECTS, type SequenceModel } from '../../src/catalog/objects.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { replicateConstraints } from '../../src/stages/replicate-constraints.js';
import { replicateSchema } from '../../src/stages/replicate-schema.js';
import { queryAsText } from '../fixtures/e2e-postgres-text.js';
import { column, table } from '../helpers/catalog-builder.js';
import { createTestDatabase, withPgClient, type TestDatabase } from '../helpers/postgres.js';
import { constraintsArgs, schemaArgs, type FlatConstraintsOptions } from '../helpers/stage-options.js';
import { testConfig } from '../helpers/test-config.js';

const base = { objectId: 0, type: 'bigint', precision: 19, minimum: '-9223372036854775808', maximum: '9223372036854775807', cycle: false, cache: { kind: 'none' } } as const;
const SEQUENCES: SequenceModel[] = [
  // Used: 1041 was handed out last; next is 1042.
  { ...base, schema: 'dbo', name: 'OrderNumbers', start: '1000', increment: '1', cache: { kind: 'size', size: 20 }, state: { known: true, current: '1041', used: true, exhausted: false } },
  // Never used: next is its start value.
  { ...base, schema: 'sales', name: 'Tickets', type: 'int', minimum: '1', maximum: '2147483647', start: '1', increment: '1', state: { known: true, current: '1', used: false, exhausted: false } },
  // Descending and cycling: after 0 comes the maximum again.
  { ...base, schema: 'dbo', name: 'Countdown', type: 'smallint', minimum: '0', maximum: '100', start: '100', increment: '-5', cycle: true, state: { known: true, current: '0', used: true, exhausted: false } },
];

const orders = table('dbo', 'Orders', [
  column('Id', 'int', { nullable: false }),
  column('No', 'bigint', { nullable: false, defaultDefinition: '(NEXT VALUE FOR [dbo].[OrderNumbers])' }),
], { pk: ['Id'] });

const catalog: CatalogModel = { database: 'Shop', tables: [orders], objects: { ...NO_OBJECTS, sequences: SEQUENCES } };

// The rows are loaded with INSERT here, not by sync data, so the stage-order check is forced.
const defaults: FlatConstraintsOptions = {
  resume: false, reset: false, startFrom: null, until: null, maxTables: null, failFast: false,
  dryRun: false, parallel: 2, maintenanceWorkMem: null, fkNotValid: false, force: true,
};

let db: TestDatabase;
let config: ResolvedConfig;
beforeEach(async () => {
  db = await createTestDatabase();
  config = testConfig(db.url, { naming: { schemaMap: {}, targetSchema: null, identifierStyle: 'snake' } });
});
afterEach(async () => {
  await db.drop();
});

const deps = (c: CatalogModel, printed: string[] = []) => ({
  config,
  loadCatalog: async () => c,
  openTarget: (max: number) => openTargetPool(config.target.url, max),
  print: (s: string) => void printed.push(s),
});

async function stage1(c: CatalogModel = catalog, o: Partial<FlatConstraintsOptions & { dropExisting: boolean }> = {}) {
  return replicateSchema(...schemaArgs(deps(c), { ...defaults, dropExisting: false, ...o }));
}

describe('sequences', () => {
  it('stage 1 creates each with the source\'s definition, and the table default calls it', async () => {
    expect((await stage1()).failed).toEqual([]);
    const rows = await queryAsText(db.url, `SELECT schemaname, sequencename, data_type::text AS t, start_value, min_value, max_value, increment_by, cycle, cache_size FROM pg_sequences ORDER BY 1, 2`);
    expect(rows.map((r) => Object.values(r))).toEqual([
      ['public', 'countdown', 'smallint', '100', '0', '100', '-5', 't', '1'],
      ['public', 'order_numbers', 'bigint', '1000', '-9223372036854775808', '9223372036854775807', '1', 'f', '20'],
      ['sales', 'tickets', 'integer', '1', '1', '2147483647', '1', 'f', '1'],
    ]);
    const d = await queryAsText(db.url, `SELECT column_default FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'no'`);
    expect(d[0]!['column_default']).toBe(`nextval('order_numbers'::regclass)`);
  });

  it('stage 3 sets each so that nextval() returns what NEXT VALUE FOR would return next', async () => {
    await stage1();
    const s3 = await replicateConstraints(...constraintsArgs(deps(catalog), defaults));
    expect(s3.failed).toEqual([]);
    const next = await queryAsText(db.url, `SELECT nextval('public.order_numbers') AS a, nextval('sales.tickets') AS b, nextval('public.countdown') AS c`);
    expect(next[0]).toEqual({ a: '1042', b: '1', c: '100' });
    // The table's default uses the same sequence, from another session: that session skips the
    // 20 values the first one cached (1042–1061), the CACHE difference stage 1 lists.
    await withPgClient(db.url, (c) => c.query('INSERT INTO orders (id) VALUES (1)'));
    expect((await queryAsText(db.url, 'SELECT no FROM orders'))[0]!['no']).toBe('1062');
  });

  it('a rerun finds its own sequences and goes on; someone else\'s sequence of that name stops the unit, naming the difference', async () => {
    await stage1();
    expect((await stage1(catalog, { resume: false, dropExisting: true })).failed).toEqual([]);
    await withPgClient(db.url, (c) => c.query('DROP SEQUENCE sales.tickets; CREATE SEQUENCE sales.tickets AS integer START WITH 5'));
    const again = await replicateSchema(...schemaArgs(deps({ ...catalog, tables: [] }), { ...defaults, dryRun: false, dropExisting: false }));
    expect(again.failed).toEqual([{ table: 'sales.Tickets', error: expect.stringMatching(/target sequence "sales"."tickets" already exists with another definition \(start 5 \(wanted 1\)/) }]);
  });

  it('a table in an earlier batch window creates the sequence its default needs; the sequence\'s own unit then finds it', async () => {
    // Two windows of one table each: up to dbo.Orders (with dbo.Countdown and dbo.OrderNumbers,
    // which sort before it), then zeta.Later (with sales.Tickets, which sorts after dbo.Orders).
    const later = table('zeta', 'Later', [column('Id', 'int', { nullable: false })], { pk: ['Id'] });
    const c: CatalogModel = { ...catalog, tables: [orders, later] };
    const first = await replicateSchema(...schemaArgs(deps(c), { ...defaults, dryRun: false, dropExisting: false, maxTables: 1 }));
    expect(first.failed).toEqual([]);
    const created = await queryAsText(db.url, `SELECT sequencename FROM pg_sequences ORDER BY 1`);
    expect(created.map((r) => r['sequencename'])).toEqual(['countdown', 'order_numbers']);
    const second = await replicateSchema(...schemaArgs(deps(c), { ...defaults, dryRun: false, dropExisting: false, resume: true, startFrom: 'zeta.Later' }));
    expect(second.failed).toEqual([]);
    const all = await queryAsText(db.url, `SELECT sequencename FROM pg_sequences ORDER BY 1`);
    expect(all.map((r) => r['sequencename'])).toEqual(['countdown', 'order_numbers', 'tickets']);
  });

  it('--dry-run prints CREATE SEQUENCE before the tables and the setval of stage 3, touching nothing', async () => {
    const printed: string[] = [];
    await replicateSchema(...schemaArgs(deps(catalog, printed), { ...defaults, dryRun: true, dropExisting: false }));
    const sql = printed.join('\n');
    expect(sql.indexOf('CREATE SEQUENCE IF NOT EXISTS "public"."order_numbers"')).toBeLessThan(sql.indexOf('CREATE TABLE "public"."orders"'));
    const printed3: string[] = [];
    await replicateConstraints(...constraintsArgs(deps(catalog, printed3), { ...defaults, dryRun: true }));
    expect(printed3.join('\n')).toContain(`SELECT setval('"public"."order_numbers"', 1041, true);`);
    expect(await queryAsText(db.url, 'SELECT count(*) AS n FROM pg_sequences')).toEqual([{ n: '0' }]);
  });

  it('a sequence whose current value the engine does not show fails its unit in stage 3, saying how to set it', async () => {
    const unknown: CatalogModel = { ...catalog, objects: { ...NO_OBJECTS, sequences: [{ ...SEQUENCES[1]!, state: { known: false, reason: 'the source engine has no sys.sequences' } }] } };
    await stage1(unknown);
    const s3 = await replicateConstraints(...constraintsArgs(deps(unknown), defaults));
    expect(s3.failed).toEqual([{ table: 'sales.Tickets', error: expect.stringMatching(/current value cannot be read: the source engine has no sys.sequences\. Set it by hand/) }]);
  });
});
