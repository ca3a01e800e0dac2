// The batch window a run used is recorded in its progress file (last_window), so that
// `mssql2pg status` can name where the next window starts without reading the catalog.
import { describe, expect, it } from 'vitest';
import { planTables } from '../../src/plan/plan-tables.js';
import { parseProgressFile, ProgressShapeError } from '../../src/progress/parse-progress-file.js';
import { MemoryProgressStore } from '../../src/progress/store.js';
import { ProgressTracker } from '../../src/progress/tracker.js';

const TABLES = ['dbo.A', 'dbo.B', 'dbo.C', 'dbo.D', 'sales.E'];
const plan = (o: { startFrom?: string; until?: string; maxTables?: number; exclude?: string[] }) =>
  planTables({
    tables: TABLES, include: [], exclude: o.exclude ?? [], startFrom: o.startFrom ?? null, until: o.until ?? null,
    maxTables: o.maxTables ?? null, resume: false, statusOf: () => undefined,
  });

describe('planTables windowRecord', () => {
  it('is null without a window flag', () => {
    expect(plan({}).windowRecord).toBeNull();
  });

  it('names the window by resolved qualified names, the table after it and --max-tables', () => {
    expect(plan({ startFrom: 'b', maxTables: 2 }).windowRecord).toEqual({ first_table: 'dbo.B', last_table: 'dbo.C', next_table: 'dbo.D', max_tables: 2 });
    expect(plan({ until: 'C' }).windowRecord).toEqual({ first_table: 'dbo.A', last_table: 'dbo.C', next_table: 'dbo.D', max_tables: null });
    // The next table is the next *selected* one: excluded tables are skipped.
    expect(plan({ until: 'C', exclude: ['dbo.D'] }).windowRecord?.next_table).toBe('sales.E');
    expect(plan({ startFrom: 'D' }).windowRecord).toMatchObject({ last_table: 'sales.E', next_table: null });
  });
});

describe('last_window in the progress file', () => {
  const base = { session_start: 'x', last_updated: 'y', tables: {} };

  it('parses, and refuses a malformed one (a file we do not understand stops the run)', () => {
    const w = { first_table: 'dbo.A', last_table: 'dbo.B', next_table: null, max_tables: 2 };
    expect(parseProgressFile(JSON.stringify({ ...base, last_window: w })).last_window).toEqual(w);
    expect(parseProgressFile(JSON.stringify(base)).last_window).toBeUndefined();
    expect(() => parseProgressFile(JSON.stringify({ ...base, last_window: { ...w, max_tables: 0 } }))).toThrow(ProgressShapeError);
    expect(() => parseProgressFile(JSON.stringify({ ...base, last_window: 'dbo.A' }))).toThrow(ProgressShapeError);
  });

  it('is written by recordWindow and removed by a run without a window', async () => {
    const store = new MemoryProgressStore(null, 'memory');
    const tracker = await ProgressTracker.open(store, 'data', { reset: false });
    const w = { first_table: 'dbo.A', last_table: 'dbo.B', next_table: 'dbo.C', max_tables: 2 };
    await tracker.recordWindow(w);
    expect(store.saved.at(-1)?.last_window).toEqual(w);
    const saves = store.saved.length;
    await tracker.recordWindow({ ...w });
    expect(store.saved.length).toBe(saves); // unchanged: no write
    await tracker.recordWindow(null);
    expect(store.saved.at(-1)?.last_window).toBeUndefined();
  });
});
