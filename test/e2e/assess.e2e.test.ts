// `mssql2pg assess` and the objects beyond tables against a real SQL Server: the sample shop
// (scripts/sample-shop.sql, loaded into a fresh database) with its views, sequence, procedure,
// function and trigger. assess reads every catalog view it needs (none unavailable on SQL
// Server) and lists each object with its verdict; migrate then creates the translated views
// and the sequence, exports the rest to progress/unmigrated/, and ends with the account.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { splitSqlBatches } from '../../scripts/demo-sql-script.js';
import { main } from '../../src/cli/main.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { e2eCliArgs, e2eConfig, queryAsText } from '../fixtures/e2e-postgres-text.js';
import { createSqlServerDatabase, type SqlServerTestDatabase } from '../fixtures/e2e-sqlserver-database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { describeWithSqlServer } from './harness.js';

async function captured(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(((c: unknown) => ((stdout += String(c)), true)) as typeof process.stdout.write);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(((c: unknown) => ((stderr += String(c)), true)) as typeof process.stderr.write);
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describeWithSqlServer('assess and the objects beyond tables, on the sample shop', (server) => {
  let source: SqlServerTestDatabase;
  let target: TestDatabase;
  let config: ResolvedConfig;

  beforeAll(async () => {
    source = await createSqlServerDatabase(server.url);
    target = await createTestDatabase();
    const script = await readFile(new URL('../../scripts/sample-shop.sql', import.meta.url), 'utf8');
    // Its first two batches create and USE the demo's own database; the rest fills this one.
    await source.runScript(splitSqlBatches(script).slice(2).join('\nGO\n'));
    config = e2eConfig(source.url, target.url);
  });

  afterAll(async () => {
    await target?.drop();
    await source?.drop();
  });

  it('assess lists every object with its verdict, reading every catalog view it needs', async () => {
    const r = await captured(['assess', '--mssql-url', source.url, '--config', config.configFile ?? '', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { unavailable: unknown[]; counts: Record<string, Record<string, number>>; items: { kind: string; name: string; verdict: string }[] };
    expect(json.unavailable).toEqual([]);
    expect(json.counts['table']).toEqual({ copied: 10 });
    expect(json.counts['view']).toEqual({ translated: 4, exported: 1 });
    const verdict = (kind: string, name: string) => json.items.find((i) => i.kind === kind && i.name === name)?.verdict;
    expect(verdict('view', 'dbo.vMonthlySales')).toBe('exported');
    expect(verdict('sequence', 'dbo.InvoiceNumbers')).toBe('translated');
    expect(verdict('procedure', 'dbo.usp_NextInvoiceNumber')).toBe('exported');
    expect(verdict('function', 'dbo.fn_OrderCount')).toBe('exported');
    expect(verdict('trigger', 'dbo.trg_Reviews_NoNegativeHelpful')).toBe('exported');
    expect(verdict('check', 'dbo.Reviews.CK_Reviews_Rating')).toBe('translated');
  });

  it('assess prints the summary and writes the Markdown report', async () => {
    const report = path.join(path.dirname(config.progressDir), 'assess.md');
    const r = await captured(['assess', '--mssql-url', source.url, '--config', config.configFile ?? '', '--report', report]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Assessment of mssql2pg_e2e_/);
    expect(await readFile(report, 'utf8')).toContain('## Views (5)');
  });

  it('migrate creates the translated views and the sequence, exports the rest, and ends with the account', async () => {
    const r = await captured(['migrate', ...e2eCliArgs(config, source.url)]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Not migrated from mssql2pg_e2e_\w+: 1 view, 1 procedure, 1 function and 1 trigger were exported/);
    const views = await queryAsText(target.url, `SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY 1`);
    expect(views.map((v) => v['viewname'])).toEqual(['vcustomerordertotals', 'vproductcatalog', 'vtopreviewedproducts', 'vvipcustomers']);
    // The sequence was never used: its next value is its start.
    expect(await queryAsText(target.url, `SELECT nextval('public.invoicenumbers') AS n`)).toEqual([{ n: '100000' }]);
    const files = await readdir(path.join(config.progressDir, 'unmigrated'));
    expect(files.sort()).toEqual([
      'function.dbo.fn_OrderCount.sql', 'procedure.dbo.usp_NextInvoiceNumber.sql', 'trigger.dbo.trg_Reviews_NoNegativeHelpful.sql', 'view.dbo.vMonthlySales.sql',
    ]);
  });
});
