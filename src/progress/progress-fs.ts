/**
 * The few fs calls the progress files make (read, atomic write, lock-free cleanup), behind one
 * interface so tests can simulate a crash or a full disk mid-write.
 */
import * as nodeFs from 'node:fs/promises';

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
