// One run on many processes: a coordinator (sync data --distributed) and three `mssql2pg worker`
// child processes over fixture sources, against the real test Postgres. What each test plants:
// a worker started before the coordinator, a SIGKILL of a worker mid-range, a SIGKILL of the
// coordinator, a password in the coordinator's configuration; each ends exact or not at all.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { distributedHarness, exitOf, PASSWORD } from '../helpers/distributed-harness.js';
import { stopChild, until } from '../helpers/distributed-fleet.js';
import { createTargets, dataProgress, digestOf } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';
import { indexedDigest, indexedTable, type WorkerSourceArgs } from '../helpers/worker-memory-source.js';

const run = promisify(execFile);
const h = distributedHarness();
const { workers, coordinator, q, count, unitsIn } = h;

describe('sync data --distributed with three mssql2pg worker processes', () => {
  it('a 2M-row table in 16 ranges ends exact; workers started first wait; status from a third process shows tables and worker hosts; no row holds a password', async () => {
    const config = testConfig(h.db().url);
    const source: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Big', rows: 2_000_000 }, { schema: 'dbo', name: 'Small', rows: 500 }], slowEveryRows: 500, slowMs: 5 };
    await createTargets(config, source.tables.map(indexedTable));
    const fleet = workers(source);
    await until(() => fleet.every((w) => w.stderr().includes('ready')), 60_000, fleet);
    // Started before any coordinator: they wait for work rather than exit.
    await new Promise((r) => setTimeout(r, 1500));
    expect(fleet.map((w) => w.proc.exitCode)).toEqual([null, null, null]);

    const coord = coordinator(config, source);
    // A third process asks while units run: it sees the table and the worker hosts copying it.
    type Status = { distributed: { tables: { source_table: string }[]; workers: { worker_host: string; running: number }[] }[] };
    let seen: Status | null = null;
    await until(async () => {
      if ((await unitsIn('running')) < 2) return false;
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'status', '--progress-dir', config.progressDir, '--pg-url', h.db().url, '--json']);
      const status = JSON.parse(stdout) as Status;
      if ((status.distributed[0]?.workers.filter((w) => w.running > 0).length ?? 0) < 2) return false;
      seen = status;
      return true;
    }, 90_000, [coord, ...fleet]);
    expect(seen!.distributed[0]!.tables).toEqual(expect.arrayContaining([expect.objectContaining({ source_table: 'dbo.Big' })]));

    expect(await coord.exited).toBe(0);
    expect(await digestOf(h.db().url, 'public.big')).toEqual(indexedDigest(2_000_000));
    expect(await digestOf(h.db().url, 'public.small')).toEqual(indexedDigest(500));
    const [[records, hosts]] = await q<number>(
      `SELECT (SELECT count(*)::int FROM mssql2pg.loaded_ranges WHERE target_table = '"public"."big"'),
              (SELECT count(DISTINCT worker_host)::int FROM mssql2pg.dist_units)`,
    );
    expect(records).toBe(16);
    expect(hosts).toBe(3);
    expect(dataProgress(config)['dbo.Big']).toMatchObject({ status: 'completed', rows_synced: 2_000_000, chunks_done: 16 });

    const text = (await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'status', '--progress-dir', config.progressDir, '--pg-url', h.db().url])).stdout;
    expect(text).toMatch(/dbo\.Big: 16\/16 committed, 2,000,000 rows/);
    expect(text).toMatch(/- w1: .*committed/);

    // The queue's job rows and the run state hold the source's server and database, never a login's password.
    const [[jobs, leaked]] = await q<number>(
      `SELECT (SELECT count(*)::int FROM mssql2pg_queue.job),
              (SELECT count(*)::int FROM mssql2pg_queue.job WHERE data::text LIKE '%${PASSWORD}%' OR data::text LIKE '%"password"%')
              + (SELECT count(*)::int FROM mssql2pg.dist_runs r WHERE row_to_json(r)::text LIKE '%${PASSWORD}%')
              + (SELECT count(*)::int FROM mssql2pg.dist_units u WHERE row_to_json(u)::text LIKE '%${PASSWORD}%')`,
    );
    expect(jobs).toBeGreaterThanOrEqual(17);
    expect(leaked).toBe(0);
    expect(await Promise.all(fleet.map(stopChild))).toEqual([0, 0, 0]);
  }, 240_000);
});

describe('sync data --distributed when a process dies', () => {
  it('a worker SIGKILLed mid-range: the range is claimed again by another worker within the heartbeat window; exact, no duplicate key', async () => {
    const config = testConfig(h.db().url);
    const source: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Big', rows: 600_000 }], slowEveryRows: 50, slowMs: 5 };
    await createTargets(config, source.tables.map(indexedTable));
    const fleet = workers(source);
    const coord = coordinator(config, source, { chunkRows: 50_000 });
    // A worker holds a range and has read part of it (its rows reach the state every 2 s).
    const holding = `SELECT unit_id, worker_host FROM mssql2pg.dist_units WHERE status = 'running' AND rows_read > 0 AND range_label NOT LIKE '[-inf,%' LIMIT 1`;
    await until(async () => (await count(`SELECT count(*)::int FROM (${holding}) h`)) > 0, 90_000, [coord, ...fleet]);
    const [[killedUnit, victimHost]] = await q<string>(holding);
    const victim = Number(victimHost!.slice(1)) - 1;
    fleet[victim]!.proc.kill('SIGKILL');
    const killedAt = Date.now();
    await until(async () => (await q<string>(`SELECT worker_host FROM mssql2pg.dist_units WHERE unit_id = '${killedUnit}'`))[0]![0] !== victimHost, 60_000, [coord, ...fleet]);
    // Claimed again within the heartbeat window (10 s), the supervisor's pass and the retry delay.
    expect(Date.now() - killedAt).toBeLessThan(25_000);
    expect(await exitOf(coord)).toEqual({ code: 0 });
    const [[duplicates, rows]] = await q<number>('SELECT count(*)::int - count(DISTINCT id)::int, count(*)::int FROM public.big');
    expect({ duplicates, rows }).toEqual({ duplicates: 0, rows: 600_000 });
    expect(await digestOf(h.db().url, 'public.big')).toEqual(indexedDigest(600_000));
    const [[attempt, host]] = await q<number | string>(`SELECT attempt, worker_host FROM mssql2pg.dist_units WHERE unit_id = '${killedUnit}'`);
    expect(attempt).toBeGreaterThanOrEqual(2);
    expect(host).not.toBe(victimHost);
    const survivors = fleet.filter((_, i) => i !== victim);
    await Promise.all(survivors.map(stopChild));
    expect(await Promise.all(survivors.map(exitOf))).toEqual([{ code: 0 }, { code: 0 }]);
  }, 240_000);

  it('the coordinator SIGKILLed mid-run, then --resume: the run goes on (workers kept its queued units) and ends exact', async () => {
    const config = testConfig(h.db().url);
    const source: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Big', rows: 400_000 }, { schema: 'dbo', name: 'Small', rows: 300 }], slowEveryRows: 100, slowMs: 5 };
    await createTargets(config, source.tables.map(indexedTable));
    const fleet = workers(source, 2);
    const first = coordinator(config, source, { chunkRows: 50_000 });
    await until(async () => (await count(`SELECT count(*)::int FROM mssql2pg.loaded_ranges WHERE target_table = '"public"."big"'`)) >= 2, 90_000, [first, ...fleet]);
    first.proc.kill('SIGKILL');
    await first.exited;
    const [[duplicatesAtKill]] = await q<number>('SELECT count(*)::int - count(DISTINCT id)::int FROM public.big');
    expect(duplicatesAtKill).toBe(0);

    const resumed = coordinator(config, source, { chunkRows: 50_000, resume: true });
    expect(await exitOf(resumed)).toEqual({ code: 0 });
    expect(await digestOf(h.db().url, 'public.big')).toEqual(indexedDigest(400_000));
    expect(await digestOf(h.db().url, 'public.small')).toEqual(indexedDigest(300));
    const [[runs, status]] = await q<number | string>(`SELECT count(*)::int, min(status) FROM mssql2pg.dist_runs`);
    expect({ runs, status }).toEqual({ runs: 1, status: 'finished' });
    expect(dataProgress(config)['dbo.Big']).toMatchObject({ status: 'completed', rows_synced: 400_000 });
    expect(await Promise.all(fleet.map(stopChild))).toEqual([0, 0]);
  }, 240_000);

  it('a permanent error fails its unit once, with the message stage 2 gives (table, column, key, the flag that fixes it); other tables complete', async () => {
    const config = testConfig(h.db().url);
    const source: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Bad', rows: 100, nulAt: [7] }, { schema: 'dbo', name: 'Good', rows: 100 }] };
    await createTargets(config, source.tables.map(indexedTable));
    const fleet = workers(source, 1);
    const coord = coordinator(config, source);
    expect((await exitOf(coord)).code).toBe(1);
    expect(coord.stdout(), coord.stderr()).toContain('"failed"');
    const summary = JSON.parse(coord.stdout()) as { failed: { table: string; error: string }[]; tables: { succeeded: number } };
    expect(summary.tables.succeeded).toBe(1);
    expect(summary.failed).toEqual([{ table: 'dbo.Bad', error: expect.stringMatching(/Table dbo\.Bad \(data\) failed: row with Id=7, .*--strip-nul/) }]);
    const [[attempt, status]] = await q<number | string>(`SELECT attempt, status FROM mssql2pg.dist_units WHERE source_table = 'dbo.Bad'`);
    expect({ attempt, status }).toEqual({ attempt: 1, status: 'failed' });
    expect(await stopChild(fleet[0]!)).toBe(0);
  }, 120_000);
});
