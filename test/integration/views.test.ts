// Stage 3 creates the translated views in a real PostgreSQL, in dependency order, one
// transaction each; each view's rows are compared with the rows SQL Server returns for the same
// table data, worked out by hand (test/fixtures/view-cases.ts). An exported view is not created
// and its definition goes to progress/unmigrated/; --dry-run prints the views; --resume skips
// the completed ones.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogModel } from '../../src/catalog/model.js';
import { NO_OBJECTS } from '../../src/catalog/objects.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { readNotMigrated } from '../../src/progress/unmigrated.js';
import { replicateConstraints } from '../../src/stages/replicate-constraints.js';
import { replicateSchema } from '../../src/stages/replicate-schema.js';
import { queryAsText } from '../fixtures/e2e-postgres-text.js';
import { SHOP_DATA, VIEW_CASES } from '../fixtures/view-cases.js';
import { createTestDatabase, withPgClient, type TestDatabase } from '../helpers/postgres.js';
import { constraintsArgs, schemaArgs, type FlatConstraintsOptions } from '../helpers/stage-options.js';
import { testConfig } from '../helpers/test-config.js';
import { TABLES, viewOf } from '../helpers/view-fixtures.js';

// The rows are loaded with INSERT here, not by sync data, so the stage-order check is forced.
const defaults: FlatConstraintsOptions = {
  resume: false, reset: false, startFrom: null, until: null, maxTables: null, failFast: false,
  dryRun: false, parallel: 2, maintenanceWorkMem: null, fkNotValid: false, force: true,
};

const exportedView = viewOf('dbo', 'vFormatted', "CREATE VIEW dbo.vFormatted AS SELECT Id, FORMAT(CreatedAt, 'yyyy') AS Y FROM dbo.Customers", ['Id int', 'Y nvarchar']);
const catalog: CatalogModel = {
  database: 'Shop',
  tables: TABLES,
  objects: { ...NO_OBJECTS, views: [...VIEW_CASES.map((c) => viewOf('dbo', c.name, c.definition, c.columns)), exportedView] },
};

let db: TestDatabase;
let config: ResolvedConfig;
const deps = (printed: string[] = []) => ({
  config,
  loadCatalog: async () => catalog,
  openTarget: (max: number) => openTargetPool(config.target.url, max),
  print: (s: string) => void printed.push(s),
});

beforeAll(async () => {
  db = await createTestDatabase();
  config = testConfig(db.url, { naming: { schemaMap: {}, targetSchema: null, identifierStyle: 'snake' } });
  const schema = await replicateSchema(...schemaArgs(deps(), { ...defaults, dryRun: false, dropExisting: false }));
  expect(schema.failed).toEqual([]);
  await withPgClient(db.url, (c) => c.query(SHOP_DATA));
});

afterAll(async () => {
  await db.drop();
});

describe('views in PostgreSQL', () => {
  it('a dry run prints every translated view, after the views it reads, and creates nothing', async () => {
    const printed: string[] = [];
    const summary = await replicateConstraints(...constraintsArgs(deps(printed), { ...defaults, dryRun: true }));
    expect(summary.failed).toEqual([]);
    const sql = printed.join('\n');
    expect(sql.indexOf('CREATE VIEW "public"."v_labels"')).toBeGreaterThan(-1);
    expect(sql.indexOf('CREATE VIEW "public"."v_labels"')).toBeLessThan(sql.indexOf('CREATE VIEW "public"."v_a_long_labels"'));
    expect(sql).toContain('-- dbo.vFormatted (view): not created: its definition calls FORMAT()');
    const views = await queryAsText(db.url, `SELECT count(*) AS n FROM pg_views WHERE schemaname = 'public'`);
    expect(views[0]!['n']).toBe('0');
  });

  it('creates every translated view, each in dependency order, and completes the run', async () => {
    const summary = await replicateConstraints(...constraintsArgs(deps(), defaults));
    expect(summary.failed).toEqual([]);
    expect(summary.warnings).toContainEqual({ table: 'dbo.vFormatted', message: expect.stringMatching(/^view not created: its definition calls FORMAT\(\).*exported to .*view\.dbo\.vFormatted\.sql/) });
  });

  it.each(VIEW_CASES.map((c) => [c.name, c] as const))('%s returns the rows SQL Server returns', async (_name, c) => {
    const target = c.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
    const rows = await queryAsText(db.url, `SELECT * FROM public.${target} ORDER BY ${c.orderBy}`);
    expect(rows.map((r) => Object.values(r))).toEqual(c.expected);
  });

  it('does not create the exported view; writes its definition and the reason to progress/unmigrated/, and the account', async () => {
    const exists = await queryAsText(db.url, `SELECT count(*) AS n FROM pg_views WHERE viewname = 'v_formatted'`);
    expect(exists[0]!['n']).toBe('0');
    const file = await readFile(path.join(config.progressDir, 'unmigrated', 'view.dbo.vFormatted.sql'), 'utf8');
    expect(file).toContain('-- Why: its definition calls FORMAT(), which is not translated');
    expect(file).toContain(exportedView.definition);
    const account = await readNotMigrated(config.progressDir);
    expect(account?.entries).toContainEqual({ kind: 'view', name: 'dbo.vFormatted', verdict: 'exported', reason: 'its definition calls FORMAT(), which is not translated', file: path.join('unmigrated', 'view.dbo.vFormatted.sql') });
  });

  it('--resume skips the completed views; a rerun without it replaces them with the same definition', async () => {
    const resumed = await replicateConstraints(...constraintsArgs(deps(), { ...defaults, resume: true }));
    expect(resumed.skipped).toBe(TABLES.length + VIEW_CASES.length + 1);
    const again = await replicateConstraints(...constraintsArgs(deps(), defaults));
    expect(again.failed).toEqual([]);
  });
});
