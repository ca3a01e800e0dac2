/**
 * One run per progress file. Two runs writing the same file would each overwrite the other's
 * progress, and --resume would then skip tables nobody finished. The lock is a file created with
 * O_EXCL (`wx`), holding who took it, so a refusal can name the other run.
 */
import { open, readFile, unlink, mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { ProgressFileError } from '../errors.js';
import { progressFilePath, progressLockPath } from './paths.js';
import type { StageName } from './types.js';

export interface LockHolder {
  pid: number;
  host: string;
  started_at: string;
  command: string;
}

export interface ProgressLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Set when a lock left by a dead process on this host was taken over: print it. */
  readonly tookOverFrom: LockHolder | null;
  /** Removes the lock if it is still ours. Safe to call more than once. */
  release(): Promise<void>;
}

export interface AcquireLockOptions {
  command?: string;
  now?: () => Date;
  /** Injectable for tests; defaults to the real process and host. */
  pid?: number;
  host?: string;
  isProcessAlive?: (pid: number) => boolean;
}

export async function acquireProgressLock(
  progressDir: string,
  stage: StageName,
  options: AcquireLockOptions = {},
): Promise<ProgressLock> {
  const lockPath = progressLockPath(progressDir, stage);
  const holder: LockHolder = {
    pid: options.pid ?? process.pid,
    host: options.host ?? hostname(),
    started_at: (options.now ?? (() => new Date()))().toISOString(),
    command: options.command ?? process.argv.slice(2).join(' '),
  };
  await mkdir(progressDir, { recursive: true });
  if (await tryCreate(lockPath, holder)) return makeLock(lockPath, holder, null);

  const existing = await readHolder(lockPath, progressFilePath(progressDir, stage));
  if (existing === null) {
    // Released between our attempt and the read: one more try, then report whoever holds it.
    if (await tryCreate(lockPath, holder)) return makeLock(lockPath, holder, null);
    throw heldError(progressFilePath(progressDir, stage), lockPath, null);
  }
  const isAlive = options.isProcessAlive ?? isProcessAlive;
  // A pid from another host cannot be checked from here, so only our own host's dead pids count
  // as stale.
  if (existing.host !== holder.host || isAlive(existing.pid)) {
    throw heldError(progressFilePath(progressDir, stage), lockPath, existing);
  }
  await removeIfUnchanged(lockPath, existing);
  if (await tryCreate(lockPath, holder)) return makeLock(lockPath, holder, existing);
  // Another run took the stale lock over first.
  const winner = await readHolder(lockPath, progressFilePath(progressDir, stage));
  throw heldError(progressFilePath(progressDir, stage), lockPath, winner);
}

/** process.kill(pid, 0) sends nothing; it only checks. EPERM means it exists but is not ours. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

async function tryCreate(lockPath: string, holder: LockHolder): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ProgressFileError(`Could not create lock file ${lockPath}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    await handle.writeFile(`${JSON.stringify(holder)}\n`, 'utf8');
    await handle.sync();
  } catch (error) {
    // An empty lock would block every later run until deleted by hand.
    await handle.close().catch(() => undefined);
    await unlink(lockPath).catch(() => undefined);
    throw new ProgressFileError(`Could not write lock file ${lockPath}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  await handle.close();
  return true;
}

/** The lock's holder, null if the lock vanished. A lock we cannot parse is never guessed at. */
async function readHolder(lockPath: string, progressPath: string): Promise<LockHolder | null> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw unreadableLockError(lockPath, progressPath, (error as Error).message, error);
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (
      typeof parsed.pid !== 'number' ||
      typeof parsed.host !== 'string' ||
      typeof parsed.started_at !== 'string'
    ) {
      throw new Error('missing pid, host or started_at');
    }
    return { pid: parsed.pid, host: parsed.host, started_at: parsed.started_at, command: String(parsed.command ?? '') };
  } catch (error) {
    throw unreadableLockError(lockPath, progressPath, (error as Error).message, error);
  }
}

/**
 * Re-reads just before deleting so a lock another run took over a moment ago is not removed.
 * A window of microseconds remains between the read and the unlink; acceptable for a CLI.
 */
async function removeIfUnchanged(lockPath: string, expected: LockHolder): Promise<void> {
  const current = await readFile(lockPath, 'utf8').catch(() => null);
  if (current === null) return;
  try {
    if (!sameHolder(JSON.parse(current) as LockHolder, expected)) return;
  } catch {
    return;
  }
  await unlink(lockPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

function sameHolder(a: LockHolder, b: LockHolder): boolean {
  return a.pid === b.pid && a.host === b.host && a.started_at === b.started_at;
}

function makeLock(path: string, holder: LockHolder, tookOverFrom: LockHolder | null): ProgressLock {
  let released = false;
  return {
    path,
    holder,
    tookOverFrom,
    async release() {
      if (released) return;
      released = true;
      await removeIfUnchanged(path, holder);
    },
  };
}

function heldError(progressPath: string, lockPath: string, holder: LockHolder | null): ProgressFileError {
  const who = holder === null ? '' : ` (pid ${holder.pid} on host ${holder.host}, started ${holder.started_at})`;
  return new ProgressFileError(
    `Another mssql2pg run holds ${progressPath}${who}. Wait for it to finish, or stop it; if it is gone, delete ${lockPath}.`,
  );
}

function unreadableLockError(lockPath: string, progressPath: string, reason: string, cause: unknown): ProgressFileError {
  return new ProgressFileError(
    `Lock file ${lockPath} is unreadable (${reason}). If no other mssql2pg run is using ${progressPath}, delete ${lockPath} and run again.`,
    { cause },
  );
}
