/**
 * Progress of one stage, persisted through a ProgressStore after every transition. A table is
 * recorded as completed only when the caller says its unit of work committed (umzug's rule), so
 * --resume never skips a table that is half done.
 *
 * Stage 2 copies tables in parallel, so marks arrive concurrently: saves go through one promise
 * chain (never two writes in flight), and a save that has not started yet absorbs later marks
 * (it serializes the state as of when it runs), so 50 parallel marks cost a few writes, not 50.
 */
import { ProgressFileError } from '../errors.js';
import type { RecordedCommand } from './recorded-command.js';
import type { ProgressStore } from './store.js';
import type { ChunkProgress, ProgressFile, StageName, TableStageProgress, TargetIdentity, WindowRecord } from './types.js';

export interface ProgressTrackerOptions {
  /**
   * Forget this stage's progress: `true` for every table (a new session), or only these tables
   * (`--reset` with `--include`/`--exclude` or a batch window: the other tables keep theirs).
   */
  reset: boolean | { readonly tables: readonly string[] };
  now?: () => Date;
  /** updateRows persists at most this often (ms), unless forced. Default 2000. */
  rowsThrottleMs?: number;
}

export const DEFAULT_ROWS_THROTTLE_MS = 2000;

export class ProgressTracker {
  private chain: Promise<void> = Promise.resolve();
  private queuedSave: Promise<void> | null = null;
  private unsaved = false;
  private lastPersistAtMs = Number.NEGATIVE_INFINITY;

  private constructor(
    private readonly store: ProgressStore,
    readonly stage: StageName,
    private readonly file: ProgressFile,
    private readonly now: () => Date,
    private readonly rowsThrottleMs: number,
  ) {}

  static async open(
    store: ProgressStore,
    stage: StageName,
    options: ProgressTrackerOptions,
  ): Promise<ProgressTracker> {
    const now = options.now ?? (() => new Date());
    const throttleMs = options.rowsThrottleMs ?? DEFAULT_ROWS_THROTTLE_MS;
    if (options.reset === false) {
      const loaded = await store.load();
      const file = loaded ?? emptyFile(now());
      return new ProgressTracker(store, stage, file, now, throttleMs);
    }
    const only = options.reset === true ? null : new Set(options.reset.tables);
    const tracker = new ProgressTracker(store, stage, await loadForReset(store, stage, now(), only), now, throttleMs);
    await tracker.persist();
    return tracker;
  }

  get sessionStart(): string {
    return this.file.session_start;
  }

  /** A copy of this stage's entry for the table; undefined when the table was never seen. */
  statusOf(table: string): TableStageProgress | undefined {
    const entry = this.file.tables[table]?.[this.stage];
    return entry === undefined ? undefined : { ...entry };
  }

  /** The whole file as it stands in memory (a copy). */
  snapshot(): ProgressFile {
    return structuredClone(this.file);
  }

  /**
   * Allowed from any state: a failed, interrupted or completed table can be run again. A range
   * plan from an earlier run stays until the stage replaces or clears it (updateChunks), so a
   * crash right after this write still leaves what a resume needs.
   */
  async markStarted(table: string): Promise<void> {
    this.setEntry(table, {
      status: 'in_progress',
      started_at: this.now().toISOString(),
      completed_at: null,
      failed_at: null,
      rows_synced: 0,
      error: null,
      ...chunkFieldsOf(this.file.tables[table]?.[this.stage]),
    });
    await this.persist();
  }

  /**
   * Records (or with null, clears) a table's range plan and how far it got; persisted at once,
   * because a resume decides from it which ranges are left.
   */
  async updateChunks(table: string, chunks: ChunkProgress | null): Promise<void> {
    const entry = this.file.tables[table]?.[this.stage];
    if (entry === undefined) return;
    const { chunks_total: _t, chunks_done: _d, ranges_pending: _p, chunk_plan: _c, chunk_key: _k, ...rest } = entry;
    this.setEntry(table, chunks === null ? rest : { ...rest, ...structuredClone(chunks) });
    await this.persist();
  }

  /**
   * The target table a unit of this table just committed into (stage 2). Not written at once:
   * the completion or range record that follows persists it with the rest of the entry.
   */
  updateTarget(table: string, target: TargetIdentity): void {
    const entry = this.file.tables[table]?.[this.stage];
    if (entry === undefined) return;
    entry.target = { ...target };
    this.unsaved = true;
  }

  /** Records the run's batch window (null: no window), for `mssql2pg status`. */
  async recordWindow(window: WindowRecord | null): Promise<void> {
    if (JSON.stringify(this.file.last_window ?? null) === JSON.stringify(window)) return;
    if (window) this.file.last_window = { ...window };
    else delete this.file.last_window;
    await this.persist();
  }

  /** Records the command of this run, for the resume command `mssql2pg status` prints. */
  async recordCommand(command: RecordedCommand): Promise<void> {
    if (JSON.stringify(this.file.last_command ?? null) === JSON.stringify(command)) return;
    this.file.last_command = { command: command.command, args: [...command.args] };
    await this.persist();
  }

  /**
   * Records the run's tables that this stage has never seen as `pending`, in one write, so the
   * file shows from the start what is still to do. Tables with an entry keep it.
   */
  async markPending(tables: readonly string[]): Promise<void> {
    let added = false;
    for (const table of tables) {
      if (this.file.tables[table]?.[this.stage] !== undefined) continue;
      this.setEntry(table, { status: 'pending', started_at: null, completed_at: null, failed_at: null, rows_synced: 0, error: null });
      added = true;
    }
    if (added) await this.persist();
  }

  /** Call only after the table's work committed. */
  async markCompleted(table: string, rowsSynced: number): Promise<void> {
    const entry = this.requireInProgress(table, 'completed');
    this.setEntry(table, {
      ...entry,
      status: 'completed',
      completed_at: this.now().toISOString(),
      rows_synced: rowsSynced,
      error: null,
    });
    await this.persist();
  }

  /**
   * `error` is stored verbatim: the caller formats it with the SQL Server error number or
   * SQLSTATE. Allowed before markStarted too (a table can fail while being prepared).
   */
  async markFailed(table: string, error: string, rowsCommitted?: number): Promise<void> {
    const entry = this.file.tables[table]?.[this.stage];
    this.setEntry(table, {
      status: 'failed',
      started_at: entry?.started_at ?? null,
      completed_at: null,
      failed_at: this.now().toISOString(),
      // What stays in the table: rows read into a transaction that rolled back are not copied.
      rows_synced: rowsCommitted ?? entry?.rows_synced ?? 0,
      error,
      ...chunkFieldsOf(entry),
    });
    await this.persist();
  }

  /**
   * Rows copied so far, persisted at most every rowsThrottleMs unless forced. Reports for a table
   * that is no longer in progress are ignored: a late report must not undo a completion or
   * failure. The latest count always reaches the file with the next mark or flush().
   */
  async updateRows(table: string, rows: number, options: { force?: boolean } = {}): Promise<void> {
    const entry = this.file.tables[table]?.[this.stage];
    if (entry?.status !== 'in_progress') return;
    entry.rows_synced = rows;
    this.unsaved = true;
    const dueAtMs = this.lastPersistAtMs + this.rowsThrottleMs;
    if (options.force === true || this.now().getTime() >= dueAtMs) await this.persist();
  }

  /** Persists anything a throttled updateRows held back, and waits for every save in flight. */
  async flush(): Promise<void> {
    if (this.unsaved) await this.persist();
    await this.chain;
  }

  private setEntry(table: string, entry: TableStageProgress): void {
    const stages = (this.file.tables[table] ??= {});
    stages[this.stage] = entry;
    this.unsaved = true;
  }

  private requireInProgress(table: string, target: string): TableStageProgress {
    const entry = this.file.tables[table]?.[this.stage];
    if (entry?.status !== 'in_progress') {
      // A bug in the caller, not a user error: the stage must markStarted first.
      throw new Error(
        `Cannot mark ${table} (${this.stage}) ${target}: it is ${entry?.status ?? 'unknown'}, not in_progress`,
      );
    }
    return entry;
  }

  private persist(): Promise<void> {
    this.lastPersistAtMs = this.now().getTime();
    if (this.queuedSave !== null) return this.queuedSave;
    const save = this.chain.then(() => this.saveNow());
    this.queuedSave = save;
    this.chain = save.catch(() => undefined);
    return save;
  }

  private async saveNow(): Promise<void> {
    this.queuedSave = null;
    this.unsaved = false;
    this.file.last_updated = this.now().toISOString();
    try {
      // A copy: the store may serialize after an await, while marks keep changing this.file.
      await this.store.save(structuredClone(this.file));
    } catch (error) {
      this.unsaved = true;
      throw error;
    }
  }
}

/** What a restart or failure keeps of an entry: its range plan, and the target identity for resume checks. */
function chunkFieldsOf(entry: TableStageProgress | undefined): Partial<ChunkProgress> & Pick<TableStageProgress, 'target'> {
  const target = entry?.target === undefined ? {} : { target: { ...entry.target } };
  if (entry?.chunk_plan === undefined) return target;
  const { chunks_total, chunks_done, ranges_pending, chunk_plan, chunk_key } = entry;
  const key = chunk_key === undefined ? {} : { chunk_key };
  return { ...structuredClone({ chunks_total, chunks_done, ranges_pending, chunk_plan, ...key }), ...target };
}

function emptyFile(at: Date): ProgressFile {
  return { session_start: at.toISOString(), last_updated: at.toISOString(), tables: {} };
}

/**
 * --reset forgets only this stage, and with `only` only those tables of it: the others keep
 * their progress and the session goes on. A corrupted file is exactly what --reset is for (the
 * error message suggests it), so it is replaced instead of refused (nothing in it can be kept,
 * scoped or not).
 */
async function loadForReset(store: ProgressStore, stage: StageName, at: Date, only: ReadonlySet<string> | null): Promise<ProgressFile> {
  let loaded: ProgressFile | null;
  try {
    loaded = await store.load();
  } catch (error) {
    if (error instanceof ProgressFileError) return emptyFile(at);
    throw error;
  }
  const file = only === null || loaded === null ? emptyFile(at) : { ...loaded, tables: {} };
  for (const [table, stages] of Object.entries(loaded?.tables ?? {})) {
    if (only !== null && !only.has(table)) {
      file.tables[table] = stages;
      continue;
    }
    const { [stage]: _forgotten, ...otherStages } = stages;
    if (Object.keys(otherStages).length > 0) file.tables[table] = otherStages;
  }
  return file;
}
