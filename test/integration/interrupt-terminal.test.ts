// One interrupt path for every renderer (issue: Ctrl-C in a real terminal ended with exit 127, no
// summary, tables left "in progress" and verify's scratch tables behind, because the live view's
// library had its own SIGINT handler). Each test runs the real CLI in a pseudo-terminal (the
// live view draws) or piped, presses Ctrl-C or sends SIGTERM mid-run, and checks the same clean
// stop: exit 130, the summary with its resume line, the progress file, nothing left behind.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressFile } from '../../src/progress/types.js';
import { cliInPty, cliPiped, workDir } from '../helpers/cli-process.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { plainText, ptyAvailable, type PtyRun } from '../helpers/pty.js';
import { proxyPostgresUrl } from '../helpers/tcp-proxy.js';
import { createTargets, rowsOf } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';
import { indexedTable, type WorkerSourceArgs } from '../helpers/worker-memory-source.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// dbo.Big in 10 key ranges, slow enough to be caught in the middle.
const TABLES: WorkerSourceArgs = {
  tables: [{ schema: 'dbo', name: 'Big', rows: 100_000 }, { schema: 'dbo', name: 'Small', rows: 50 }],
  slowEveryRows: 500,
  slowMs: 20,
};

let db: TestDatabase;
let cwd: string;
let running: PtyRun | undefined;
beforeEach(async () => {
  db = await createTestDatabase();
  cwd = workDir();
  // Stage 1 in this process, into the tables the CLI child then fills.
  await createTargets(testConfig(db.url, { progressDir: path.join(cwd, 'progress') }), TABLES.tables.map(indexedTable));
});
afterEach(async () => {
  running?.kill();
  running = undefined;
  await expectNoOpenConnections(db.name, 5_000);
  await db.drop();
});

function dataProgress(): ProgressFile['tables'] {
  const file = path.join(cwd, 'progress', 'data_sync_progress.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ProgressFile).tables : {};
}

async function until(what: string, check: () => boolean, run: { output(): string }, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${plainText(run.output())}`);
    await sleep(25);
  }
}

const committedRanges = () => dataProgress()['dbo.Big']?.data?.chunks_done ?? 0;

async function scratchAndBookkeeping(): Promise<{ rows: number; recorded: number; verifySchema: boolean }> {
  const [[rows, recorded, verifySchema]] = (await rowsOf(
    db.url,
    `SELECT (SELECT count(*)::int FROM public.big),
            (SELECT CASE WHEN to_regclass('mssql2pg.loaded_ranges') IS NULL THEN 0
                         ELSE (xpath('/row/n/text()', query_to_xml('SELECT coalesce(sum(rows), 0) AS n FROM mssql2pg.loaded_ranges', false, true, '')))[1]::text::int END),
            EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'mssql2pg_verify')`,
  )) as [[number, number, boolean]];
  return { rows, recorded, verifySchema };
}

describe.skipIf(!ptyAvailable())('Ctrl-C in a real terminal', () => {
  it('sync data: exit 130, the summary with the resume line, the table marked interrupted, committed ranges kept', async () => {
    const run = (running = cliInPty(TABLES, ['sync', 'data', '--parallel', '2', '--chunk-rows', '10000'], cwd, { pgUrl: db.url }));
    await until('two committed key ranges', () => committedRanges() >= 2, run);
    // The live view is drawing (a terminal, not plain lines): its per-table chunk count is on screen.
    await until('the live view', () => /chunks \d+\/10/.test(plainText(run.output())), run);
    run.type('\u0003');
    expect(await run.exited).toBe(130);

    const screen = plainText(run.output());
    expect(screen).toContain('SIGINT: stopping.');
    expect(screen).toContain('Data sync summary (interrupted)');
    expect(screen).toMatch(/Rows: +[\d,]+ committed/);
    expect(screen).toContain(`Fix the problems above, then run: mssql2pg sync data --parallel 2 --chunk-rows 10000 --progress-dir ${path.join(cwd, 'progress')} --resume`);
    expect(screen).not.toContain('127');
    const big = dataProgress()['dbo.Big']!.data!;
    expect(big).toMatchObject({ status: 'failed', error: expect.stringContaining('interrupted') });
    expect(big.error).toContain('SIGINT');
    // What the file counts is what is in the table: the committed ranges, nothing rolled back.
    const target = await scratchAndBookkeeping();
    expect(target.rows).toBe(target.recorded);
    expect(big.rows_synced).toBe(target.rows);
    expect(existsSync(path.join(cwd, 'progress', 'data_sync_progress.json.lock'))).toBe(false);
  }, 60_000);

  it('verify: exit 130, the summary, and no scratch tables left in mssql2pg_verify', async () => {
    const load = cliPiped({ tables: TABLES.tables }, ['sync', 'data', '--chunk-rows', '0'], cwd, { pgUrl: db.url });
    expect((await load.exited).code).toBe(0);
    const run = (running = cliInPty(TABLES, ['verify', '--parallel', '1'], cwd, { pgUrl: db.url }));
    await until('verify reading dbo.Big', () => /dbo\.Big: [\d,]+ of ~/.test(plainText(run.output())), run);
    const during = await rowsOf(db.url, `SELECT count(*)::int FROM pg_tables WHERE schemaname = 'mssql2pg_verify'`);
    expect(during).toEqual([[expect.any(Number)]]);
    run.type('\u0003');
    expect(await run.exited).toBe(130);
    const screen = plainText(run.output());
    expect(screen).toContain('Verify summary (interrupted)');
    expect(screen).toContain('Report written to');
    expect((await scratchAndBookkeeping()).verifySchema).toBe(false);
  }, 60_000);

  // Postgres stops answering mid-COPY (frozen connections): the rollback the first Ctrl-C asks
  // for cannot finish, and the second one must not wait for it.
  it('a second Ctrl-C exits at once, saying so', async () => {
    const viaProxy = await proxyPostgresUrl(db.url);
    try {
      const run = (running = cliInPty(TABLES, ['sync', 'data', '--parallel', '1', '--chunk-rows', '0'], cwd, { pgUrl: viaProxy.url }));
      await until('dbo.Big copying', () => (dataProgress()['dbo.Big']?.data?.rows_synced ?? 0) > 0, run);
      viaProxy.proxy.freeze();
      run.type('\u0003');
      // While the live view draws, it says so in its title (stderr lines appear when it ends).
      await until('the live view saying it stops', () => plainText(run.output()).includes('stopping, rolling back the running tables'), run);
      await sleep(500);
      run.type('\u0003');
      expect(await run.exited).toBe(130);
      expect(plainText(run.output())).toContain('SIGINT again: exiting now');
      expect(plainText(run.output())).not.toContain('Data sync summary');
    } finally {
      await viaProxy.proxy.close();
    }
    // Whatever was in flight never committed.
    expect((await scratchAndBookkeeping()).rows).toBe(0);
  }, 60_000);
});

describe('SIGTERM (a supervisor stopping the run)', () => {
  it('stops like Ctrl-C: exit 130, summary and resume line, the table marked interrupted and rolled back', async () => {
    const run = cliPiped(TABLES, ['sync', 'data', '--parallel', '1', '--chunk-rows', '0'], cwd, { pgUrl: db.url });
    await until('dbo.Big copying', () => (dataProgress()['dbo.Big']?.data?.rows_synced ?? 0) > 0, { output: run.stdout });
    run.kill('SIGTERM');
    const { code, stdout, stderr } = await run.exited;
    expect(code).toBe(130);
    expect(stderr).toContain('SIGTERM: stopping.');
    expect(stdout).toContain('Data sync summary (interrupted)');
    expect(stdout).toContain('then run: mssql2pg sync data --parallel 1 --chunk-rows 0 --progress-dir');
    expect(dataProgress()['dbo.Big']!.data).toMatchObject({ status: 'failed', rows_synced: 0, error: expect.stringContaining('SIGTERM') });
    expect((await scratchAndBookkeeping()).rows).toBe(0);
  }, 60_000);
});
