// `--reset` with --include forgets only the selected tables (issue: `sync data --reset --include
// Album` forgot all 11 tables; the next --resume emptied and reloaded or failed them), and what a
// resumed run counts: the rows it copied, and the total with the earlier run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StageEvent } from '../../src/run/events.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { MemoryRowSource } from '../helpers/memory-row-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { createTargets, dataProgress, sync } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';
import { indexedTable } from '../helpers/worker-memory-source.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await expectNoOpenConnections(db.name);
  await db.drop();
});

const tables = [
  indexedTable({ schema: 'dbo', name: 'Album', rows: 30 }),
  indexedTable({ schema: 'dbo', name: 'Artist', rows: 20 }),
  indexedTable({ schema: 'dbo', name: 'Track', rows: 10 }),
];

describe('sync data --reset with --include', () => {
  it('forgets and reloads only the selected table; a later --resume finds the others completed and leaves them alone', async () => {
    const config = testConfig(db.url);
    await createTargets(config, tables);
    expect((await sync(config, new MemoryRowSource(tables))).failed).toEqual([]);
    const before = dataProgress(config);

    const onlyAlbum = { ...config, selection: { include: ['Album'], exclude: [] } };
    const reset = new MemoryRowSource(tables);
    expect(await sync(onlyAlbum, reset, { reset: true })).toMatchObject({ succeeded: 1, failed: [] });
    expect([...reset.attempts.keys()]).toEqual(['dbo.Album']);
    const after = dataProgress(config);
    expect(after['dbo.Artist']).toEqual(before['dbo.Artist']);
    expect(after['dbo.Track']).toEqual(before['dbo.Track']);
    expect(after['dbo.Album']).toMatchObject({ status: 'completed', rows_synced: 30 });

    const resumed = new MemoryRowSource(tables);
    expect(await sync(config, resumed, { resume: true })).toMatchObject({ succeeded: 0, skipped: 3 });
    expect(resumed.attempts.size).toBe(0);
  });

  it('with a batch window, forgets the window\'s tables only', async () => {
    const config = testConfig(db.url);
    await createTargets(config, tables);
    await sync(config, new MemoryRowSource(tables));
    await sync(config, new MemoryRowSource(tables), { reset: true, startFrom: 'Artist', maxTables: 1 });
    const progress = dataProgress(config);
    expect(Object.values(progress).map((p) => p.status)).toEqual(['completed', 'completed', 'completed']);
    const resumed = new MemoryRowSource(tables);
    await sync(config, resumed, { resume: true });
    expect(resumed.attempts.size).toBe(0);
  });
});

describe('a resumed key-range table', () => {
  it('counts the rows this run copied, and the total with the run it resumed', async () => {
    const config = testConfig(db.url);
    const big = indexedTable({ schema: 'dbo', name: 'Big', rows: 60_000 });
    await createTargets(config, [big]);
    const stop = new AbortController();
    const onEvent = (e: StageEvent): void => {
      if (e.type === 'table:chunks' && e.done === 2) stop.abort(new Error('interrupted by SIGINT'));
    };
    const first = await sync(config, new MemoryRowSource([big]), { parallel: 1, chunkRows: 10_000 }, { signal: stop.signal, onEvent });
    expect(first.interrupted).toBe(true);
    // The summary of the interrupted run counts what committed: two ranges.
    expect(first.rows).toBe(20_000);
    expect(dataProgress(config)['dbo.Big']).toMatchObject({ status: 'failed', rows_synced: 20_000 });

    const resumed = await sync(config, new MemoryRowSource([big]), { parallel: 1, chunkRows: 10_000, resume: true });
    expect(resumed).toMatchObject({ succeeded: 1, rows: 40_000, totalRows: 60_000 });
  });
});
