/**
 * The contract between runStage (the loop) and a stage: what the stage hands in (StageRun), what
 * each table's runner gets (TableContext) and gives back (TableResult), and what the loop needs
 * from the progress tracker (StageTracker; src/progress/tracker.ts satisfies it).
 */
import type { TableModel } from '../catalog/model.js';
import type { TargetTableNames } from '../naming/index.js';
import type { RecordedCommand } from '../progress/recorded-command.js';
import type { ChunkProgress, TableStageProgress, TargetIdentity, WindowRecord } from '../progress/types.js';
import type { RunStageName, StageEvent, StageListener } from './events.js';

export interface StageTracker {
  statusOf(table: string): TableStageProgress | undefined;
  markPending(tables: readonly string[]): Promise<void>;
  markStarted(table: string): Promise<void>;
  markCompleted(table: string, rowsSynced: number): Promise<void>;
  /** `rowsCommitted`: what stays in the table (key ranges that committed), recorded as its rows. */
  markFailed(table: string, error: string, rowsCommitted?: number): Promise<void>;
  updateRows(table: string, rows: number): Promise<void> | void;
  /** Stage 2's key-range plan of a table (optional: other stages have none). */
  updateChunks?(table: string, chunks: ChunkProgress | null): Promise<void>;
  /** Stage 2: the target table a unit committed into (optional: other stages load nothing). */
  updateTarget?(table: string, target: TargetIdentity): void;
  /** The run's batch window (optional: verify keeps no progress file). */
  recordWindow?(window: WindowRecord | null): Promise<void>;
  /** The command that runs this stage again, for `mssql2pg status` (optional, as above). */
  recordCommand?(command: RecordedCommand): Promise<void>;
  flush(): Promise<void>;
}

/** A selected table as the plan knows it: its catalog model and its target names. */
export interface PlannedTable {
  readonly model: TableModel;
  readonly names: TargetTableNames;
}

/** What every unit's runner gets, whatever the unit is (a table, or a stage's other objects). */
export interface UnitContext {
  /** `schema.table` (or `schema.name` of another object) of the source, the key in progress files and events. */
  readonly table: string;
  /** Aborted on interrupt (SIGINT/SIGTERM) or fail-fast: the runner must stop and roll back. */
  readonly signal: AbortSignal;
  /** Status recorded by an earlier run, before this run touched it (resume decisions). */
  readonly previous: TableStageProgress | undefined;
  /** Rows read so far, committed or not (progress). */
  reportRows(rows: number, bytes: number): void;
  /**
   * Rows of this table that have committed so far (`earlier` of them by earlier runs): a table
   * copied in key ranges reports each range's COMMIT, so a table that fails or is interrupted
   * later still counts the rows it keeps. A table copied as one unit never needs to.
   */
  reportCommitted(rows: number, earlier: number, bytes: number): void;
  /** Persists the table's range plan and progress (stage 2); resolves once written. */
  reportChunks(chunks: ChunkProgress | null): Promise<void>;
  /** Records the target table identity a unit of this table committed into (stage 2). */
  reportTarget(target: TargetIdentity): void;
  warn(message: string): void;
  emit(event: StageEvent): void;
}

/** Per-table context handed to the stage's table runner. */
export interface TableContext extends PlannedTable, UnitContext {}

/** The context of one unit of a stage whose units are `U` (tables by default). */
export type ContextOf<U> = U & UnitContext;

export interface TableResult {
  /** Rows the table holds now (for a resumed key-range table, earlier runs' ranges included). */
  readonly rows: number;
  readonly bytes?: number;
  /** Of `rows`, those that earlier runs had committed (resumed key ranges); default 0. */
  readonly earlierRows?: number;
}

export type TableRunner = (ctx: TableContext) => Promise<TableResult>;

/**
 * What a stage hands runStage. Its units are tables by default; a stage that also creates
 * other objects (sequences, views) passes its own unit type and a runner that takes it.
 */
export interface StageRun<U = PlannedTable> {
  readonly stage: RunStageName;
  /** Tables after include/exclude (sorted): positions in "[45/300]" count within this list. */
  readonly selected: readonly string[];
  /** Every selected table's model and names (every selected unit, for a stage of other units). */
  readonly tables: ReadonlyMap<string, U>;
  /** Window tables to run, in the order to start them. */
  readonly toRun: readonly string[];
  readonly skippedCompleted: readonly string[];
  readonly windowSize: number;
  /** The batch window to record in the progress file (undefined: leave the file's as it is). */
  readonly windowRecord?: WindowRecord | null;
  readonly position: ReadonlyMap<string, number>;
  readonly estimatedRows?: (table: string) => number;
  readonly tracker: StageTracker;
  readonly concurrency: number;
  readonly failFast: boolean;
  /** Aborted by the interrupt handler: no new table starts, running ones are aborted. */
  readonly signal?: AbortSignal;
  readonly listener?: StageListener;
  readonly runTable: (ctx: ContextOf<U>) => Promise<TableResult>;
  /** Printed at the start and repeated in the summary (e.g. the NOLOCK warning). */
  readonly notices?: readonly string[];
  /** Recorded in the progress file for `mssql2pg status` (undefined: leave the file's). */
  readonly command?: RecordedCommand;
  readonly now?: () => number;
}
