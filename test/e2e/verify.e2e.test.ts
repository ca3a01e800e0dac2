// `mssql2pg verify` through the real CLI against a real SQL Server: after both stages every
// table of every SQL Server type is exact (the 7th-digit rounding is not a difference), read in
// key ranges by the parameterised SELECT; a value changed in the target is named by its key.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { VerifyReport } from '../../src/verify/report.js';
import { everyTypeSourceScript } from '../fixtures/e2e-every-type.js';
import { e2eCliArgs, e2eConfig, queryAsText } from '../fixtures/e2e-postgres-text.js';
import { createSqlServerDatabase, type SqlServerTestDatabase } from '../fixtures/e2e-sqlserver-database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { describeWithSqlServer } from './harness.js';

describeWithSqlServer('verify against a real SQL Server', (server) => {
  let source: SqlServerTestDatabase;
  let target: TestDatabase;
  let config: ResolvedConfig;
  let cliArgs: string[];

  beforeAll(async () => {
    source = await createSqlServerDatabase(server.url);
    target = await createTestDatabase();
    await source.runScript(everyTypeSourceScript());
    config = e2eConfig(source.url, target.url);
    cliArgs = e2eCliArgs(config, source.url);
    expect(await main(['replicate', 'schema', ...cliArgs])).toBe(0);
    expect(await main(['sync', 'data', ...cliArgs])).toBe(0);
  });

  afterAll(async () => {
    await target?.drop();
    await source?.drop();
  });

  const report = async (): Promise<VerifyReport> =>
    JSON.parse(await readFile(path.join(config.progressDir, 'verify_report.json'), 'utf8')) as VerifyReport;

  it('finds every table exact, also when read in key ranges of 1 row', async () => {
    expect(await main(['verify', ...cliArgs])).toBe(0);
    expect(await main(['verify', '--range-rows', '1', ...cliArgs])).toBe(0);
    expect((await report()).tables.every((t) => t.status === 'exact')).toBe(true);
    expect(await main(['verify', '--counts-only', ...cliArgs])).toBe(0);
  });

  it('names a value changed in the target by its key, and exits 1', async () => {
    await queryAsText(target.url, `UPDATE public."order" SET "total amount" = 1 WHERE id = 3`);
    expect(await main(['verify', '--range-rows', '1', ...cliArgs])).toBe(1);
    const order = (await report()).tables.find((t) => t.table === 'dbo.order');
    expect(order).toMatchObject({ status: 'differs', differences: [{ kind: 'changed', key: 'id=3' }] });
  });
});
