/**
 * The progress file on disk. Saves are atomic (src/progress/atomic-write.ts): a crash at any
 * point leaves either the old file or the new one, never a torn mix (umzug's JSON storage
 * writes in place; a crash there corrupts the file).
 */
import { basename, dirname, join } from 'node:path';
import { ProgressFileError, ProgressWriteError } from '../errors.js';
import { writeFileAtomically } from './atomic-write.js';
import { parseProgressFile } from './parse-progress-file.js';
import { nodeProgressFs, type ProgressFs } from './progress-fs.js';
import type { ProgressStore } from './store.js';
import type { ProgressFile } from './types.js';

const RESET_HINT = 'Inspect or move it away, or run again with --reset to start over (this forgets what was done).';

export class JsonFileProgressStore implements ProgressStore {
  private leftoversCleaned = false;

  constructor(
    private readonly path: string,
    private readonly fs: ProgressFs = nodeProgressFs,
  ) {}

  describe(): string {
    return this.path;
  }

  async load(): Promise<ProgressFile | null> {
    let text: string;
    try {
      text = await this.fs.readFile(this.path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw new ProgressFileError(
        `Progress file ${this.path} could not be read (${messageOf(error)}). Check its permissions, or move it away and run again with --reset to start over (this forgets what was done).`,
        { cause: error },
      );
    }
    try {
      return parseProgressFile(text);
    } catch (error) {
      throw new ProgressFileError(
        `Progress file ${this.path} is corrupted (${messageOf(error)}). ${RESET_HINT}`,
        { cause: error },
      );
    }
  }

  async save(file: ProgressFile): Promise<void> {
    try {
      if (!this.leftoversCleaned) {
        await this.fs.mkdir(dirname(this.path), { recursive: true });
        await this.removeLeftoverTempFiles(dirname(this.path));
        this.leftoversCleaned = true;
      }
      await writeFileAtomically(this.fs, this.path, `${JSON.stringify(file, null, 2)}\n`);
    } catch (error) {
      // The OS error's own text names the call and the code (ENOSPC, EACCES, EROFS …).
      throw new ProgressWriteError(`Could not save progress file ${this.path}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  /** Temp files left by a crashed run are never read; remove them so they do not pile up. */
  private async removeLeftoverTempFiles(directory: string): Promise<void> {
    const prefix = `${basename(this.path)}.tmp-`;
    let names: string[];
    try {
      names = await this.fs.readdir(directory);
    } catch {
      return;
    }
    for (const name of names.filter((candidate) => candidate.startsWith(prefix))) {
      await this.fs.unlink(join(directory, name)).catch(() => undefined);
    }
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
