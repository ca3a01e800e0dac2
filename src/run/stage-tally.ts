/** What a stage run counted as it went, and the summary it ends with. */
import type { RunStageName, StageSummary, TableOutcome, TableWarning } from './events.js';

export class StageTally {
  readonly failed: TableOutcome[] = [];
  readonly warnings: TableWarning[] = [];
  readonly notices: string[] = [];
  private readonly notRun = new Set<string>();
  succeeded = 0;
  /** Rows this run copied (committed). */
  rows = 0;
  bytes = 0;
  /** Rows earlier runs had committed into this run's tables (resumed key ranges, skipped tables). */
  earlier = 0;

  done(rows: number, bytes: number, earlier = 0): void {
    this.succeeded += 1;
    this.rows += rows;
    this.bytes += bytes;
    this.earlier += earlier;
  }

  skippedByStop(table: string): void {
    this.notRun.add(table);
  }

  summary(o: {
    readonly stage: RunStageName;
    readonly selected: number;
    readonly window: number;
    readonly toRun: readonly string[];
    readonly skipped: number;
    readonly durationMs: number;
    readonly interrupted: boolean;
    readonly fault?: string;
  }): StageSummary {
    return {
      stage: o.stage,
      selected: o.selected,
      window: o.window,
      succeeded: this.succeeded,
      skipped: o.skipped,
      failed: this.failed,
      notRun: o.toRun.filter((t) => this.notRun.has(t)),
      warnings: this.warnings,
      notices: this.notices,
      rows: this.rows,
      bytes: this.bytes,
      durationMs: o.durationMs,
      interrupted: o.interrupted,
      ...(o.fault !== undefined ? { fault: o.fault } : {}),
      ...(this.earlier > 0 ? { totalRows: this.rows + this.earlier } : {}),
    };
  }
}
