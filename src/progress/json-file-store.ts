/**
 * The progress file on disk. Saves are atomic (src/progress/atomic-write.ts): a crash at any
 * point leaves either the old file or the new one, never a torn mix (umzug's JSON storage
 * writes in place; a crash there corrupts the file).
 */
import * as nodeFs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ProgressFileError } from '../errors.js';
import { writeFileAtomically } from './atomic-write.js';
import { parseProgressFile } from './parse-progress-file.js';
import type { ProgressStore } from './store.js';
import type { ProgressFile } from './types.js';

/** The few fs calls the store makes; injectable so tests can simulate a crash mid-write. */
export interface ProgressFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  open(path: string, flags: string): Promise<WritableHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
}

export interface WritableHandle {
  writeFile(data: string, encoding: 'utf8'): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const nodeProgressFs: ProgressFs = {
  readFile: (path, encoding) => nodeFs.readFile(path, encoding),
  open: (path, flags) => nodeFs.open(path, flags),
  rename: (from, to) => nodeFs.rename(from, to),
  unlink: (path) => nodeFs.unlink(path),
  readdir: (path) => nodeFs.readdir(path),
  mkdir: (path, options) => nodeFs.mkdir(path, options),
};

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
    if (!this.leftoversCleaned) {
      await this.fs.mkdir(dirname(this.path), { recursive: true });
      await this.removeLeftoverTempFiles(dirname(this.path));
      this.leftoversCleaned = true;
    }
    try {
      await writeFileAtomically(this.fs, this.path, `${JSON.stringify(file, null, 2)}\n`);
    } catch (error) {
      throw new ProgressFileError(`Could not save progress file ${this.path}: ${messageOf(error)}`, {
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
