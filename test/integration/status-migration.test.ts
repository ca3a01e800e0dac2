// `mssql2pg status` on what real runs leave: every stage of a migrate run (stages never started,
// verify left out by --skip-verify), the next command, a counts-only verify called what it is,
// and the schemas mssql2pg left in the target (issue: kill -9 during verify left 39 MB of
// scratch tables nobody mentioned); without a target URL status still works and says it did
// not look. The resume command it prints is the run's own and works from any directory.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { cliArgv, cliEnv, cliPiped, workDir } from '../helpers/cli-process.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { memorySourceDatabase } from '../helpers/memory-source-database.js';
import { createTestDatabase, withPgClient, type TestDatabase } from '../helpers/postgres.js';
import { createTargets, dataProgress, rowsOf } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';
import { indexedTable, type WorkerSourceArgs } from '../helpers/worker-memory-source.js';
import { shellQuote } from '../../src/progress/recorded-command.js';

const TABLES: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Album', rows: 30 }, { schema: 'dbo', name: 'Artist', rows: 20 }] };

let db: TestDatabase;
let cwd: string;
let savedEnv: NodeJS.ProcessEnv;
beforeEach(async () => {
  db = await createTestDatabase();
  cwd = workDir();
  savedEnv = { ...process.env };
  process.env.MSSQL_URL = 'mssql://migrator:NotUsed-1@memory/src';
  for (const name of ['MSSQL2PG_PROGRESS_DIR', 'PG_URL', 'PG_CONNECT_TIMEOUT_MS']) delete process.env[name];
});
afterEach(async () => {
  process.env = savedEnv;
  vi.restoreAllMocks();
  await expectNoOpenConnections(db.name, 5_000);
  await db.drop();
});

async function cli(argv: string[], env: Record<string, string | undefined> = { PG_URL: db.url }): Promise<{ code: number; out: string }> {
  let out = '';
  const capture = ((c: unknown) => ((out += String(c)), true)) as typeof process.stdout.write;
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return { code: await main(argv, { source: memorySourceDatabase(TABLES), cwd }), out };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('status after migrate --skip-verify', () => {
  it('lists every stage, verify as skipped, suggests verify with the run\'s flags, and the schemas left in the target', async () => {
    expect((await cli(['migrate', '--skip-verify', '--parallel', '1', '--include', 'dbo.*'])).code).toBe(0);
    // What a verify killed with -9 leaves behind.
    await withPgClient(db.url, (c) => c.query('CREATE SCHEMA mssql2pg_verify; CREATE UNLOGGED TABLE mssql2pg_verify.v1_x_0 AS SELECT g FROM generate_series(1, 1000) g'));
    const status = await cli(['status']);
    expect(status.code).toBe(0);
    const progress = path.join(cwd, 'progress');
    expect(status.out).toContain('Migration (mssql2pg migrate, started ');
    expect(status.out).toMatch(/ {2}replicate constraints {2}completed \(2 tables\)/);
    expect(status.out).toContain('  verify                 skipped (left out by --skip-verify)');
    expect(status.out).toContain(`  Next:  mssql2pg verify --include 'dbo.*' --progress-dir ${progress}   (every stage completed; verify was skipped`);
    expect(status.out).toMatch(/Target database 127\.0\.0\.1:\d+ \(postgres:\/\/[^:]+:\*\*\*@/);
    expect(status.out).toMatch(/mssql2pg_verify: 1 table, [\d.]+ MB: scratch tables an older mssql2pg's verify left .*DROP SCHEMA mssql2pg_verify CASCADE;/);
    expect(status.out).not.toContain(new URL(db.url).password);
  }, 60_000);

  it('a counts-only verify is shown as counts only, never as exact, and is not the end of the job', async () => {
    expect((await cli(['migrate', '--counts-only', '--parallel', '1'])).code).toBe(0);
    const status = await cli(['status']);
    expect(status.out).toContain('(counts only): counts match on all 2 tables; values were not compared');
    expect(status.out).toMatch(/ {2}verify {17}counts match \(counts only, values not compared/);
    expect(status.out).not.toContain('tables exact');
    expect(status.out).toMatch(/Next: {2}mssql2pg verify /);
  }, 60_000);
});

describe('status without a reachable target', () => {
  it('works from the progress files alone and says it did not look (no URL, or a server that does not answer)', async () => {
    expect((await cli(['replicate', 'schema'])).code).toBe(0);
    const noUrl = await cli(['status'], { PG_URL: undefined });
    expect(noUrl.code).toBe(0);
    expect(noUrl.out).toContain('Schema (replicate schema)');
    expect(noUrl.out).toContain('Target database: not checked for leftover schemas (mssql2pg_verify, mssql2pg): no PostgreSQL URL given');
    const closed = await cli(['status', '--pg-connect-timeout-ms', '2000'], { PG_URL: 'postgres://u:pw-nobody@127.0.0.1:9/db' });
    expect(closed.code).toBe(0);
    expect(closed.out).toContain('Target database: not checked for leftover schemas (mssql2pg_verify, mssql2pg): could not look (Cannot connect to PostgreSQL at 127.0.0.1:9');
    expect(closed.out).not.toContain('pw-nobody');
  }, 60_000);
});

describe('the resume command status prints', () => {
  it('is the run\'s own, with absolute paths, and resumes that run when run exactly as printed from another directory', async () => {
    const slow: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Big', rows: 60_000 }], slowEveryRows: 500, slowMs: 20 };
    await createTargets(testConfig(db.url, { progressDir: path.join(cwd, 'setup') }), slow.tables.map(indexedTable));
    const run = cliPiped(slow, ['sync', 'data', '--parallel', '1', '--chunk-rows', '10000', '--progress-dir', 'runs/one'], cwd, { pgUrl: db.url });
    const config = { progressDir: path.join(cwd, 'runs', 'one') } as Parameters<typeof dataProgress>[0];
    const deadline = Date.now() + 30_000;
    for (;;) {
      let done = 0;
      try {
        done = dataProgress(config)['dbo.Big']?.chunks_done ?? 0;
      } catch {
        // not written yet
      }
      if (done >= 2) break;
      if (Date.now() > deadline) throw new Error(`no progress: ${run.stderr()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    run.kill('SIGTERM');
    const stopped = await run.exited;
    expect(stopped.code).toBe(130);
    const printed = `mssql2pg sync data --parallel 1 --chunk-rows 10000 --progress-dir ${path.join(cwd, 'runs', 'one')} --resume`;
    expect(stopped.stdout).toContain(`then run: ${printed}`);

    const status = await cli(['status', '--progress-dir', 'runs/one'], { PG_URL: undefined });
    expect(status.out).toContain(`  Resume:   ${printed}`);

    // Exactly as printed, from another directory: `mssql2pg` is the CLI over the same source.
    const elsewhere = workDir();
    const cliWords = cliArgv(slow, []).map(shellQuote).join(' ');
    const resumed = spawnSync('sh', ['-c', printed.replace(/^mssql2pg /, `${cliWords} `)], { cwd: elsewhere, env: cliEnv({ pgUrl: db.url }), encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(dataProgress(config)['dbo.Big']).toMatchObject({ status: 'completed', rows_synced: 60_000 });
    expect(await rowsOf(db.url, 'SELECT count(*)::int, count(DISTINCT id)::int FROM public.big')).toEqual([[60_000, 60_000]]);
    // Nothing in the other directory: the printed paths were absolute.
    expect(spawnSync('ls', ['-A', elsewhere], { encoding: 'utf8' }).stdout).toBe('');
  }, 90_000);
});
