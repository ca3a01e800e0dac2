// What the distributed tests share: one test database, the coordinator and worker children
// started on it (SIGKILLed and awaited after each test, with a check that no connection stays
// open), and the queries they ask the run state.
import { afterEach, beforeEach } from 'vitest';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { CoordinatorChildArgs } from './coordinator-child.js';
import { startCoordinator, startWorker, type Child } from './distributed-fleet.js';
import { expectNoOpenConnections } from './leak-check.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';
import { rowsOf } from './sync-harness.js';
import type { WorkerSourceArgs } from './worker-memory-source.js';

export const PASSWORD = 'planted-Secret-4711';

export interface DistributedHarness {
  /** The current test's database. */
  db(): TestDatabase;
  workers(source: WorkerSourceArgs, n?: number, extra?: Partial<Parameters<typeof startWorker>[0]>): Child[];
  coordinator(config: ResolvedConfig, source: WorkerSourceArgs, o?: Partial<CoordinatorChildArgs>): Child;
  /** Rows as arrays; a test reads the first with `const [[a, b]] = ...`. */
  q<T = unknown>(sql: string): Promise<[T[], ...T[][]]>;
  /** A count, 0 while the run-state tables do not exist yet (no coordinator or worker created them). */
  count(sql: string): Promise<number>;
  unitsIn(status: string): Promise<number>;
}

/** Registers beforeEach/afterEach in the calling file. */
export function distributedHarness(): DistributedHarness {
  let db: TestDatabase;
  let children: Child[] = [];
  beforeEach(async () => {
    db = await createTestDatabase();
    children = [];
  });
  afterEach(async () => {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await expectNoOpenConnections(db.name, 10_000);
    await db.drop();
  });
  const q = async <T = unknown>(sql: string): Promise<[T[], ...T[][]]> => (await rowsOf(db.url, sql)) as [T[], ...T[][]];
  const count = async (sql: string): Promise<number> => {
    try {
      return (await q<number>(sql))[0]![0]!;
    } catch (err) {
      if ((err as { code?: string }).code === '42P01') return 0;
      throw err;
    }
  };
  return {
    db: () => db,
    workers(source, n = 3, extra = {}) {
      const started = Array.from({ length: n }, (_, i) => startWorker({ targetUrl: db.url, sources: { Shop: source }, host: `w${i + 1}`, ...extra }));
      children.push(...started);
      return started;
    },
    coordinator(config, source, o = {}) {
      const c = startCoordinator({
        targetUrl: db.url, progressDir: config.progressDir, database: 'Shop', source, sourcePassword: PASSWORD, chunkRows: 125_000, ...o,
      });
      children.push(c);
      return c;
    },
    q,
    count,
    unitsIn: (status) => count(`SELECT count(*)::int FROM mssql2pg.dist_units WHERE status = '${status}'`),
  };
}

/** The child's exit code, with its output in the failure message. */
export async function exitOf(c: Child): Promise<{ code: number | null; output?: string }> {
  const code = await c.exited;
  return code === 0 ? { code } : { code, output: `${c.stdout().slice(-2000)}\n${c.stderr().slice(-3000)}` };
}
