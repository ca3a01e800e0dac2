// Failures of our own, not of a table: a progress file that can no longer be written, and a
// promise rejected with nobody to catch it. Both used to kill the process (exit 1, no summary,
// tables left "in progress"); now they stop the run as an interrupt does: the running table is
// cancelled and rolled back, the summary is printed, and the exit code is 3 with the cause.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressFile } from '../../src/progress/types.js';
import { cliPiped, workDir } from '../helpers/cli-process.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { createTargets, rowsOf } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';
import { indexedTable, type WorkerSourceArgs } from '../helpers/worker-memory-source.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TABLES: WorkerSourceArgs = {
  tables: [{ schema: 'dbo', name: 'Big', rows: 100_000 }, { schema: 'dbo', name: 'Keyed', rows: 30_000 }],
  slowEveryRows: 500,
  slowMs: 20,
};

let db: TestDatabase;
let cwd: string;
beforeEach(async () => {
  db = await createTestDatabase();
  cwd = workDir();
  await createTargets(testConfig(db.url, { progressDir: path.join(cwd, 'setup-progress') }), TABLES.tables.map(indexedTable));
});
afterEach(async () => {
  await expectNoOpenConnections(db.name, 5_000);
  await db.drop();
});

const progressFile = () => path.join(cwd, 'progress', 'data_sync_progress.json');
function bigProgress() {
  if (!existsSync(progressFile())) return undefined;
  try {
    return (JSON.parse(readFileSync(progressFile(), 'utf8')) as ProgressFile).tables['dbo.Big']?.data;
  } catch {
    return undefined;
  }
}
async function until(what: string, check: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output()}`);
    await sleep(25);
  }
}

describe('a progress file that cannot be written', () => {
  it('stops the run: exit 3, the summary, the message naming the file and the OS error, the running table rolled back', async () => {
    const run = cliPiped(TABLES, ['sync', 'data', '--parallel', '1', '--chunk-rows', '0'], cwd, { pgUrl: db.url });
    await until('dbo.Big copying', () => (bigProgress()?.rows_synced ?? 0) > 0, run.stderr);
    // The directory disappears and a file takes its name: every later write of the progress
    // file fails with a real OS error.
    const dir = path.join(cwd, 'progress');
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a directory');
    const { code, stdout, stderr } = await run.exited;
    expect(code).toBe(3);
    expect(stdout).toContain('Data sync summary (stopped by an error)');
    expect(stdout).toMatch(/Stopped: +Could not save progress file .*data_sync_progress\.json: E(EXIST|NOTDIR)/);
    expect(stderr).toMatch(new RegExp(`Error: Could not save progress file ${dir.replaceAll('/', '\\/')}\\/data_sync_progress\\.json: E(EXIST|NOTDIR)`));
    expect(stdout).toMatch(/dbo\.Big: interrupted \(Could not save progress file/);
    expect(await rowsOf(db.url, 'SELECT count(*)::int FROM public.big')).toEqual([[0]]);
  }, 60_000);
});

describe('an unhandled rejection', () => {
  it('becomes the same clean stop: exit 3, the summary with the error, the running table rolled back and marked interrupted', async () => {
    // dbo.Big (largest first) is copying when dbo.Keyed's range plan starts reading its key
    // bounds, where a promise is rejected with nobody to catch it.
    const run = cliPiped({ ...TABLES, plantUnhandledRejectionAt: 'dbo.Keyed' }, ['sync', 'data', '--parallel', '2', '--chunk-rows', '10000'], cwd, { pgUrl: db.url });
    const { code, stdout, stderr } = await run.exited;
    expect(code).toBe(3);
    expect(stderr).toContain('unexpected error: planted: a promise nobody awaited: stopping the run');
    expect(stdout).toContain('Data sync summary (stopped by an error)');
    expect(stdout).toContain('Stopped:   unexpected error: planted: a promise nobody awaited');
    expect(bigProgress()).toMatchObject({ status: 'failed', rows_synced: 0, error: expect.stringContaining('interrupted (unexpected error: planted') });
    expect(await rowsOf(db.url, 'SELECT count(*)::int FROM public.big')).toEqual([[0]]);
  }, 60_000);
});
