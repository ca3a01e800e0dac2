/**
 * Atomic file replacement: write a temp file next to the target, fsync it, rename it over the
 * target, fsync the directory. rename(2) within one directory replaces the name atomically, so
 * a crash at any point leaves either the old file or the new one, never a torn mix. Used by the
 * progress files and by verify's report.
 */
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import type { ProgressFs } from './progress-fs.js';

export async function writeFileAtomically(fs: ProgressFs, path: string, content: string): Promise<void> {
  const directory = dirname(path);
  await fs.mkdir(directory, { recursive: true });
  const tempPath = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    await writeDurably(fs, tempPath, content);
    await fs.rename(tempPath, path);
  } catch (error) {
    await fs.unlink(tempPath).catch(() => undefined);
    throw error;
  }
  await syncDirectory(fs, directory);
}

async function writeDurably(fs: ProgressFs, path: string, content: string): Promise<void> {
  const handle = await fs.open(path, 'wx');
  try {
    await handle.writeFile(content, 'utf8');
    // Without fsync the rename can reach the disk before the data: after a power loss the
    // target would exist but be empty.
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the rename itself durable. Best effort: some platforms cannot open a directory. */
async function syncDirectory(fs: ProgressFs, directory: string): Promise<void> {
  try {
    const handle = await fs.open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The file content is already safe; only the rename's durability is at stake.
  }
}
