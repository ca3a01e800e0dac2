// Against a real SQL Server, through the CLI: the issue's example (`--type-override
// money=numeric(19,2)` turns 12.3456 and 0.0049 into 12.35 and 0.00) is found by verify and
// accepted only by name; and a sql_variant of every base type lands in jsonb with every digit,
// which verify (reading it its own way) finds exact. Written from the SQL Server documentation
// (SQL_VARIANT_PROPERTY, the default styles of CAST); it needs a real server to run.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { VerifyReport } from '../../src/verify/report.js';
import { e2eCliArgs, e2eConfig, queryAsText } from '../fixtures/e2e-postgres-text.js';
import { createSqlServerDatabase, type SqlServerTestDatabase } from '../fixtures/e2e-sqlserver-database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { describeWithSqlServer } from './harness.js';

const SCRIPT = `
CREATE TABLE dbo.Prices (Id int NOT NULL PRIMARY KEY, Price money NULL);
INSERT INTO dbo.Prices VALUES (1, 12.3456), (2, 0.0049), (3, 7);
GO
CREATE TABLE dbo.Props (Id int NOT NULL PRIMARY KEY, V sql_variant NULL);
INSERT INTO dbo.Props VALUES
  (1, CAST(0.1 AS float)), (2, CAST(0.1 AS real)), (3, CAST(922337203685477.5807 AS money)),
  (4, CAST('2020-01-01T12:34:56.787' AS datetime)), (5, CAST('2024-01-02T03:04:05.1234567' AS datetime2(7))),
  (6, CAST('2024-01-02T03:04:05.1234567+05:45' AS datetimeoffset(7))), (7, CAST(0x00FF41 AS varbinary(10))),
  (8, CAST(N'Grüße' AS nvarchar(20))), (9, CAST(9223372036854775807 AS bigint)), (10, CAST(1.50 AS decimal(5,2))),
  (11, CAST('23:59:59.1234567' AS time(7))), (12, CAST('6F9619FF-8B86-D011-B42D-00C04FC964FF' AS uniqueidentifier)),
  (13, CAST(1 AS bit)), (14, NULL);
`;

describeWithSqlServer('verify proves the copy, by a path of its own', (server) => {
  let source: SqlServerTestDatabase;
  let target: TestDatabase;
  let config: ResolvedConfig;
  let args: string[];

  beforeAll(async () => {
    source = await createSqlServerDatabase(server.url);
    target = await createTestDatabase();
    await source.runScript(SCRIPT);
    config = e2eConfig(source.url, target.url);
    args = [...e2eCliArgs(config, source.url), '--type-override', 'money=numeric(19,2)', '--include', 'dbo.Prices', '--include', 'dbo.Props'];
    expect(await main(['replicate', 'schema', ...args])).toBe(0);
    expect(await main(['sync', 'data', ...args])).toBe(0);
  });

  afterAll(async () => {
    await target?.drop();
    await source?.drop();
  });

  const report = async (): Promise<VerifyReport> => JSON.parse(await readFile(path.join(config.progressDir, 'verify_report.json'), 'utf8')) as VerifyReport;

  it('finds the values a narrowing override lost, and passes only when the override is accepted by name', async () => {
    expect(await queryAsText(target.url, 'SELECT price FROM public.prices ORDER BY id')).toEqual([{ price: '12.35' }, { price: '0.00' }, { price: '7.00' }]);
    expect(await main(['verify', ...args])).toBe(1);
    expect((await report()).tables.find((t) => t.table === 'dbo.Prices')).toMatchObject({
      status: 'differs',
      typeChanges: [{ rows: 2, acceptWith: 'money', examples: [{ key: 'Id=1', columns: [{ source: '12.3456', target: '12.35' }] }, { key: 'Id=2' }] }],
    });
    expect(await main(['verify', '--accept-override', 'money', ...args])).toBe(0);
  });

  it('carries every sql_variant base type exactly, and verify agrees', async () => {
    const rows = await queryAsText(target.url, `SELECT id, v->>'type' AS type, v->>'value' AS value FROM public.props ORDER BY id`);
    expect(rows.map((r) => [r.type, r.value])).toEqual([
      ['float', '0.1'],
      ['real', '0.1'],
      ['money', '922337203685477.5807'],
      ['datetime', '2020-01-01 12:34:56.787'],
      ['datetime2', '2024-01-02 03:04:05.1234567'],
      ['datetimeoffset', '2024-01-02 03:04:05.1234567 +05:45'],
      ['varbinary', '00ff41'],
      ['nvarchar', 'Grüße'],
      ['bigint', '9223372036854775807'],
      ['decimal', '1.50'],
      ['time', '23:59:59.1234567'],
      ['uniqueidentifier', '6f9619ff-8b86-d011-b42d-00c04fc964ff'],
      ['bit', '1'],
      [null, null],
    ]);
    expect(await main(['verify', '--accept-override', 'money', '--include', 'dbo.Props', ...args])).toBe(0);
    expect((await report()).tables.find((t) => t.table === 'dbo.Props')).toMatchObject({ status: 'exact', sourceRows: 14 });
  });
});
