/**
 * Where a progress file lives. Kept to three methods (umzug's storage idea) so the tracker can be
 * tested against the in-memory twin and the real store can be swapped without touching callers.
 */
import type { ProgressFile } from './types.js';

export interface ProgressStore {
  /** The stored file, or null when none exists yet. Throws ProgressFileError when it is unusable. */
  load(): Promise<ProgressFile | null>;
  /** Replace the stored file as a whole. Must never leave a half-written file behind. */
  save(file: ProgressFile): Promise<void>;
  /** The file's path (or a label), for messages. */
  describe(): string;
}

/** Keeps the file in memory; returns deep copies so callers cannot mutate what was "written". */
export class MemoryProgressStore implements ProgressStore {
  private stored: ProgressFile | null;
  /** Every file saved, in order: lets tests assert on what was persisted and when. */
  readonly saved: ProgressFile[] = [];

  constructor(
    initial: ProgressFile | null = null,
    private readonly label = 'memory:progress.json',
  ) {
    this.stored = initial === null ? null : structuredClone(initial);
  }

  async load(): Promise<ProgressFile | null> {
    return this.stored === null ? null : structuredClone(this.stored);
  }

  async save(file: ProgressFile): Promise<void> {
    this.stored = structuredClone(file);
    this.saved.push(structuredClone(file));
  }

  describe(): string {
    return this.label;
  }
}
