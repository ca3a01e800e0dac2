import type { StageName } from '../progress/types.js';

/** Stages with a progress file, plus `verify` (it has no resume, so no progress file). */
export type RunStageName = StageName | 'verify';

/**
 * What a stage run tells its observers. The run never prints: renderers (listr2, plain lines,
 * JSON) subscribe to these events, and tests subscribe with none or collect them.
 */
export type StageEvent =
  | { type: 'stage:start'; stage: RunStageName; selected: number; window: number; toRun: number; skipped: readonly string[] }
  | { type: 'table:skip'; table: string; position: number; total: number }
  | { type: 'table:start'; table: string; position: number; total: number; estimatedRows: number }
  | { type: 'table:progress'; table: string; rows: number; bytes: number }
  /** A table copied in key ranges: `done` of `total` ranges committed (and recorded). */
  | { type: 'table:chunks'; table: string; done: number; total: number }
  | { type: 'table:retry'; table: string; attempt: number; delayMs: number; error: string }
  | { type: 'table:warning'; table: string; message: string }
  /** A detail only `--verbose` prints, kept out of the summary (e.g. which read path a unit took). */
  | { type: 'table:detail'; table: string; message: string }
  | { type: 'table:done'; table: string; position: number; total: number; rows: number; bytes: number; durationMs: number }
  | { type: 'table:fail'; table: string; position: number; total: number; error: string; durationMs: number }
  | { type: 'notice'; message: string };

export type StageListener = (event: StageEvent) => void;

export interface TableOutcome {
  readonly table: string;
  readonly error: string;
}

export interface TableWarning {
  readonly table: string;
  readonly message: string;
}

export interface StageSummary {
  readonly stage: RunStageName;
  /** Tables after include/exclude. */
  readonly selected: number;
  /** Tables in this run's window (start-from/until/max). */
  readonly window: number;
  readonly succeeded: number;
  readonly skipped: number;
  readonly failed: readonly TableOutcome[];
  /** Window tables never started (fail-fast or interrupt). */
  readonly notRun: readonly string[];
  readonly warnings: readonly TableWarning[];
  readonly notices: readonly string[];
  readonly rows: number;
  readonly bytes: number;
  readonly durationMs: number;
  /** Stopped before its end: by an interrupt, or by a fault (then `fault` says which). */
  readonly interrupted: boolean;
  /**
   * Set when a fault of our own stopped the run (a progress file that could not be written, an
   * unhandled rejection): the message, naming the file and the OS error. Exit code 3.
   */
  readonly fault?: string;
  /**
   * Rows in the window's tables counting earlier runs too (tables completed before, key ranges
   * committed before a resume), when that differs from `rows` (copied by this run).
   */
  readonly totalRows?: number;
}
