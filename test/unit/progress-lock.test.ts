import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProgressFileError } from '../../src/errors.js';
import { acquireProgressLock, isProcessAlive, type LockHolder } from '../../src/progress/lock.js';

let dir: string;
let lockPath: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mssql2pg-lock-'));
  lockPath = join(dir, 'data_sync_progress.json.lock');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pid that surely belongs to no process: a child that already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  const pid = child.pid;
  await new Promise((resolve) => child.on('exit', resolve));
  if (pid === undefined) throw new Error('child had no pid');
  return pid;
}

async function writeLock(holder: LockHolder): Promise<void> {
  await writeFile(lockPath, JSON.stringify(holder));
}

describe('acquireProgressLock', () => {
  it('creates the lock file holding pid, host, start and command, and release removes it', async () => {
    const lock = await acquireProgressLock(dir, 'data', {
      command: 'sync data --resume',
      now: () => new Date('2026-11-22T08:00:00Z'),
    });
    expect(lock.path).toBe(lockPath);
    expect(lock.tookOverFrom).toBeNull();
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toEqual({
      pid: process.pid,
      host: hostname(),
      started_at: '2026-11-22T08:00:00.000Z',
      command: 'sync data --resume',
    });
    await lock.release();
    await expect(stat(lockPath)).rejects.toMatchObject({ code: 'ENOENT' });
    await lock.release(); // idempotent
  });

  it('refuses a second run while the first holds the lock, naming pid, host and start', async () => {
    const first = await acquireProgressLock(dir, 'data', { now: () => new Date('2026-11-22T08:00:00Z') });
    const error = await acquireProgressLock(dir, 'data').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProgressFileError);
    expect((error as Error).message).toBe(
      `Another mssql2pg run holds ${join(dir, 'data_sync_progress.json')} (pid ${process.pid} on host ${hostname()}, started 2026-11-22T08:00:00.000Z). ` +
        `Wait for it to finish, or stop it; if it is gone, delete ${lockPath}.`,
    );
    // The refused run must not have removed the holder's lock.
    expect(JSON.parse(await readFile(lockPath, 'utf8')).pid).toBe(process.pid);
    await first.release();
  });

  it('locks each stage separately', async () => {
    const data = await acquireProgressLock(dir, 'data');
    const schema = await acquireProgressLock(dir, 'schema');
    expect(schema.path).toBe(join(dir, 'schema_replication_progress.json.lock'));
    await Promise.all([data.release(), schema.release()]);
  });

  it('takes over a stale lock left by a dead process on this host', async () => {
    const stale: LockHolder = { pid: await deadPid(), host: hostname(), started_at: '2026-11-21T23:00:00Z', command: 'sync data' };
    expect(isProcessAlive(stale.pid)).toBe(false);
    await writeLock(stale);
    const lock = await acquireProgressLock(dir, 'data');
    expect(lock.tookOverFrom).toEqual(stale);
    expect(JSON.parse(await readFile(lockPath, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('refuses a lock from another host even if that pid is not alive here', async () => {
    await writeLock({ pid: await deadPid(), host: 'db-runner-1', started_at: '2026-11-22T08:00:00Z', command: '' });
    await expect(acquireProgressLock(dir, 'data')).rejects.toThrow(/on host db-runner-1, started 2026-11-22T08:00:00Z/);
  });

  it('refuses a lock whose pid is alive (EPERM counts as alive)', async () => {
    await writeLock({ pid: 4242, host: 'here', started_at: '2026-11-22T08:00:00Z', command: '' });
    await expect(
      acquireProgressLock(dir, 'data', { host: 'here', isProcessAlive: (pid) => pid === 4242 }),
    ).rejects.toThrow(/pid 4242 on host here/);
  });

  it.each([
    ['empty', ''],
    ['not JSON', 'garbage'],
    ['missing pid', '{"host":"h","started_at":"s"}'],
  ])('refuses a corrupted lock file (%s) and names it', async (_name, content) => {
    await writeFile(lockPath, content);
    const error = await acquireProgressLock(dir, 'data').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProgressFileError);
    expect((error as Error).message).toContain(`Lock file ${lockPath} is unreadable`);
    expect((error as Error).message).toContain(`delete ${lockPath} and run again`);
  });

  it('release does not remove a lock that another run has taken over since', async () => {
    const lock = await acquireProgressLock(dir, 'data');
    const other: LockHolder = { pid: 1, host: 'elsewhere', started_at: '2026-01-01T00:00:00Z', command: '' };
    await writeLock(other);
    await lock.release();
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toEqual(other);
  });

  it('can be acquired again after release', async () => {
    await (await acquireProgressLock(dir, 'data')).release();
    const again = await acquireProgressLock(dir, 'data');
    expect(again.tookOverFrom).toBeNull();
    await again.release();
  });

  it('creates the progress directory when it does not exist yet', async () => {
    const lock = await acquireProgressLock(join(dir, 'progress'), 'schema');
    expect((await stat(lock.path)).isFile()).toBe(true);
    await lock.release();
  });
});
