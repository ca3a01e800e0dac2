import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProgressFileError } from '../../src/errors.js';
import { JsonFileProgressStore } from '../../src/progress/json-file-store.js';
import { nodeProgressFs, type ProgressFs } from '../../src/progress/progress-fs.js';
import { MemoryProgressStore } from '../../src/progress/store.js';
import type { ProgressFile } from '../../src/progress/types.js';

const FILE_V1: ProgressFile = {
  session_start: '2026-01-01T00:00:00.000Z',
  last_updated: '2026-01-01T00:01:00.000Z',
  tables: {
    'dbo.Orders': {
      data: {
        status: 'completed',
        started_at: '2026-01-01T00:00:10.000Z',
        completed_at: '2026-01-01T00:00:50.000Z',
        failed_at: null,
        rows_synced: 9_007_199_254,
        error: null,
      },
    },
  },
};

const FILE_V2: ProgressFile = { ...FILE_V1, last_updated: '2026-01-01T00:02:00.000Z', tables: {} };

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mssql2pg-progress-'));
  path = join(dir, 'data_sync_progress.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('JsonFileProgressStore', () => {
  it('returns null when the file does not exist', async () => {
    expect(await new JsonFileProgressStore(path).load()).toBeNull();
  });

  it('round-trips a file and creates the directory', async () => {
    const nested = join(dir, 'progress', 'data_sync_progress.json');
    const store = new JsonFileProgressStore(nested);
    await store.save(FILE_V1);
    expect(await store.load()).toEqual(FILE_V1);
    expect(store.describe()).toBe(nested);
  });

  it.each([
    ['invalid JSON', '{"session_start": ', /corrupted \(.*JSON/],
    ['top level not an object', '[1,2]', /top level is not an object/],
    ['session_start missing', '{"last_updated":"x","tables":{}}', /"session_start" is not a string/],
    ['tables not an object', '{"session_start":"x","last_updated":"x","tables":[]}', /"tables" is not an object/],
    [
      'unknown status',
      '{"session_start":"x","last_updated":"x","tables":{"dbo.A":{"data":{"status":"done","rows_synced":0}}}}',
      /status "done" is not one of pending, in_progress, completed, failed/,
    ],
    [
      'unknown stage',
      '{"session_start":"x","last_updated":"x","tables":{"dbo.A":{"indexes":{"status":"pending"}}}}',
      /unknown stage "indexes"/,
    ],
    [
      'negative rows',
      '{"session_start":"x","last_updated":"x","tables":{"dbo.A":{"data":{"status":"pending","rows_synced":-1}}}}',
      /rows_synced is not a non-negative integer/,
    ],
    [
      'error not a string',
      '{"session_start":"x","last_updated":"x","tables":{"dbo.A":{"data":{"status":"failed","rows_synced":0,"error":42}}}}',
      /error is not a string or null/,
    ],
  ])('refuses a corrupted file: %s', async (_name, content, reason) => {
    await writeFile(path, content);
    const error = await new JsonFileProgressStore(path).load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProgressFileError);
    const message = (error as Error).message;
    expect(message).toContain(`Progress file ${path} is corrupted (`);
    expect(message).toMatch(reason);
    expect(message).toContain('run again with --reset to start over (this forgets what was done)');
    expect((error as Error).cause).toBeDefined();
  });

  it('fills omitted optional fields with null and 0', async () => {
    await writeFile(path, '{"session_start":"s","last_updated":"u","tables":{"dbo.A":{"schema":{"status":"pending"}}}}');
    expect((await new JsonFileProgressStore(path).load())?.tables['dbo.A']?.schema).toEqual({
      status: 'pending',
      started_at: null,
      completed_at: null,
      failed_at: null,
      rows_synced: 0,
      error: null,
    });
  });

  it('reports an unreadable file (a directory in its place) as a ProgressFileError', async () => {
    const error = await new JsonFileProgressStore(dir).load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProgressFileError);
    expect((error as Error).message).toContain(`Progress file ${dir} could not be read`);
  });

  it('keeps the previous file intact when the process dies half-way through writing the temp file', async () => {
    await new JsonFileProgressStore(path).save(FILE_V1);
    const tempWrites: string[] = [];
    const crashingFs: ProgressFs = {
      ...nodeProgressFs,
      async open(target, flags) {
        const handle = await nodeProgressFs.open(target, flags);
        if (flags !== 'wx') return handle;
        return {
          async writeFile(data, encoding) {
            tempWrites.push(target);
            await handle.writeFile(data.slice(0, data.length / 2), encoding);
            throw new Error('simulated crash: power lost');
          },
          sync: () => handle.sync(),
          close: () => handle.close(),
        };
      },
      // A real crash runs no cleanup: the half-written temp file stays behind.
      unlink: async () => undefined,
      rename: async () => {
        throw new Error('rename must not be reached');
      },
    };
    const error = await new JsonFileProgressStore(path, crashingFs).save(FILE_V2).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProgressFileError);
    expect((error as Error).message).toContain('simulated crash');

    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(FILE_V1);
    expect(await new JsonFileProgressStore(path).load()).toEqual(FILE_V1);
    expect(tempWrites).toHaveLength(1);
    const leftovers = (await readdir(dir)).filter((name) => name.includes('.tmp-'));
    expect(leftovers).toHaveLength(1);

    // The next run ignores the leftover when loading and removes it on its first save.
    const nextRun = new JsonFileProgressStore(path);
    expect(await nextRun.load()).toEqual(FILE_V1);
    await nextRun.save(FILE_V2);
    expect(await readdir(dir)).toEqual(['data_sync_progress.json']);
    expect(await nextRun.load()).toEqual(FILE_V2);
  });

  it('writes through a temp file, fsyncs it, and renames it over the target', async () => {
    const calls: string[] = [];
    const recordingFs: ProgressFs = {
      ...nodeProgressFs,
      async open(target, flags) {
        const handle = await nodeProgressFs.open(target, flags);
        const kind = target === dir ? 'dir' : 'temp';
        calls.push(`open ${kind}`);
        return {
          writeFile: async (data, encoding) => {
            calls.push(`write ${kind}`);
            await handle.writeFile(data, encoding);
          },
          sync: async () => {
            calls.push(`sync ${kind}`);
            await handle.sync();
          },
          close: () => handle.close(),
        };
      },
      async rename(from, to) {
        expect(from).toMatch(new RegExp(`data_sync_progress\\.json\\.tmp-${process.pid}-[0-9a-f]+$`));
        expect(to).toBe(path);
        calls.push('rename');
        await nodeProgressFs.rename(from, to);
      },
    };
    await new JsonFileProgressStore(path, recordingFs).save(FILE_V1);
    expect(calls).toEqual(['open temp', 'write temp', 'sync temp', 'rename', 'open dir', 'sync dir']);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(FILE_V1);
  });
});

describe('MemoryProgressStore', () => {
  it('starts empty, keeps copies, and records every save', async () => {
    const store = new MemoryProgressStore();
    expect(await store.load()).toBeNull();
    const file = structuredClone(FILE_V1);
    await store.save(file);
    file.tables = {};
    expect(await store.load()).toEqual(FILE_V1);
    expect(store.saved).toEqual([FILE_V1]);
  });
});
