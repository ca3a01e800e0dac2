// `npm run demo`: its SQL Server part runs only with a real SQL Server (the harness decides);
// everything that does not need one (script splitting, the summary, the "no SQL Server" exit)
// is tested on every run.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { cliEnvironment, REPO_ROOT, runCli } from '../../scripts/demo-cli.js';
import { SAMPLE_SCRIPT } from '../../scripts/demo-sample-db.js';
import { NEEDS_SQL_SERVER_MESSAGE, countPostgresRows } from '../../scripts/demo-servers.js';
import { quoteSqlServerName, splitSqlBatches, withDatabase } from '../../scripts/demo-sql-script.js';
import { compareRowCounts, formatRowCountTable, psqlHint, targetTableName } from '../../scripts/demo-summary.js';
import { parseDemoArgs, runDemo } from '../../scripts/demo.js';
import { createTestDatabase, withPgClient } from '../helpers/postgres.js';
import { describeWithSqlServer } from './harness.js';

const SAMPLE_ROW_COUNTS = {
  'dbo.Addresses': 1500,
  'dbo.Categories': 12,
  'dbo.Customers': 1000,
  'dbo.Inventory': 1600,
  'dbo.OrderLines': 6000,
  'dbo.Orders': 3000,
  'dbo.Payments': 2700,
  'dbo.Products': 400,
  'dbo.Reviews': 800,
  'dbo.Warehouses': 4,
};

describeWithSqlServer('npm run demo against a real SQL Server', (server) => {
  it('loads the sample shop, migrates it and every row count matches', async () => {
    const target = await createTestDatabase();
    const lines: string[] = [];
    try {
      const result = await runDemo({ mssqlUrl: server.url, pgUrl: target.url, write: (l) => lines.push(l), warn: (l) => lines.push(l) });
      expect(result.exitCode, lines.join('\n')).toBe(0);
      expect(Object.fromEntries(result.checks.map((c) => [c.source, c.sourceRows]))).toEqual(SAMPLE_ROW_COUNTS);
      expect(result.checks.every((c) => c.ok && c.target.startsWith('mssql2pg_demo.'))).toBe(true);
      // Running it again replaces the demo's tables instead of failing on them.
      const again = await runDemo({ mssqlUrl: server.url, pgUrl: target.url, write: () => undefined, warn: () => undefined });
      expect(again.exitCode).toBe(0);
    } finally {
      await target.drop();
    }
  }, 600_000);
});

describe('demo without a SQL Server', () => {
  it('says what it needs and exits 2 when no SQL Server can be found', async () => {
    const lines: string[] = [];
    const result = await runDemo({ env: {}, findSqlServer: async () => null, write: (l) => lines.push(l), warn: (l) => lines.push(`warn: ${l}`) });
    expect(result).toEqual({ exitCode: 2, checks: [] });
    expect(lines).toEqual([`warn: ${NEEDS_SQL_SERVER_MESSAGE}`]);
    expect(NEEDS_SQL_SERVER_MESSAGE).toContain('MSSQL_URL=mssql://');
  });

  const target = inject('sqlServerTarget');
  // Only meaningful where the harness found neither MSSQL_TEST_URL nor Docker: elsewhere the
  // real script would find a server and run the whole demo.
  it.skipIf(!target || !('skip' in target))('npm run demo exits 2 with the message on a machine without SQL Server or Docker', async () => {
    const env = { ...process.env };
    delete env['MSSQL_URL'];
    delete env['MSSQL_TEST_URL'];
    const { code, stderr } = await runScript(['--import', 'tsx', 'scripts/demo.ts'], env);
    expect(stderr).toContain(NEEDS_SQL_SERVER_MESSAGE);
    expect(code).toBe(2);
  }, 60_000);

  it('runs the real CLI as a child and passes its exit code on (3: SQL Server unreachable)', async () => {
    const target = await createTestDatabase();
    try {
      const closedPort = 'mssql://sa:pw@127.0.0.1:1/master?encrypt=false&trustServerCertificate=true&connectTimeoutMs=2000';
      const progressDir = await mkdtemp(path.join(os.tmpdir(), 'mssql2pg-demo-test-'));
      const code = await runCli({ args: ['replicate', 'schema', '--progress-dir', progressDir], mssqlUrl: closedPort, pgUrl: target.url });
      expect(code).toBe(3);
    } finally {
      await target.drop();
    }
  }, 60_000);

  it('counts the rows of every Postgres table, awkward names included', async () => {
    const target = await createTestDatabase();
    try {
      await withPgClient(target.url, (c) =>
        c.query(`CREATE TABLE public.orders (id int); INSERT INTO public.orders VALUES (1), (2);
                 CREATE SCHEMA "Odd S"; CREATE TABLE "Odd S"."t x" (a int);`),
      );
      expect(await countPostgresRows(target.url)).toEqual(new Map([['Odd S.t x', 0], ['public.orders', 2]]));
    } finally {
      await target.drop();
    }
  });

  it('rejects unknown arguments and knows --keep and --help', () => {
    expect(parseDemoArgs([])).toEqual({ keep: false, help: false });
    expect(parseDemoArgs(['--keep'])).toEqual({ keep: true, help: false });
    expect(parseDemoArgs(['-h'])).toEqual({ keep: false, help: true });
    expect(() => parseDemoArgs(['--kep'])).toThrow(/Unknown argument --kep/);
  });
});

describe('sample-shop.sql and its batches', () => {
  it('splits on GO lines only, dropping comment-only batches', () => {
    const script = ['-- header', 'GO', 'SELECT 1;', '  go  ', "SELECT 'GO' AS going;", 'GOTO x;', 'Go', ''].join('\n');
    expect(splitSqlBatches(script)).toEqual(['SELECT 1;', "SELECT 'GO' AS going;\nGOTO x;"]);
    expect(splitSqlBatches('SELECT 1;\r\nGO\r\nSELECT 2;')).toEqual(['SELECT 1;', 'SELECT 2;']);
  });

  it('starts with the CREATE DATABASE batch and leaves no GO in any batch', async () => {
    const batches = splitSqlBatches(await readFile(SAMPLE_SCRIPT, 'utf8')).map(withoutCommentLines);
    expect(batches[0]).toBe("IF DB_ID(N'mssql2pg_demo') IS NULL CREATE DATABASE mssql2pg_demo;");
    expect(batches[1]).toBe('USE mssql2pg_demo;');
    expect(batches.length).toBeGreaterThan(10);
    for (const batch of batches) expect(batch).not.toMatch(/^\s*GO\s*$/im);
    const created = batches.join('\n').match(/^CREATE TABLE dbo\.(\w+)/gm) ?? [];
    expect(created.map((c) => c.replace('CREATE TABLE ', '')).sort()).toEqual(Object.keys(SAMPLE_ROW_COUNTS));
  });

  it('rewrites the database of a URL and keeps credentials and options', () => {
    const url = 'mssql://sa:p%40ss%3Aw@db.local:1433/master?encrypt=false&trustServerCertificate=true';
    expect(withDatabase(url, 'mssql2pg_demo')).toBe(
      'mssql://sa:p%40ss%3Aw@db.local:1433/mssql2pg_demo?encrypt=false&trustServerCertificate=true',
    );
    expect(withDatabase('postgres://u:pw@127.0.0.1:5432/postgres', 'my db')).toBe('postgres://u:pw@127.0.0.1:5432/my%20db');
    expect(quoteSqlServerName('odd]name')).toBe('[odd]]name]');
  });
});

describe('demo summary', () => {
  it('maps source tables to the names the CLI creates', () => {
    expect(targetTableName('dbo.OrderLines', null)).toBe('public.orderlines');
    expect(targetTableName('Sales.Order.Lines', null)).toBe('sales.order.lines');
    expect(targetTableName('dbo.Orders', 'mssql2pg_demo')).toBe('mssql2pg_demo.orders');
  });

  it('flags a missing table and a count mismatch', () => {
    const checks = compareRowCounts(
      new Map([['dbo.A', 2], ['dbo.B', 3], ['dbo.C', 0]]),
      new Map([['public.a', 2], ['public.b', 4]]),
      null,
    );
    expect(checks.map((c) => [c.source, c.targetRows, c.ok])).toEqual([
      ['dbo.A', 2, true],
      ['dbo.B', 4, false],
      ['dbo.C', null, false],
    ]);
    const table = formatRowCountTable(checks);
    expect(table[0]).toMatch(/^SQL Server table\s+rows\s+PostgreSQL table\s+rows$/);
    expect(table[2]).toMatch(/dbo\.B\s+3\s+public\.b\s+4\s+MISMATCH/);
    expect(table[3]).toMatch(/dbo\.C\s+0\s+public\.c\s+missing\s+MISMATCH/);
    expect(table.at(-1)).toBe('1 of 3 tables match, 5 rows in SQL Server.');
  });

  it('never prints the Postgres password in the psql hint', () => {
    const hint = psqlHint('postgres://postgres:s3cret@127.0.0.1:5432/mssql2pg_demo', '/tmp/demo/pg-url', null).join('\n');
    expect(hint).toContain('psql "$(cat /tmp/demo/pg-url)"');
    expect(hint).toContain('postgres://postgres:***@127.0.0.1:5432/mssql2pg_demo');
    expect(hint).not.toContain('s3cret');
    expect(psqlHint('postgres://u:pw@h/db', null, 'mssql2pg_demo').join('\n')).toMatch(/psql "\$PG_URL"[\s\S]*SET search_path = mssql2pg_demo;/);
  });

  it('gives the CLI child only MSSQL_URL for the source, so stray MSSQL_* variables cannot redirect it', () => {
    const env = cliEnvironment({ PATH: '/bin', MSSQL_DATABASE: 'prod', MSSQL_PASSWORD: 'x', PG_URL: 'old' }, { mssqlUrl: 'mssql://a', pgUrl: 'postgres://b' });
    expect(env).toEqual({ PATH: '/bin', MSSQL_URL: 'mssql://a', PG_URL: 'postgres://b' });
  });
});

function withoutCommentLines(batch: string): string {
  return batch
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .trim();
}

function runScript(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}
