// How a distributed run stops when asked to, and the fleet-wide cap: a worker's first SIGTERM
// (its unit in hand commits, then it exits 0), its second (the unit is rolled back and goes to
// another worker, exit 130), the coordinator's first Ctrl-C (no new unit is handed out, the
// units being copied commit, exit 130, --resume finishes the run), and --max-per-source 1 over
// two workers of two slots each (never two units of the source at once; without it, two).
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { stopChild, until, type Child } from '../helpers/distributed-fleet.js';
import { distributedHarness, exitOf } from '../helpers/distributed-harness.js';
import { createTargets, digestOf } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';
import { indexedDigest, indexedTable, type WorkerSourceArgs } from '../helpers/worker-memory-source.js';

const h = distributedHarness();
const { workers, coordinator, q, count, unitsIn } = h;

/** A unit one worker holds and has read part of (its rows reach the state every 2 s). */
function holdingBy(host: string): string {
  return `SELECT unit_id FROM mssql2pg.dist_units WHERE status = 'running' AND rows_read > 0 AND worker_host = '${host}' LIMIT 1`;
}

async function waitHolding(host: string, children: readonly Child[]): Promise<string> {
  await until(async () => (await count(`SELECT count(*)::int FROM (${holdingBy(host)}) h`)) > 0, 90_000, children);
  return (await q<string>(holdingBy(host)))[0]![0]!;
}

describe('a worker asked to stop', () => {
  const source: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Big', rows: 300_000 }], slowEveryRows: 50, slowMs: 5 };

  it('the first SIGTERM: the unit in hand commits under this worker, it claims no other and exits 0; the run ends exact', async () => {
    const config = testConfig(h.db().url);
    await createTargets(config, source.tables.map(indexedTable));
    const fleet = workers(source, 2);
    const coord = coordinator(config, source, { chunkRows: 50_000 });
    const unit = await waitHolding('w1', [coord, ...fleet]);
    fleet[0]!.proc.kill('SIGTERM');
    expect(await exitOf(fleet[0]!)).toEqual({ code: EXIT.OK });
    expect(fleet[0]!.stderr()).toContain('taking no new unit');
    // Its log names the unit it committed, as the operator of the host reads it.
    expect(fleet[0]!.stderr()).toMatch(/dbo\.Big, key range \S+ of \w+: 50,000 rows committed in \d+\.\d s/);
    const [[status, host, attempt]] = await q<string | number>(`SELECT status, worker_host, attempt FROM mssql2pg.dist_units WHERE unit_id = '${unit}'`);
    expect({ status, host, attempt }).toEqual({ status: 'done', host: 'w1', attempt: 1 });
    // It took nothing after the signal: every unit w1 holds now is done.
    expect(await count(`SELECT count(*)::int FROM mssql2pg.dist_units WHERE worker_host = 'w1' AND status <> 'done'`)).toBe(0);

    expect(await exitOf(coord)).toEqual({ code: EXIT.OK });
    expect(await digestOf(h.db().url, 'public.big')).toEqual(indexedDigest(300_000));
    expect(await stopChild(fleet[1]!)).toBe(EXIT.OK);
  }, 240_000);

  it('a second SIGTERM: the unit in hand is rolled back and copied by the other worker; exit 130; the run ends exact, no duplicate key', async () => {
    const config = testConfig(h.db().url);
    await createTargets(config, source.tables.map(indexedTable));
    const fleet = workers(source, 2);
    const coord = coordinator(config, source, { chunkRows: 50_000 });
    const unit = await waitHolding('w1', [coord, ...fleet]);
    fleet[0]!.proc.kill('SIGTERM');
    await until(() => fleet[0]!.stderr().includes('taking no new unit'), 10_000, fleet);
    fleet[0]!.proc.kill('SIGTERM');
    expect((await fleet[0]!.exited)).toBe(EXIT.INTERRUPTED);

    expect(await exitOf(coord)).toEqual({ code: EXIT.OK });
    const [[host, attempt]] = await q<string | number>(`SELECT worker_host, attempt FROM mssql2pg.dist_units WHERE unit_id = '${unit}'`);
    expect(host).toBe('w2');
    expect(attempt).toBeGreaterThanOrEqual(2);
    const [[duplicates, rows]] = await q<number>('SELECT count(*)::int - count(DISTINCT id)::int, count(*)::int FROM public.big');
    expect({ duplicates, rows }).toEqual({ duplicates: 0, rows: 300_000 });
    expect(await digestOf(h.db().url, 'public.big')).toEqual(indexedDigest(300_000));
    expect(await stopChild(fleet[1]!)).toBe(EXIT.OK);
  }, 240_000);
});

describe('the coordinator asked to stop (Ctrl-C)', () => {
  it('hands out no new unit, lets the ones being copied commit, exits 130 with the run stopped; --resume ends it exact', async () => {
    const config = testConfig(h.db().url);
    const source: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Big', rows: 300_000 }], slowEveryRows: 50, slowMs: 5 };
    await createTargets(config, source.tables.map(indexedTable));
    const fleet = workers(source, 1);
    const first = coordinator(config, source, { chunkRows: 50_000 });
    const unit = await waitHolding('w1', [first, ...fleet]);
    first.proc.kill('SIGINT');
    expect((await first.exited), first.stderr()).toBe(EXIT.INTERRUPTED);
    expect(first.stderr()).toContain('no new unit is handed out');
    const [[status]] = await q<string>(`SELECT status FROM mssql2pg.dist_units WHERE unit_id = '${unit}'`);
    expect(status).toBe('done');
    const [[runStatus]] = await q<string>('SELECT status FROM mssql2pg.dist_runs');
    expect(runStatus).toBe('stopped');
    // The worker stays up and idle: nothing more is committed while no coordinator runs.
    const committed = await count(`SELECT count(*)::int FROM mssql2pg.loaded_ranges WHERE target_table = '"public"."big"'`);
    expect(committed).toBeLessThan(6);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await count(`SELECT count(*)::int FROM mssql2pg.loaded_ranges WHERE target_table = '"public"."big"'`)).toBe(committed);
    expect(await unitsIn('running')).toBe(0);
    expect(fleet[0]!.proc.exitCode).toBeNull();

    const resumed = coordinator(config, source, { chunkRows: 50_000, resume: true });
    expect(await exitOf(resumed)).toEqual({ code: EXIT.OK });
    expect(await digestOf(h.db().url, 'public.big')).toEqual(indexedDigest(300_000));
    expect(await stopChild(fleet[0]!)).toBe(EXIT.OK);
  }, 240_000);
});

describe('--max-per-source', () => {
  const source: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Big', rows: 160_000 }], slowEveryRows: 100, slowMs: 5 };

  /** The most units of the run seen running at once, sampled every 50 ms until the coordinator exits. */
  async function mostRunningAtOnce(coord: Child): Promise<number> {
    let most = 0;
    let done = false;
    void coord.exited.then(() => (done = true));
    while (!done) {
      most = Math.max(most, await unitsIn('running'));
      await new Promise((r) => setTimeout(r, 50));
    }
    return most;
  }

  it('1: two workers of two slots each never run two units of the source at once; the run ends exact', async () => {
    const config = testConfig(h.db().url);
    await createTargets(config, source.tables.map(indexedTable));
    const fleet = workers(source, 2, { parallel: 2, maxPerSource: 1 });
    const coord = coordinator(config, source, { chunkRows: 20_000 });
    expect(await mostRunningAtOnce(coord)).toBe(1);
    expect(await exitOf(coord)).toEqual({ code: EXIT.OK });
    expect(await digestOf(h.db().url, 'public.big')).toEqual(indexedDigest(160_000));
    expect(await Promise.all(fleet.map(stopChild))).toEqual([EXIT.OK, EXIT.OK]);
  }, 240_000);

  it('without it the same fleet runs several at once (what the cap above prevents)', async () => {
    const config = testConfig(h.db().url);
    await createTargets(config, source.tables.map(indexedTable));
    const fleet = workers(source, 2, { parallel: 2 });
    const coord = coordinator(config, source, { chunkRows: 20_000 });
    expect(await mostRunningAtOnce(coord)).toBeGreaterThanOrEqual(2);
    expect(await exitOf(coord)).toEqual({ code: EXIT.OK });
    expect(await Promise.all(fleet.map(stopChild))).toEqual([EXIT.OK, EXIT.OK]);
  }, 240_000);
});
