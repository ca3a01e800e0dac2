// Key-range chunks against a real SQL Server: a bigint identity table bigger than
// --chunk-rows is read in ranges (MIN/MAX, then parameterized range SELECTs on worker threads),
// copied exactly, and after a SIGKILL of the CLI mid-table, `--resume` ends with exactly the
// source rows and no key twice.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { progressFilePath } from '../../src/progress/paths.js';
import type { ProgressFile, TableStageProgress } from '../../src/progress/types.js';
import { e2eCliArgs, e2eConfig, queryAsText } from '../fixtures/e2e-postgres-text.js';
import { createSqlServerDatabase, type SqlServerTestDatabase } from '../fixtures/e2e-sqlserver-database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { describeWithSqlServer } from './harness.js';

const ROWS = 300_000;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

// Keys start far beyond 2^53 and skip a few values, so bounds must travel as exact text.
const SCRIPT = `
CREATE TABLE dbo.Chunky (
  Id bigint IDENTITY(9007199254740000, 3) NOT NULL CONSTRAINT PK_Chunky PRIMARY KEY CLUSTERED,
  Name nvarchar(50) NOT NULL,
  Amount decimal(18,4) NULL
);
GO
WITH n AS (
  SELECT TOP (${ROWS}) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS i
  FROM sys.all_columns a CROSS JOIN sys.all_columns b
)
INSERT INTO dbo.Chunky (Name, Amount)
SELECT CONCAT(N'row ', i, N' ü'), CASE WHEN i % 7 = 0 THEN NULL ELSE i / 100.0 END FROM n ORDER BY i;
GO
UPDATE STATISTICS dbo.Chunky;
`;

interface Fingerprint {
  n: string;
  ids: string;
  amounts: string | null;
}

describeWithSqlServer('sync data in key ranges from a real SQL Server', (server) => {
  let source: SqlServerTestDatabase;
  let target: TestDatabase;
  let args: string[];
  let progressFile: string;
  let expected: Fingerprint;

  beforeAll(async () => {
    source = await createSqlServerDatabase(server.url);
    target = await createTestDatabase();
    await source.runScript(SCRIPT);
    const config = e2eConfig(source.url, target.url);
    args = e2eCliArgs(config, source.url);
    progressFile = progressFilePath(config.progressDir, 'data');
    expect(await main(['replicate', 'schema', ...args])).toBe(0);
    const [row] = await source.query<{ n: number; ids: string; amounts: string | null }>(
      `SELECT COUNT_BIG(*) AS n, CONVERT(varchar(40), SUM(CAST(Id AS decimal(38,0)))) AS ids, CONVERT(varchar(40), SUM(Amount)) AS amounts FROM dbo.Chunky`,
    );
    expected = { n: String(row!.n), ids: row!.ids, amounts: row!.amounts };
  }, 300_000);

  afterAll(async () => {
    await target?.drop();
    await source?.drop();
  });

  const fingerprint = async (): Promise<Fingerprint & { distinct: string }> => {
    const [row] = await queryAsText(
      target.url,
      'SELECT count(*) AS n, count(DISTINCT id) AS distinct, sum(id::numeric)::text AS ids, sum(amount)::text AS amounts FROM public.chunky',
    );
    return row as unknown as Fingerprint & { distinct: string };
  };
  const chunky = (): TableStageProgress | undefined =>
    existsSync(progressFile) ? (JSON.parse(readFileSync(progressFile, 'utf8')) as ProgressFile).tables['dbo.Chunky']?.data : undefined;

  it('copies the table in ranges exactly', async () => {
    expect(await main(['sync', 'data', '--chunk-rows', '50000', '--parallel', '2', ...args])).toBe(0);
    expect(await fingerprint()).toEqual({ ...expected, distinct: expected.n });
    expect(chunky()).toMatchObject({ status: 'completed', rows_synced: ROWS, chunks_done: chunky()?.chunks_total });
    expect(Number(chunky()?.chunks_total)).toBeGreaterThanOrEqual(5);
  }, 300_000);

  it('after SIGKILL mid-table, --resume copies exactly the source rows', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sync', 'data', '--chunk-rows', '20000', '--parallel', '2', ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const deadline = Date.now() + 120_000;
    // Kill once some ranges of this run's plan committed and others have not.
    for (;;) {
      const p = chunky();
      if (p?.status === 'in_progress' && (p.chunks_done ?? 0) >= 2) break;
      if (proc.exitCode !== null || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    proc.kill('SIGKILL');
    await exited;
    const atKill = await fingerprint();
    expect(atKill.n).toBe(atKill.distinct);

    expect(await main(['sync', 'data', '--resume', '--chunk-rows', '20000', ...args])).toBe(0);
    expect(await fingerprint()).toEqual({ ...expected, distinct: expected.n });
    expect(chunky()).toMatchObject({ status: 'completed', rows_synced: ROWS, ranges_pending: [] });
  }, 300_000);
});
