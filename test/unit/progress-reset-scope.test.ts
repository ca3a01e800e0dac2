// `--reset` with --include or a batch window forgets only the tables of that run (issue: `sync
// data --reset --include Album` forgot every table, and the next --resume redid all 11).
import { describe, expect, it } from 'vitest';
import { ProgressFileError } from '../../src/errors.js';
import { MemoryProgressStore } from '../../src/progress/store.js';
import { ProgressTracker } from '../../src/progress/tracker.js';
import type { ProgressFile, TableStageProgress } from '../../src/progress/types.js';

const done = (rows: number): TableStageProgress => ({ status: 'completed', started_at: 'a', completed_at: 'b', failed_at: null, rows_synced: rows, error: null });
const FILE: ProgressFile = {
  session_start: '2026-01-01T00:00:00.000Z',
  last_updated: '2026-01-01T01:00:00.000Z',
  tables: {
    'dbo.Album': { data: done(10), schema: done(0) },
    'dbo.Artist': { data: done(20) },
    'dbo.Track': { data: done(30) },
  },
  last_command: { command: 'sync data', args: ['--progress-dir', '/p'] },
};

describe('ProgressTracker.open with a scoped reset', () => {
  it('forgets this stage of the named tables only, keeps the session, the others and other stages', async () => {
    const store = new MemoryProgressStore(FILE);
    const tracker = await ProgressTracker.open(store, 'data', { reset: { tables: ['dbo.Album'] } });
    expect(tracker.statusOf('dbo.Album')).toBeUndefined();
    expect(tracker.statusOf('dbo.Artist')).toMatchObject({ status: 'completed', rows_synced: 20 });
    const saved = await store.load();
    expect(saved?.session_start).toBe(FILE.session_start);
    expect(saved?.tables['dbo.Album']).toEqual({ schema: done(0) });
    expect(saved?.tables['dbo.Track']).toEqual({ data: done(30) });
    expect(saved?.last_command).toEqual(FILE.last_command);
  });

  it('reset: true still forgets the whole stage and starts a new session', async () => {
    const store = new MemoryProgressStore(FILE);
    await ProgressTracker.open(store, 'data', { reset: true, now: () => new Date('2026-02-02T00:00:00.000Z') });
    const saved = await store.load();
    expect(saved?.session_start).toBe('2026-02-02T00:00:00.000Z');
    expect(Object.keys(saved?.tables ?? {})).toEqual(['dbo.Album']);
  });

  it('a corrupted file is replaced: nothing in it can be kept, scoped or not', async () => {
    const broken = {
      load: async () => {
        throw new ProgressFileError('corrupted');
      },
      save: async () => {},
      describe: () => 'broken',
    };
    const tracker = await ProgressTracker.open(broken, 'data', { reset: { tables: ['dbo.Album'] } });
    expect(tracker.snapshot().tables).toEqual({});
  });
});
