// Exactly once across crashes: a chunked table's migrator process is killed with
// SIGKILL at 20 seeded random moments, each followed by `--resume` in a new process (and 10 more on
// worker threads). After every kill the target holds no duplicate key, and the final resume ends
// with exactly the source rows. Ctrl-C (SIGINT, through the CLI's own handler) exits 130.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { ProgressFile } from '../../src/progress/types.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { MemoryRowSource } from '../helpers/memory-row-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { CHILD_BIG_TABLE, childTables, digestRows, prng, seededRows, workerChildSource, type SyncChildArgs } from '../helpers/sync-child.js';
import { indexedDigest, indexedTable, openWorkerMemorySource, workerSourceSpec } from '../helpers/worker-memory-source.js';
import { createTargets, dataProgress, digestOf, rowsOf, sync } from '../helpers/sync-harness.js';
import { syncData } from '../../src/stages/sync-data.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import { syncOptions } from '../helpers/stage-options.js';
import { SYNC_DEFAULTS } from '../helpers/sync-child.js';
import { testConfig } from '../helpers/test-config.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await expectNoOpenConnections(db.name, 5_000);
  await db.drop();
});

function lastUpdated(file: string): string | null {
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, 'utf8')) as ProgressFile).last_updated;
}

/** Starts the child, waits until it has written the progress file, then kills it after `delayMs`. */
async function runAndKill(args: SyncChildArgs, progressFile: string, delayMs: number): Promise<'killed' | 'finished'> {
  const before = lastUpdated(progressFile);
  let stderr = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/sync-child.ts', JSON.stringify(args)], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  while (lastUpdated(progressFile) === before) {
    if (proc.exitCode !== null) {
      // A child that exits 0 before we saw it write finished its work: it wrote and exited
      // between two polls, or a kill landed after the table's last write, so the resume
      // found nothing left to do (and nothing to write).
      if (proc.exitCode === 0) return 'finished';
      throw new Error(`child exited early (${proc.exitCode}): ${stderr}`);
    }
    if (Date.now() > deadline) throw new Error('timed out waiting for the child to start');
    await sleep(20);
  }
  await sleep(delayMs);
  if (proc.exitCode !== null) {
    await exited;
    if (proc.exitCode !== 0) throw new Error(`child failed (${proc.exitCode}): ${stderr}`);
    return 'finished';
  }
  proc.kill('SIGKILL');
  await exited;
  return 'killed';
}

describe('sync data in key ranges, killed and resumed', () => {
  it('ends exact with no duplicate after SIGKILL at 20 random moments, each followed by --resume', async () => {
    const config = testConfig(db.url);
    const base: SyncChildArgs = {
      targetUrl: db.url, progressDir: config.progressDir, rows: 200_000, seed: 13,
      slowEveryRows: 100, slowMs: 5, chunkRows: 5_000, parallel: 2,
    };
    await createTargets(config, childTables(base));
    const progressFile = path.join(config.progressDir, 'data_sync_progress.json');
    const random = prng(8);
    let midTable = 0;
    for (let kill = 0; kill < 20; kill++) {
      const outcome = await runAndKill({ ...base, resume: kill > 0 }, progressFile, Math.floor(random() * 700));
      const [[duplicates, rows]] = (await rowsOf(db.url, 'SELECT count(*)::int - count(DISTINCT id)::int, count(*)::int FROM public.big')) as [[number, number]];
      expect({ kill, duplicates }).toEqual({ kill, duplicates: 0 });
      expect(rows).toBeLessThanOrEqual(base.rows);
      const entry = dataProgress(config)[CHILD_BIG_TABLE];
      if (outcome === 'killed' && entry?.chunks_done !== undefined && entry.chunks_done > 0 && entry.chunks_done < entry.chunks_total!) {
        midTable += 1;
      }
      if (outcome === 'finished') break;
    }
    // The kills must have hit the table while some ranges were done and others not.
    expect(midTable).toBeGreaterThanOrEqual(10);

    const left = dataProgress(config)[CHILD_BIG_TABLE]!.ranges_pending!.length;
    const source = new MemoryRowSource(childTables(base));
    const resumed = await sync(config, source, { resume: true, chunkRows: 5_000, parallel: 2 });
    expect(resumed.failed).toEqual([]);
    // Committed ranges are not read again (the file may lag one commit behind, never ahead).
    expect(source.rangeReads.length).toBeLessThanOrEqual(left);
    expect(await digestOf(db.url, 'public.big')).toEqual(digestRows(seededRows(base.rows, base.seed)));
    expect(await digestOf(db.url, 'public.small')).toEqual(digestRows(seededRows(50, base.seed + 1)));
    expect(dataProgress(config)[CHILD_BIG_TABLE]).toMatchObject({
      status: 'completed', rows_synced: base.rows, chunks_total: 40, chunks_done: 40, ranges_pending: [],
    });
  }, 120_000);

  it('on worker threads too: 10 SIGKILLs at random moments, each resumed, end exact with no duplicate', async () => {
    const config = testConfig(db.url);
    const base: SyncChildArgs = {
      targetUrl: db.url, progressDir: config.progressDir, rows: 100_000, seed: 0,
      slowEveryRows: 100, slowMs: 5, chunkRows: 5_000, parallel: 2, workers: true,
    };
    const tables = workerChildSource(base);
    await createTargets(config, tables.tables.map(indexedTable));
    const progressFile = path.join(config.progressDir, 'data_sync_progress.json');
    const random = prng(29);
    let midTable = 0;
    for (let kill = 0; kill < 10; kill++) {
      const outcome = await runAndKill({ ...base, resume: kill > 0 }, progressFile, 300 + Math.floor(random() * 700));
      const [[duplicates]] = (await rowsOf(db.url, 'SELECT count(*)::int - count(DISTINCT id)::int FROM public.big')) as [[number]];
      expect({ kill, duplicates }).toEqual({ kill, duplicates: 0 });
      const entry = dataProgress(config)[CHILD_BIG_TABLE];
      if (outcome === 'killed' && (entry?.chunks_done ?? 0) > 0 && entry!.chunks_done! < entry!.chunks_total!) midTable += 1;
      if (outcome === 'finished') break;
    }
    expect(midTable).toBeGreaterThanOrEqual(5);

    const resumed = await resumeOnWorkers(config, tables.tables);
    expect(resumed.failed).toEqual([]);
    expect(await digestOf(db.url, 'public.big')).toEqual(indexedDigest(base.rows));
    expect(await digestOf(db.url, 'public.small')).toEqual(indexedDigest(50));
    expect(dataProgress(config)[CHILD_BIG_TABLE]).toMatchObject({ status: 'completed', rows_synced: base.rows, chunks_done: 20 });
  }, 120_000);

  it('Ctrl-C mid-range on worker threads exits 130 with the committed ranges kept, and --resume finishes exactly', async () => {
    const config = testConfig(db.url);
    const base: SyncChildArgs = {
      targetUrl: db.url, progressDir: config.progressDir, rows: 60_000, seed: 0,
      slowEveryRows: 100, slowMs: 5, chunkRows: 5_000, parallel: 2, workers: true, asCli: true,
    };
    const tables = workerChildSource(base);
    await createTargets(config, tables.tables.map(indexedTable));
    let stderr = '';
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/sync-child.ts', JSON.stringify(base)], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exitCode = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while ((readProgress(config)?.chunks_done ?? 0) < 2) {
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`child ended or stalled before two ranges: ${stderr}`);
      await sleep(20);
    }
    proc.kill('SIGINT');
    expect(await exitCode).toBe(130);
    const atStop = dataProgress(config)[CHILD_BIG_TABLE]!;
    expect(atStop).toMatchObject({ status: 'failed', error: expect.stringContaining('interrupted by SIGINT') });
    expect(atStop.chunks_done).toBeLessThan(12);
    const [[rows, recorded]] = (await rowsOf(
      db.url,
      'SELECT (SELECT count(*)::int FROM public.big), (SELECT coalesce(sum(rows), 0)::int FROM mssql2pg.loaded_ranges)',
    )) as [[number, number]];
    expect(rows).toBe(recorded);

    const resumed = await resumeOnWorkers(config, tables.tables);
    expect(resumed.failed).toEqual([]);
    expect(await digestOf(db.url, 'public.big')).toEqual(indexedDigest(base.rows));
  }, 60_000);
});

/** `sync data --resume` on two worker threads, in this process, after the child's runs. */
function resumeOnWorkers(config: ResolvedConfig, tables: ReturnType<typeof workerChildSource>['tables']) {
  return syncData(
    {
      config,
      source: openWorkerMemorySource({ tables }),
      openTarget: (max) => openTargetPool(db.url, max),
      workers: { source: workerSourceSpec({ tables }), targetUrl: db.url },
    },
    syncOptions({ ...SYNC_DEFAULTS, resume: true, chunkRows: 5_000, parallel: 2 }),
  );
}

function readProgress(config: { progressDir: string }) {
  const file = path.join(config.progressDir, 'data_sync_progress.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ProgressFile).tables[CHILD_BIG_TABLE]?.data : undefined;
}
