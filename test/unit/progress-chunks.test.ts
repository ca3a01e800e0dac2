import { describe, expect, it } from 'vitest';
import { parseProgressFile } from '../../src/progress/parse-progress-file.js';
import { MemoryProgressStore } from '../../src/progress/store.js';
import { ProgressTracker } from '../../src/progress/tracker.js';
import type { ChunkProgress } from '../../src/progress/types.js';

const chunks: ChunkProgress = {
  chunks_total: 3,
  chunks_done: 1,
  ranges_pending: [
    { lo: '10', hi: '20' },
    { lo: '20', hi: null },
  ],
  chunk_plan: 'plan-1',
};

describe('chunk progress of a table copied in key ranges', () => {
  it('persists the range plan at once and keeps it across a restart and a failure, for the resume', async () => {
    const store = new MemoryProgressStore();
    const tracker = await ProgressTracker.open(store, 'data', { reset: false });
    await tracker.markStarted('dbo.Big');
    await tracker.updateChunks('dbo.Big', chunks);
    expect(store.saved.at(-1)?.tables['dbo.Big']?.data).toMatchObject(chunks);

    await tracker.markFailed('dbo.Big', 'interrupted');
    const reopened = await ProgressTracker.open(store, 'data', { reset: false });
    await reopened.markStarted('dbo.Big');
    expect(reopened.statusOf('dbo.Big')).toMatchObject({ status: 'in_progress', ...chunks });

    await reopened.updateChunks('dbo.Big', null);
    expect(Object.keys(reopened.statusOf('dbo.Big')!)).not.toContain('chunk_plan');
  });

  it('forgets the plan on --reset', async () => {
    const store = new MemoryProgressStore();
    const tracker = await ProgressTracker.open(store, 'data', { reset: false });
    await tracker.markStarted('dbo.Big');
    await tracker.updateChunks('dbo.Big', chunks);
    const reset = await ProgressTracker.open(store, 'data', { reset: true });
    expect(reset.statusOf('dbo.Big')).toBeUndefined();
  });

  it('reads the fields back from the file, and refuses a bound that is not an integer', () => {
    const file = (entry: object) =>
      JSON.stringify({ session_start: 'a', last_updated: 'b', tables: { 'dbo.Big': { data: { status: 'in_progress', ...entry } } } });
    expect(parseProgressFile(file(chunks)).tables['dbo.Big']?.data).toMatchObject(chunks);
    expect(parseProgressFile(file({})).tables['dbo.Big']?.data).not.toHaveProperty('chunk_plan');
    expect(() => parseProgressFile(file({ ...chunks, ranges_pending: [{ lo: '1.5', hi: null }] }))).toThrow(/ranges_pending\[0\]/);
    expect(() => parseProgressFile(file({ ...chunks, chunks_done: -1 }))).toThrow(/chunks_done/);
  });

  it('keeps the plan key and the target identity across a restart and a failure, and reads them back from the file', async () => {
    const store = new MemoryProgressStore();
    const tracker = await ProgressTracker.open(store, 'data', { reset: false });
    await tracker.markStarted('dbo.Big');
    const keyed: ChunkProgress = { ...chunks, chunk_key: { column: 'Id', sql_type: 'bigint' } };
    await tracker.updateChunks('dbo.Big', keyed);
    tracker.updateTarget('dbo.Big', { oid: 16384, filenode: 16390 });
    await tracker.markFailed('dbo.Big', 'interrupted');
    await tracker.markStarted('dbo.Big');
    const entry = tracker.statusOf('dbo.Big')!;
    expect(entry).toMatchObject({ ...keyed, target: { oid: 16384, filenode: 16390 } });
    const parsed = parseProgressFile(JSON.stringify(store.saved.at(-1))).tables['dbo.Big']?.data;
    expect(parsed).toMatchObject({ chunk_key: { column: 'Id', sql_type: 'bigint' }, target: { oid: 16384, filenode: 16390 } });
  });

  it('refuses a target identity or a plan key it does not understand', () => {
    const file = (entry: object) =>
      JSON.stringify({ session_start: 'a', last_updated: 'b', tables: { 'dbo.Big': { data: { status: 'completed', ...entry } } } });
    expect(() => parseProgressFile(file({ target: { oid: '1', filenode: 2 } }))).toThrow(/\.target is not/);
    expect(() => parseProgressFile(file({ ...chunks, chunk_key: { column: 'Id' } }))).toThrow(/chunk_key is not/);
  });
});
