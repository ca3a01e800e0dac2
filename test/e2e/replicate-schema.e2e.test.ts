// Stage 1 against a real SQL Server: the catalog of a database holding every SQL Server type and
// awkward names is read by the real source reader and becomes the expected Postgres tables.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readCatalogFromServer } from '../../src/sqlserver/index.js';
import { replicateSchema } from '../../src/stages/replicate-schema.js';
import { progressFilePath } from '../../src/progress/paths.js';
import type { ProgressFile } from '../../src/progress/types.js';
import type { StageSummary } from '../../src/run/events.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { AWKWARD_TARGET_TABLES, EVERY_TYPE_COLUMNS, everyTypeSourceScript } from '../fixtures/e2e-every-type.js';
import { e2eConfig, queryAsText } from '../fixtures/e2e-postgres-text.js';
import { createSqlServerDatabase, type SqlServerTestDatabase } from '../fixtures/e2e-sqlserver-database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { describeWithSqlServer } from './harness.js';
import { WHOLE_SELECTION } from '../../src/run/window.js';

describeWithSqlServer('replicate schema from a real SQL Server', (server) => {
  let source: SqlServerTestDatabase;
  let target: TestDatabase;
  let summary: StageSummary;
  let progressDir: string;

  beforeAll(async () => {
    source = await createSqlServerDatabase(server.url);
    target = await createTestDatabase();
    await source.runScript(everyTypeSourceScript());
    const config = e2eConfig(source.url, target.url);
    progressDir = config.progressDir;
    summary = await replicateSchema(
      { config, loadCatalog: () => readCatalogFromServer(config.source), target: { mode: 'live', openTarget: (max) => openTargetPool(config.target.url, max) } },
      { window: WHOLE_SELECTION, dropExisting: false, primaryKeys: true },
    );
  });

  afterAll(async () => {
    await target?.drop();
    await source?.drop();
  });

  it('creates every table, awkward names included, and fails none', async () => {
    expect(summary.failed).toEqual([]);
    expect(summary.succeeded).toBe(AWKWARD_TARGET_TABLES.size);
    const rows = await queryAsText(
      target.url,
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    expect(rows.map((r) => r['name'])).toEqual([...AWKWARD_TARGET_TABLES.values()].sort());
  });

  it('gives each SQL Server type its mapped Postgres type (format_type)', async () => {
    const rows = await queryAsText(
      target.url,
      `SELECT attname, format_type(atttypid, atttypmod) AS pg_type FROM pg_attribute
        WHERE attrelid = 'public.everytype'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    );
    const actual = Object.fromEntries(rows.map((r) => [r['attname'], r['pg_type']]));
    const expected = Object.fromEntries([['id', 'integer'], ...EVERY_TYPE_COLUMNS.map((c) => [c.name, c.pgType])]);
    expect(actual).toEqual(expected);
  });

  it('keeps identity, defaults, NOT NULL and the computed column of dbo.[order]', async () => {
    const columns = await queryAsText(
      target.url,
      `SELECT attname, format_type(atttypid, atttypmod) AS pg_type, attnotnull::text AS not_null, attidentity AS identity
         FROM pg_attribute WHERE attrelid = 'public."order"'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    );
    expect(columns).toEqual([
      { attname: 'id', pg_type: 'integer', not_null: 'true', identity: 'd' },
      { attname: 'user', pg_type: 'character varying(50)', not_null: 'true', identity: '' },
      { attname: 'select', pg_type: 'integer', not_null: 'false', identity: '' },
      { attname: 'total amount', pg_type: 'numeric(10,2)', not_null: 'true', identity: '' },
      { attname: 'status', pg_type: 'character varying(10)', not_null: 'true', identity: '' },
      { attname: 'isopen', pg_type: 'boolean', not_null: 'true', identity: '' },
      { attname: 'createdat', pg_type: 'timestamp(3) without time zone', not_null: 'true', identity: '' },
      // Computed columns become plain columns holding the copied values (decimal(10,2) * 2 is decimal(21,2)).
      { attname: 'doubled', pg_type: 'numeric(21,2)', not_null: 'false', identity: '' },
    ]);
    // The defaults behave like SQL Server's: an insert naming only [user] gets them.
    const inserted = await queryAsText(
      target.url,
      `INSERT INTO public."order" ("user") VALUES ('default check')
       RETURNING "total amount", status, isopen, (createdat IS NOT NULL)::text AS has_created_at`,
    );
    expect(inserted).toEqual([{ 'total amount': '0.00', status: 'new', isopen: 't', has_created_at: 'true' }]);
    expect(summary.warnings.some((w) => w.table === 'dbo.order' && /computed/i.test(w.message))).toBe(true);
  });

  it('creates the composite primary key of dbo.[Order Details] in key order', async () => {
    const rows = await queryAsText(
      target.url,
      `SELECT a.attname FROM pg_constraint c
         JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, position) ON true
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        WHERE c.conrelid = 'public."order details"'::regclass AND c.contype = 'p' ORDER BY k.position`,
    );
    expect(rows.map((r) => r['attname'])).toEqual(['order id', 'line no']);
  });

  it('records every table as completed in the progress file', async () => {
    const progress = JSON.parse(await readFile(progressFilePath(progressDir, 'schema'), 'utf8')) as ProgressFile;
    const statuses = Object.fromEntries(Object.entries(progress.tables).map(([name, t]) => [name, t.schema?.status]));
    expect(statuses).toEqual(Object.fromEntries([...AWKWARD_TARGET_TABLES.keys()].map((name) => [name, 'completed'])));
  });
});
