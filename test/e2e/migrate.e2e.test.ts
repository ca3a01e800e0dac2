// `mssql2pg migrate` through the real CLI against a real SQL Server: a source with
// unique constraints, a filtered index on a bit column, INCLUDE, DESC, a multi-column FK with
// CASCADE and check constraints; the four stages run in order and verify ends exact (exit 0).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { e2eCliArgs, e2eConfig, queryAsText } from '../fixtures/e2e-postgres-text.js';
import { createSqlServerDatabase, type SqlServerTestDatabase } from '../fixtures/e2e-sqlserver-database.js';
import { POSTDATA_SOURCE_SCRIPT as SOURCE_SCRIPT } from '../fixtures/e2e-postdata-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { describeWithSqlServer } from './harness.js';

describeWithSqlServer('migrate from a real SQL Server', (server) => {
  let source: SqlServerTestDatabase;
  let target: TestDatabase;
  let config: ResolvedConfig;
  let exitCode: number;

  beforeAll(async () => {
    source = await createSqlServerDatabase(server.url);
    target = await createTestDatabase();
    await source.runScript(SOURCE_SCRIPT);
    config = e2eConfig(source.url, target.url);
    exitCode = await main(['migrate', ...e2eCliArgs(config, source.url)]);
  });

  afterAll(async () => {
    await target?.drop();
    await source?.drop();
  });

  it('runs schema, data, constraints and verify, and verify finds every table exact', async () => {
    expect(exitCode).toBe(0);
    const report = JSON.parse(await readFile(path.join(config.progressDir, 'verify_report.json'), 'utf8')) as { ok: boolean };
    expect(report.ok).toBe(true);
  });

  it('creates the keys and foreign keys after the data', async () => {
    const rows = await queryAsText(
      target.url,
      `SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'f', 'u') ORDER BY 1`,
    );
    expect(rows.map((r) => r['conname'])).toEqual([
      'customers_pkey', 'fk_orderlines_orders', 'fk_orders_customers', 'pk_orderlines', 'pk_orders', 'uq_customers_email',
    ]);
  });

  it('a second migrate --resume finds everything done and still exits 0', async () => {
    expect(await main(['migrate', ...e2eCliArgs(config, source.url), '--resume'])).toBe(0);
  });
});
