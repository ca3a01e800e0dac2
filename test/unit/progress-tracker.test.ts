import { describe, expect, it } from 'vitest';
import { ProgressFileError } from '../../src/errors.js';
import type { ProgressStore } from '../../src/progress/store.js';
import { MemoryProgressStore } from '../../src/progress/store.js';
import { ProgressTracker } from '../../src/progress/tracker.js';
import type { ProgressFile } from '../../src/progress/types.js';

function fakeClock(start = '2026-03-01T10:00:00.000Z') {
  let nowMs = Date.parse(start);
  return {
    now: () => new Date(nowMs),
    advance(ms: number) {
      nowMs += ms;
    },
  };
}

const iso = (ms: number) => new Date(Date.parse('2026-03-01T10:00:00.000Z') + ms).toISOString();

describe('ProgressTracker transitions', () => {
  it('records pending → in_progress → completed with timestamps, persisting each step', async () => {
    const clock = fakeClock();
    const store = new MemoryProgressStore();
    const tracker = await ProgressTracker.open(store, 'data', { reset: false, now: clock.now });
    expect(tracker.statusOf('dbo.Orders')).toBeUndefined();
    expect(store.saved).toHaveLength(0);

    clock.advance(1000);
    await tracker.markStarted('dbo.Orders');
    expect(store.saved).toHaveLength(1);
    expect(store.saved[0]?.tables['dbo.Orders']?.data?.status).toBe('in_progress');
    expect(store.saved[0]?.last_updated).toBe(iso(1000));

    clock.advance(5000);
    await tracker.markCompleted('dbo.Orders', 1234);
    const file = await store.load();
    expect(file?.session_start).toBe(iso(0));
    expect(file?.last_updated).toBe(iso(6000));
    expect(file?.tables['dbo.Orders']?.data).toEqual({
      status: 'completed',
      started_at: iso(1000),
      completed_at: iso(6000),
      failed_at: null,
      rows_synced: 1234,
      error: null,
    });
  });

  it('stores a failure verbatim and keeps how far the table got', async () => {
    const clock = fakeClock();
    const store = new MemoryProgressStore();
    const tracker = await ProgressTracker.open(store, 'data', { reset: false, now: clock.now });
    await tracker.markStarted('dbo.Orders');
    await tracker.updateRows('dbo.Orders', 500, { force: true });
    clock.advance(10);
    const message = 'COPY failed: invalid byte sequence for encoding "UTF8": 0x00 (SQLSTATE 22021)';
    await tracker.markFailed('dbo.Orders', message);
    expect((await store.load())?.tables['dbo.Orders']?.data).toEqual({
      status: 'failed',
      started_at: iso(0),
      completed_at: null,
      failed_at: iso(10),
      rows_synced: 500,
      error: message,
    });
  });

  it('allows a completed or failed table to be started again and clears the old outcome', async () => {
    const clock = fakeClock();
    const tracker = await ProgressTracker.open(new MemoryProgressStore(), 'schema', { reset: false, now: clock.now });
    await tracker.markStarted('dbo.A');
    await tracker.markCompleted('dbo.A', 0);
    clock.advance(100);
    await tracker.markStarted('dbo.A');
    expect(tracker.statusOf('dbo.A')).toEqual({
      status: 'in_progress', started_at: iso(100), completed_at: null, failed_at: null, rows_synced: 0, error: null,
    });
    await tracker.markFailed('dbo.A', 'boom');
    await tracker.markStarted('dbo.A');
    expect(tracker.statusOf('dbo.A')?.error).toBeNull();
    expect(tracker.statusOf('dbo.A')?.failed_at).toBeNull();
  });

  it('refuses to complete a table that was never started (a caller bug)', async () => {
    const tracker = await ProgressTracker.open(new MemoryProgressStore(), 'data', { reset: false });
    await expect(tracker.markCompleted('dbo.A', 1)).rejects.toThrow(
      'Cannot mark dbo.A (data) completed: it is unknown, not in_progress',
    );
  });

  it('ignores a row report that arrives after the table finished', async () => {
    const tracker = await ProgressTracker.open(new MemoryProgressStore(), 'data', { reset: false });
    await tracker.markStarted('dbo.A');
    await tracker.markCompleted('dbo.A', 10);
    await tracker.updateRows('dbo.A', 3, { force: true });
    expect(tracker.statusOf('dbo.A')?.rows_synced).toBe(10);
  });

  it('statusOf returns a copy', async () => {
    const tracker = await ProgressTracker.open(new MemoryProgressStore(), 'data', { reset: false });
    await tracker.markStarted('dbo.A');
    const status = tracker.statusOf('dbo.A');
    if (status) status.status = 'completed';
    expect(tracker.statusOf('dbo.A')?.status).toBe('in_progress');
  });
});

describe('ProgressTracker.updateRows throttling', () => {
  it('persists at most every rowsThrottleMs, and flush() writes the held-back count', async () => {
    const clock = fakeClock();
    const store = new MemoryProgressStore();
    const tracker = await ProgressTracker.open(store, 'data', { reset: false, now: clock.now, rowsThrottleMs: 2000 });
    await tracker.markStarted('dbo.Big'); // save 1
    const persistedRows = () => store.saved.at(-1)?.tables['dbo.Big']?.data?.rows_synced;

    clock.advance(500);
    await tracker.updateRows('dbo.Big', 10_000);
    clock.advance(1000);
    await tracker.updateRows('dbo.Big', 20_000);
    expect(store.saved).toHaveLength(1);
    expect(tracker.statusOf('dbo.Big')?.rows_synced).toBe(20_000);

    clock.advance(500); // 2000 ms since the last save
    await tracker.updateRows('dbo.Big', 30_000);
    expect(store.saved).toHaveLength(2);
    expect(persistedRows()).toBe(30_000);

    clock.advance(100);
    await tracker.updateRows('dbo.Big', 40_000);
    expect(store.saved).toHaveLength(2);
    await tracker.updateRows('dbo.Big', 45_000, { force: true });
    expect(store.saved).toHaveLength(3);
    expect(persistedRows()).toBe(45_000);

    await tracker.updateRows('dbo.Big', 50_000);
    expect(store.saved).toHaveLength(3);
    await tracker.flush();
    expect(store.saved).toHaveLength(4);
    expect(persistedRows()).toBe(50_000);
    await tracker.flush(); // nothing new: no write
    expect(store.saved).toHaveLength(4);
  });

  it('a mark persists the latest held-back row count of other tables too', async () => {
    const clock = fakeClock();
    const store = new MemoryProgressStore();
    const tracker = await ProgressTracker.open(store, 'data', { reset: false, now: clock.now });
    await tracker.markStarted('dbo.A');
    await tracker.updateRows('dbo.A', 77); // throttled
    await tracker.markStarted('dbo.B');
    expect((await store.load())?.tables['dbo.A']?.data?.rows_synced).toBe(77);
  });
});

/** A store whose saves take a while, and which records whether two ever overlapped. */
class SlowStore implements ProgressStore {
  inFlight = 0;
  maxInFlight = 0;
  saves = 0;
  last: ProgressFile | null = null;
  async load(): Promise<ProgressFile | null> {
    return null;
  }
  async save(file: ProgressFile): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.last = file;
    this.saves++;
    this.inFlight--;
  }
  describe(): string {
    return 'slow';
  }
}

describe('ProgressTracker under parallel tables', () => {
  it('serializes saves and loses no mark', async () => {
    const store = new SlowStore();
    const tracker = await ProgressTracker.open(store, 'data', { reset: false });
    const tables = Array.from({ length: 40 }, (_, index) => `dbo.T${index}`);
    await Promise.all(
      tables.map(async (table, index) => {
        await tracker.markStarted(table);
        await new Promise((resolve) => setTimeout(resolve, index % 5));
        if (index % 7 === 0) await tracker.markFailed(table, `error ${index}`);
        else await tracker.markCompleted(table, index);
      }),
    );
    await tracker.flush();
    expect(store.maxInFlight).toBe(1);
    // Marks queued behind a save in flight share one write.
    expect(store.saves).toBeLessThan(80);
    for (const [index, table] of tables.entries()) {
      const entry = store.last?.tables[table]?.data;
      expect(entry?.status).toBe(index % 7 === 0 ? 'failed' : 'completed');
      if (index % 7 !== 0) expect(entry?.rows_synced).toBe(index);
    }
  });

  it('a failed save is reported to the caller and does not break later saves', async () => {
    let failNext = true;
    const inner = new MemoryProgressStore();
    const flaky: ProgressStore = {
      load: () => inner.load(),
      describe: () => 'flaky',
      async save(file) {
        if (failNext) {
          failNext = false;
          throw new ProgressFileError('disk full');
        }
        await inner.save(file);
      },
    };
    const tracker = await ProgressTracker.open(flaky, 'data', { reset: false });
    await expect(tracker.markStarted('dbo.A')).rejects.toThrow('disk full');
    await tracker.flush(); // retries the unsaved state
    expect((await inner.load())?.tables['dbo.A']?.data?.status).toBe('in_progress');
  });
});

describe('ProgressTracker.open', () => {
  const existing: ProgressFile = {
    session_start: '2026-01-01T00:00:00.000Z',
    last_updated: '2026-01-01T01:00:00.000Z',
    tables: {
      'dbo.A': {
        data: { status: 'completed', started_at: 'a', completed_at: 'b', failed_at: null, rows_synced: 5, error: null },
        schema: { status: 'completed', started_at: 'a', completed_at: 'b', failed_at: null, rows_synced: 0, error: null },
      },
      'dbo.B': {
        data: { status: 'failed', started_at: 'a', completed_at: null, failed_at: 'c', rows_synced: 1, error: 'x' },
      },
    },
  };

  it('resumes from the stored file, keeping its session_start', async () => {
    const tracker = await ProgressTracker.open(new MemoryProgressStore(existing), 'data', { reset: false });
    expect(tracker.sessionStart).toBe('2026-01-01T00:00:00.000Z');
    expect(tracker.statusOf('dbo.A')?.status).toBe('completed');
    expect(tracker.statusOf('dbo.B')?.error).toBe('x');
  });

  it('reset forgets this stage only, starts a new session and saves at once', async () => {
    const clock = fakeClock();
    const store = new MemoryProgressStore(existing);
    const tracker = await ProgressTracker.open(store, 'data', { reset: true, now: clock.now });
    expect(tracker.sessionStart).toBe(iso(0));
    expect(tracker.statusOf('dbo.A')).toBeUndefined();
    expect(tracker.statusOf('dbo.B')).toBeUndefined();
    expect(await store.load()).toEqual({
      session_start: iso(0),
      last_updated: iso(0),
      tables: { 'dbo.A': { schema: existing.tables['dbo.A']?.schema } },
    });
  });

  it('without reset, a corrupted file stops the run', async () => {
    const broken: ProgressStore = {
      load: async () => {
        throw new ProgressFileError('Progress file p is corrupted (x).');
      },
      save: async () => undefined,
      describe: () => 'p',
    };
    await expect(ProgressTracker.open(broken, 'data', { reset: false })).rejects.toThrow(ProgressFileError);
    const tracker = await ProgressTracker.open(broken, 'data', { reset: true });
    expect(tracker.snapshot().tables).toEqual({});
  });
});

describe('ProgressTracker.markPending', () => {
  it('records unseen tables as pending in one write and leaves known ones alone', async () => {
    const store = new MemoryProgressStore();
    const tracker = await ProgressTracker.open(store, 'data', { reset: false, now: fakeClock().now });
    await tracker.markStarted('dbo.A');
    await tracker.markFailed('dbo.A', 'boom');
    const writesBefore = store.saved.length;
    await tracker.markPending(['dbo.A', 'dbo.B', 'dbo.C']);
    expect(store.saved).toHaveLength(writesBefore + 1);
    const file = await store.load();
    expect(file?.tables['dbo.A']?.data?.status).toBe('failed');
    expect(file?.tables['dbo.B']?.data).toEqual({
      status: 'pending', started_at: null, completed_at: null, failed_at: null, rows_synced: 0, error: null,
    });
    expect(file?.tables['dbo.C']?.data?.status).toBe('pending');
    await tracker.markPending(['dbo.B']);
    expect(store.saved).toHaveLength(writesBefore + 1);
  });
});
