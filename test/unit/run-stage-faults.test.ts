// Failures of our own I/O and stops that come from outside the tables: a progress file that can
// no longer be written used to be an unhandled rejection (exit 1, no summary, tables left "in
// progress"); now it stops the run as an interrupt does and the summary carries the fault. Also
// what the summary counts when a run stops early or resumes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonFileProgressStore } from '../../src/progress/json-file-store.js';
import { nodeProgressFs, type ProgressFs } from '../../src/progress/progress-fs.js';
import { MemoryProgressStore } from '../../src/progress/store.js';
import { ProgressTracker } from '../../src/progress/tracker.js';
import type { StageEvent } from '../../src/run/events.js';
import { runStage, type StageRun, type TableContext, type TableResult } from '../../src/run/run-stage.js';
import { RunFault } from '../../src/run/stop-reason.js';
import { simpleTable } from '../helpers/catalog-builder.js';

const settle = () => new Promise<void>((r) => setTimeout(r, 5));

function untilAborted(ctx: TableContext): Promise<TableResult> {
  return new Promise((_resolve, reject) => {
    const fail = () => reject(new Error('copy aborted', { cause: ctx.signal.reason }));
    if (ctx.signal.aborted) fail();
    else ctx.signal.addEventListener('abort', fail, { once: true });
  });
}

/** Node's own error for a full disk, as fs.open throws it. */
function enospc(file: string): Error {
  return Object.assign(new Error(`ENOSPC: no space left on device, open '${file}'`), { code: 'ENOSPC', errno: -28, syscall: 'open', path: file });
}

/** The real progress store over a file system that is full after `okSaves` saves. */
function fillingDisk(okSaves: number): { store: JsonFileProgressStore; file: string } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mssql2pg-full-')), 'data_sync_progress.json');
  let opens = 0;
  const fs: ProgressFs = {
    ...nodeProgressFs,
    async open(target, flags) {
      if (flags === 'wx' && ++opens > okSaves) throw enospc(target);
      return nodeProgressFs.open(target, flags);
    },
  };
  return { store: new JsonFileProgressStore(file, fs), file };
}

function run(input: Pick<StageRun, 'tracker' | 'runTable'> & Partial<Omit<StageRun, 'tables'>> & { tables: string[] }, events: StageEvent[] = []): StageRun {
  const { tables: names, ...o } = input;
  return {
    stage: 'data',
    selected: names,
    tables: new Map(names.map((t) => [t, { model: simpleTable('dbo', t.split('.')[1]!), names: { schema: 'public', table: t, columns: new Map() } }])),
    toRun: names,
    skippedCompleted: [],
    windowSize: names.length,
    position: new Map(names.map((t, i) => [t, i + 1])),
    concurrency: 2,
    failFast: false,
    listener: (e) => events.push(e),
    ...o,
  };
}

describe('runStage when the progress file cannot be written', () => {
  it('stops: the running table is aborted and marked interrupted, nothing new starts, the summary names the file and the OS error', async () => {
    const { store, file } = fillingDisk(3);
    const tracker = await ProgressTracker.open(store, 'data', { reset: false, rowsThrottleMs: 0 });
    let aborted = false;
    const summary = await runStage(
      run({
        tracker,
        tables: ['dbo.A', 'dbo.B', 'dbo.C'],
        concurrency: 1,
        runTable: async (ctx) => {
          // Progress reports write the file; the fourth save hits the full disk.
          for (let i = 1; i <= 5; i++) {
            ctx.reportRows(i * 100, 0);
            await settle();
          }
          try {
            return await untilAborted(ctx);
          } finally {
            aborted = ctx.signal.aborted;
          }
        },
      }),
    );
    expect(aborted).toBe(true);
    expect(summary.interrupted).toBe(true);
    expect(summary.fault).toContain(`Could not save progress file ${file}`);
    expect(summary.fault).toContain('ENOSPC: no space left on device');
    expect(summary.failed).toEqual([{ table: 'dbo.A', error: expect.stringMatching(/^interrupted \(Could not save progress file .*ENOSPC/) }]);
    expect(summary.notRun).toEqual(['dbo.B', 'dbo.C']);
  });

  it('a table whose start cannot be recorded is not started', async () => {
    const { store } = fillingDisk(1); // the pending marks fit, dbo.A's start does not
    const tracker = await ProgressTracker.open(store, 'data', { reset: false, rowsThrottleMs: 0 });
    const started: string[] = [];
    const summary = await runStage(run({ tracker, tables: ['dbo.A', 'dbo.B'], concurrency: 1, runTable: async (ctx) => (started.push(ctx.table), { rows: 1 }) }));
    expect(started).toEqual([]);
    expect(summary.notRun).toEqual(['dbo.A', 'dbo.B']);
    expect(summary.fault).toContain('ENOSPC');
  });

  it('a range plan that cannot be recorded fails its table at once (no range may start unrecorded)', async () => {
    const { store } = fillingDisk(2);
    const tracker = await ProgressTracker.open(store, 'data', { reset: false, rowsThrottleMs: 0 });
    let rangesRan = false;
    const summary = await runStage(
      run({
        tracker,
        tables: ['dbo.Big'],
        runTable: async (ctx) => {
          await ctx.reportChunks({ chunks_total: 4, chunks_done: 0, ranges_pending: [{ lo: null, hi: null }], chunk_plan: 'p1' });
          rangesRan = true;
          return { rows: 0 };
        },
      }),
    );
    expect(rangesRan).toBe(false);
    expect(summary.failed[0]!.error).toContain('ENOSPC');
    expect(summary.fault).toContain('ENOSPC');
  });
});

describe('runStage stopped by a fault from outside (an unhandled rejection)', () => {
  it('stops like an interrupt, and the summary carries the fault', async () => {
    const stop = new AbortController();
    const tracker = await ProgressTracker.open(new MemoryProgressStore(), 'data', { reset: false });
    const summary = await runStage(
      run({
        tracker,
        tables: ['dbo.A', 'dbo.B'],
        concurrency: 1,
        signal: stop.signal,
        runTable: (ctx) => {
          setTimeout(() => stop.abort(new RunFault('unexpected error: planted')), 1);
          return untilAborted(ctx);
        },
      }),
    );
    expect(summary).toMatchObject({ interrupted: true, fault: 'unexpected error: planted', notRun: ['dbo.B'] });
    expect(summary.failed[0]!.error).toBe('interrupted (unexpected error: planted)');
    expect(tracker.statusOf('dbo.A')).toMatchObject({ status: 'failed', error: 'interrupted (unexpected error: planted)' });
  });
});

describe('what a summary counts', () => {
  it('an interrupted key-range table counts the rows its committed ranges keep, and the file records them', async () => {
    const stop = new AbortController();
    const tracker = await ProgressTracker.open(new MemoryProgressStore(), 'data', { reset: false });
    const events: StageEvent[] = [];
    const summary = await runStage(
      run(
        {
          tracker,
          tables: ['dbo.Big'],
          signal: stop.signal,
          runTable: async (ctx) => {
            // Two ranges of 1,000 commit, a third is in flight (2,500 rows read) when Ctrl-C comes.
            for (const done of [1, 2]) {
              await ctx.reportChunks({ chunks_total: 4, chunks_done: done, ranges_pending: [], chunk_plan: 'p' });
              ctx.reportCommitted(done * 1000, 0, done * 10_000);
            }
            ctx.reportRows(2_500, 25_000);
            setTimeout(() => stop.abort(new Error('interrupted by SIGINT')), 1);
            return untilAborted(ctx);
          },
        },
        events,
      ),
    );
    expect(summary.rows).toBe(2_000);
    expect(summary.bytes).toBe(20_000);
    expect(tracker.statusOf('dbo.Big')).toMatchObject({ status: 'failed', rows_synced: 2_000 });
    expect(events.filter((e) => e.type === 'table:chunks')).toEqual([
      { type: 'table:chunks', table: 'dbo.Big', done: 1, total: 4 },
      { type: 'table:chunks', table: 'dbo.Big', done: 2, total: 4 },
    ]);
  });

  it('a table copied as one unit that fails keeps nothing: 0 rows, whatever it had read', async () => {
    const tracker = await ProgressTracker.open(new MemoryProgressStore(), 'data', { reset: false, rowsThrottleMs: 0 });
    const summary = await runStage(
      run({
        tracker,
        tables: ['dbo.A'],
        runTable: async (ctx) => {
          ctx.reportRows(5_000, 1);
          await settle();
          throw new Error('COPY failed; rolled back');
        },
      }),
    );
    expect(summary.rows).toBe(0);
    expect(tracker.statusOf('dbo.A')).toMatchObject({ status: 'failed', rows_synced: 0 });
  });

  it('a resumed run counts the rows it copied, and the total with earlier runs (resumed ranges, completed tables)', async () => {
    const tracker = await ProgressTracker.open(
      new MemoryProgressStore({
        session_start: 'x',
        last_updated: 'x',
        tables: { 'dbo.Done': { data: { status: 'completed', started_at: 'a', completed_at: 'b', failed_at: null, rows_synced: 300, error: null } } },
      }),
      'data',
      { reset: false },
    );
    const summary = await runStage(
      run({
        tracker,
        tables: ['dbo.Big', 'dbo.Done'],
        toRun: ['dbo.Big'],
        skippedCompleted: ['dbo.Done'],
        // 800,000 rows were committed by the interrupted run; this one copies the last 200,000.
        runTable: async () => ({ rows: 1_000_000, bytes: 10, earlierRows: 800_000 }),
      }),
    );
    expect(summary.rows).toBe(200_000);
    expect(summary.totalRows).toBe(1_000_300);
    expect(tracker.statusOf('dbo.Big')).toMatchObject({ status: 'completed', rows_synced: 1_000_000 });
  });
});
