// Both stages through the real CLI against a real SQL Server: every value of every SQL Server
// type must arrive in Postgres exactly (compared as the text Postgres prints), and the awkward
// tables must arrive whole, with identities ready for new rows.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { progressFilePath } from '../../src/progress/paths.js';
import type { ProgressFile } from '../../src/progress/types.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { quoteSqlServerName } from '../../scripts/demo-sql-script.js';
import { AWKWARD_TARGET_TABLES, EVERY_TYPE_COLUMNS, everyTypeSourceScript } from '../fixtures/e2e-every-type.js';
import { e2eCliArgs, e2eConfig, queryAsText } from '../fixtures/e2e-postgres-text.js';
import { createSqlServerDatabase, type SqlServerTestDatabase } from '../fixtures/e2e-sqlserver-database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { describeWithSqlServer } from './harness.js';

type TextRow = Record<string, string | null>;

describeWithSqlServer('sync data from a real SQL Server', (server) => {
  let source: SqlServerTestDatabase;
  let target: TestDatabase;
  let config: ResolvedConfig;
  let cliArgs: string[];
  let exitCodes: { schema: number; data: number };

  beforeAll(async () => {
    source = await createSqlServerDatabase(server.url);
    target = await createTestDatabase();
    await source.runScript(everyTypeSourceScript());
    config = e2eConfig(source.url, target.url);
    cliArgs = e2eCliArgs(config, source.url);
    exitCodes = {
      schema: await main(['replicate', 'schema', ...cliArgs]),
      data: await main(['sync', 'data', ...cliArgs]),
    };
  });

  afterAll(async () => {
    await target?.drop();
    await source?.drop();
  });

  it('runs both stages with exit code 0', () => {
    expect(exitCodes).toEqual({ schema: 0, data: 0 });
  });

  it('copies every value of every SQL Server type exactly', async () => {
    const expected = await expectedEveryTypeRows(source);
    const actual = await queryAsText(target.url, 'SELECT * FROM public.everytype ORDER BY id');
    expect(actual.map((r) => r['id'])).toEqual(['1', '2', '3', '4']);
    for (const [index, expectedRow] of expected.entries()) {
      for (const [column, value] of Object.entries(expectedRow)) {
        // One soft assertion per cell, so a failure names the column and row and shows all of them.
        expect.soft(actual[index]?.[column], `${column}, row ${index + 1}`).toBe(value);
      }
    }
  });

  it('copies the tables with awkward names whole', async () => {
    for (const [sourceName, targetName] of AWKWARD_TARGET_TABLES) {
      const [schema, table] = splitOnce(sourceName);
      const [sourceCount] = await source.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM ${quoteSqlServerName(schema)}.${quoteSqlServerName(table)}`,
      );
      const [pgSchema, pgTable] = splitOnce(targetName);
      const [targetCount] = await queryAsText(target.url, `SELECT count(*) AS n FROM "${pgSchema}"."${pgTable}"`);
      expect(targetCount?.['n'], targetName).toBe(String(sourceCount?.n));
    }
    expect(await queryAsText(target.url, `SELECT "größe", menge FROM public."bestellübersicht" ORDER BY "größe" COLLATE "C"`)).toEqual([
      { größe: 'groß', menge: '1' },
      { größe: 'klein', menge: null },
      { größe: '中', menge: '3' },
    ]);
    expect(await queryAsText(target.url, `SELECT camelcasecolumn, "user" FROM sales."mixedcase table" ORDER BY 1`)).toEqual([
      { camelcasecolumn: '1', user: 'dbo' },
      { camelcasecolumn: '2', user: 'ünïcödé' },
    ]);
  });

  it('keeps identity values and computed values, and moves the identity past them', async () => {
    expect(await queryAsText(target.url, `SELECT id, "user", "select", "total amount", doubled FROM public."order" ORDER BY id`)).toEqual([
      { id: '1', user: 'ådmin', select: '1', 'total amount': '10.50', doubled: '21.00' },
      { id: '3', user: '😀', select: '-5', 'total amount': '99999999.99', doubled: '199999999.98' },
    ]);
    // SQL Server would give the next row id 4 (3 was the last identity handed out).
    const [inserted] = await queryAsText(target.url, `INSERT INTO public."order" ("user") VALUES ('after sync') RETURNING id`);
    expect(inserted?.['id']).toBe('4');
  });

  it('records every table as completed with its row count', async () => {
    const progress = JSON.parse(await readFile(progressFilePath(config.progressDir, 'data'), 'utf8')) as ProgressFile;
    const data = Object.fromEntries(Object.entries(progress.tables).map(([name, t]) => [name, [t.data?.status, t.data?.rows_synced]]));
    expect(data).toEqual({
      'dbo.Bestellübersicht': ['completed', 3],
      'dbo.EveryType': ['completed', 4],
      'dbo.order': ['completed', 2],
      'dbo.Order Details': ['completed', 3],
      'sales.MixedCase Table': ['completed', 2],
    });
  });

  it('does nothing on --resume once everything is completed', async () => {
    expect(await main(['sync', 'data', '--resume', ...cliArgs])).toBe(0);
    const [count] = await queryAsText(target.url, 'SELECT count(*) AS n FROM public.everytype');
    expect(count?.['n']).toBe('4');
  });
});

/** Expected Postgres text per row of dbo.EveryType, asking SQL Server for NEWID() and rowversion values. */
async function expectedEveryTypeRows(source: SqlServerTestDatabase): Promise<TextRow[]> {
  const fromSource = EVERY_TYPE_COLUMNS.flatMap((c) => {
    const value = c.values.find((x) => x !== null && typeof x.pg !== 'string');
    return value && typeof value.pg !== 'string' ? [`${value.pg.sourceSql} AS ${quoteSqlServerName(c.name)}`] : [];
  });
  const sourceRows = await source.query<Record<string, string | null>>(
    `SELECT id${fromSource.map((s) => `, ${s}`).join('')} FROM dbo.EveryType ORDER BY id`,
  );
  return [0, 1, 2, 3].map((index) => {
    const row: TextRow = { id: String(index + 1) };
    for (const column of EVERY_TYPE_COLUMNS) {
      const value = column.values[index] ?? null;
      if (value === null) row[column.name] = null;
      else if (typeof value.pg === 'string') row[column.name] = value.pg;
      else row[column.name] = sourceRows[index]?.[column.name] ?? null;
    }
    return row;
  });
}

function splitOnce(qualified: string): [string, string] {
  const dot = qualified.indexOf('.');
  return [qualified.slice(0, dot), qualified.slice(dot + 1)];
}
