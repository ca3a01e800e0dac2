import { describe, expect, it } from 'vitest';
import { MemoryProgressStore } from '../../src/progress/store.js';
import { ProgressTracker } from '../../src/progress/tracker.js';
import type { ProgressFile } from '../../src/progress/types.js';
import type { StageEvent } from '../../src/run/events.js';
import { runStage, type PlannedTable, type StageRun, type TableContext, type TableResult } from '../../src/run/run-stage.js';
import { simpleTable } from '../helpers/catalog-builder.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A model and target names for each table: runStage hands them to the runner in its context. */
function plannedTables(tables: readonly string[]): Map<string, PlannedTable> {
  return new Map(
    tables.map((t) => {
      const [schema = '', name = ''] = t.split('.');
      return [t, { model: simpleTable(schema, name), names: { schema, table: name.toLowerCase(), columns: new Map() } }];
    }),
  );
}

/** Lets pending microtasks and timers settle so that concurrently started workers are running. */
const settle = () => new Promise<void>((r) => setTimeout(r, 5));

/** A worker that waits for the abort signal, as a real COPY does, and rejects with its reason. */
function untilAborted(ctx: TableContext): Promise<TableResult> {
  return new Promise((_resolve, reject) => {
    const fail = () => reject(new Error('copy aborted', { cause: ctx.signal.reason }));
    if (ctx.signal.aborted) fail();
    else ctx.signal.addEventListener('abort', fail, { once: true });
  });
}

async function setup(o: {
  selected: string[];
  toRun?: string[];
  skipped?: string[];
  initial?: ProgressFile;
  runTable: StageRun['runTable'];
  concurrency?: number;
  failFast?: boolean;
  signal?: AbortSignal;
  notices?: string[];
}) {
  const store = new MemoryProgressStore(o.initial ?? null);
  const tracker = await ProgressTracker.open(store, 'data', { reset: false, rowsThrottleMs: 0 });
  const events: StageEvent[] = [];
  let clock = 1_000;
  const run: StageRun = {
    stage: 'data',
    selected: o.selected,
    tables: plannedTables(o.selected),
    toRun: o.toRun ?? o.selected.filter((t) => !(o.skipped ?? []).includes(t)),
    skippedCompleted: o.skipped ?? [],
    windowSize: o.selected.length,
    position: new Map(o.selected.map((t, i) => [t, i + 1])),
    estimatedRows: (t) => t.length * 100,
    tracker,
    concurrency: o.concurrency ?? 1,
    failFast: o.failFast ?? false,
    signal: o.signal,
    listener: (e) => events.push(e),
    runTable: o.runTable,
    notices: o.notices,
    // Every reading advances 100 ms: durations are deterministic.
    now: () => (clock += 100),
  };
  return { store, tracker, events, run };
}

const kinds = (events: StageEvent[]) => events.map((e) => ('table' in e ? `${e.type} ${e.table}` : e.type));

describe('runStage', () => {
  it('emits stage:start, notices, skips, then start/done per table in order', async () => {
    const { events, run } = await setup({
      selected: ['dbo.A', 'dbo.B', 'dbo.C'],
      skipped: ['dbo.B'],
      notices: ['Reading WITH (NOLOCK)'],
      runTable: async (ctx) => ({ rows: ctx.table.length, bytes: 10 }),
    });
    const summary = await runStage(run);
    expect(kinds(events)).toEqual([
      'stage:start',
      'notice',
      'table:skip dbo.B',
      'table:start dbo.A',
      'table:done dbo.A',
      'table:start dbo.C',
      'table:done dbo.C',
    ]);
    expect(events[0]).toEqual({ type: 'stage:start', stage: 'data', selected: 3, window: 3, toRun: 2, skipped: ['dbo.B'] });
    expect(events[2]).toEqual({ type: 'table:skip', table: 'dbo.B', position: 2, total: 3 });
    expect(events[3]).toEqual({ type: 'table:start', table: 'dbo.A', position: 1, total: 3, estimatedRows: 500 });
    expect(events[6]).toMatchObject({ type: 'table:done', table: 'dbo.C', position: 3, total: 3, rows: 5, bytes: 10 });
    expect(summary.notices).toEqual(['Reading WITH (NOLOCK)']);
  });

  it('counts everything in the summary', async () => {
    const { run } = await setup({
      selected: ['s.A', 's.B', 's.C', 's.D'],
      skipped: ['s.D'],
      runTable: async (ctx) => {
        if (ctx.table === 's.B') throw new Error('boom');
        ctx.warn(`${ctx.table} has a NUL`);
        return { rows: 1000, bytes: 4096 };
      },
    });
    const s = await runStage(run);
    expect(s).toMatchObject({
      stage: 'data',
      selected: 4,
      window: 4,
      succeeded: 2,
      skipped: 1,
      failed: [{ table: 's.B', error: 'boom' }],
      notRun: [],
      warnings: [
        { table: 's.A', message: 's.A has a NUL' },
        { table: 's.C', message: 's.C has a NUL' },
      ],
      rows: 2000,
      bytes: 8192,
      interrupted: false,
    });
    expect(s.durationMs).toBeGreaterThan(0);
  });

  it('keeps going past a failure, recording it with the formatted error', async () => {
    const ran: string[] = [];
    const { events, tracker, run } = await setup({
      selected: ['dbo.A', 'dbo.B', 'dbo.C'],
      runTable: async (ctx) => {
        ran.push(ctx.table);
        if (ctx.table === 'dbo.B') throw Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'b_pkey' });
        return { rows: 1 };
      },
    });
    const s = await runStage(run);
    expect(ran).toEqual(['dbo.A', 'dbo.B', 'dbo.C']);
    expect(s.failed).toEqual([{ table: 'dbo.B', error: 'duplicate key [SQLSTATE 23505, constraint b_pkey]' }]);
    expect(tracker.statusOf('dbo.B')).toMatchObject({ status: 'failed', error: 'duplicate key [SQLSTATE 23505, constraint b_pkey]' });
    expect(tracker.statusOf('dbo.C')?.status).toBe('completed');
    expect(events.find((e) => e.type === 'table:fail')).toMatchObject({ table: 'dbo.B', position: 2, total: 3 });
  });

  it('fail-fast starts no table after the first failure and aborts the ones running', async () => {
    const started: string[] = [];
    let bSawAbort = false;
    const { tracker, run } = await setup({
      selected: ['t.A', 't.B', 't.C', 't.D'],
      concurrency: 2,
      failFast: true,
      runTable: async (ctx) => {
        started.push(ctx.table);
        if (ctx.table === 't.A') {
          await settle();
          throw new Error('A broke');
        }
        try {
          return await untilAborted(ctx);
        } finally {
          bSawAbort = ctx.signal.aborted;
        }
      },
    });
    const s = await runStage(run);
    expect(started).toEqual(['t.A', 't.B']);
    expect(bSawAbort).toBe(true);
    expect(s.failed.map((f) => f.table)).toEqual(['t.A', 't.B']);
    // Aborted by fail-fast, not by the user: not called "interrupted".
    expect(s.failed[1]!.error).not.toMatch(/^interrupted/);
    expect(s.notRun).toEqual(['t.C', 't.D']);
    expect(s.interrupted).toBe(false);
    expect(tracker.statusOf('t.C')?.status).toBe('pending'); // never started
  });

  it('never runs more tables at once than the concurrency', async () => {
    let running = 0;
    let peak = 0;
    const { run } = await setup({
      selected: Array.from({ length: 9 }, (_, i) => `s.T${i}`),
      concurrency: 3,
      runTable: async () => {
        running += 1;
        peak = Math.max(peak, running);
        await settle();
        running -= 1;
        return { rows: 0 };
      },
    });
    const s = await runStage(run);
    expect(peak).toBe(3);
    expect(s.succeeded).toBe(9);
  });

  it('runs nothing when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('interrupted by SIGINT'));
    let calls = 0;
    const { store, events, run } = await setup({
      selected: ['s.A', 's.B'],
      signal: controller.signal,
      runTable: async () => {
        calls += 1;
        return { rows: 1 };
      },
    });
    const s = await runStage(run);
    expect(calls).toBe(0);
    expect(s.notRun).toEqual(['s.A', 's.B']);
    expect(s.interrupted).toBe(true);
    expect(events.some((e) => e.type === 'table:start')).toBe(false);
    expect(store.saved.every((f) => Object.keys(f.tables).length === 0)).toBe(true);
  });

  it('an interrupt mid-run marks the running table failed as "interrupted" and starts no other', async () => {
    const controller = new AbortController();
    const { tracker, run } = await setup({
      selected: ['s.A', 's.B', 's.C'],
      signal: controller.signal,
      runTable: async (ctx) => {
        setTimeout(() => controller.abort(new Error('interrupted by SIGINT')), 1);
        return untilAborted(ctx);
      },
    });
    const s = await runStage(run);
    expect(s.failed).toHaveLength(1);
    expect(s.failed[0]!.table).toBe('s.A');
    expect(s.failed[0]!.error).toMatch(/^interrupted \(copy aborted: interrupted by SIGINT\)$/);
    expect(s.notRun).toEqual(['s.B', 's.C']);
    expect(s.interrupted).toBe(true);
    expect(tracker.statusOf('s.A')).toMatchObject({ status: 'failed' });
    expect(tracker.statusOf('s.A')!.error).toMatch(/^interrupted/);
    expect(tracker.statusOf('s.B')?.status).toBe('pending'); // never started
  });

  it('records a table completed only after its worker resolved', async () => {
    const gate = deferred<TableResult>();
    const { store, tracker, run } = await setup({ selected: ['dbo.Orders'], runTable: () => gate.promise });
    const running = runStage(run);
    await settle();
    expect(tracker.statusOf('dbo.Orders')?.status).toBe('in_progress');
    expect(store.saved.some((f) => f.tables['dbo.Orders']?.data?.status === 'completed')).toBe(false);
    gate.resolve({ rows: 42 });
    await running;
    expect((await store.load())?.tables['dbo.Orders']?.data).toMatchObject({ status: 'completed', rows_synced: 42 });
  });

  it('gives the worker the previous status and forwards its row reports and events', async () => {
    const initial: ProgressFile = {
      session_start: '2026-01-01T00:00:00.000Z',
      last_updated: '2026-01-01T00:00:00.000Z',
      tables: { 'dbo.A': { data: { status: 'failed', started_at: null, completed_at: null, failed_at: null, rows_synced: 7, error: 'old' } } },
    };
    let previousStatus: string | undefined;
    let rowsDuringRun: number | undefined;
    const { events, tracker, run } = await setup({
      selected: ['dbo.A'],
      initial,
      runTable: async (ctx) => {
        previousStatus = ctx.previous?.status;
        ctx.reportRows(500, 2048);
        await settle();
        rowsDuringRun = tracker.statusOf('dbo.A')?.rows_synced;
        ctx.emit({ type: 'table:retry', table: ctx.table, attempt: 1, delayMs: 1000, error: 'timeout' });
        return { rows: 900 };
      },
    });
    await runStage(run);
    expect(previousStatus).toBe('failed');
    expect(rowsDuringRun).toBe(500);
    expect(events).toContainEqual({ type: 'table:progress', table: 'dbo.A', rows: 500, bytes: 2048 });
    expect(kinds(events)).toContain('table:retry dbo.A');
    expect(tracker.statusOf('dbo.A')).toMatchObject({ status: 'completed', rows_synced: 900 });
  });

  it('works without a listener', async () => {
    const { run } = await setup({ selected: ['s.A'], runTable: async () => ({ rows: 3 }) });
    const s = await runStage({ ...run, listener: undefined });
    expect(s.rows).toBe(3);
  });
});
