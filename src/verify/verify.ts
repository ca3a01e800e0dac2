import type pg from 'pg';
import type { ResolvedConfig } from '../config/types.js';
import type { ReadSettings } from '../load/settings.js';
import type { StageSummary } from '../run/events.js';
import { withReleasers } from '../run/releasers.js';
import { runStage } from '../run/run-stage.js';
import { WHOLE_SELECTION, type WindowOptions } from '../run/window.js';
import type { VerifySource } from '../sqlserver/contract.js';
import { planStage } from '../stages/plan-stage.js';
import { largestFirst, stageRunBase, type StageControl } from '../stages/stage-kit.js';
import { memoryStageTracker } from './memory-stage-tracker.js';
import { buildReport, type TableVerdict, type VerifyReport } from './report.js';
import { createScratchSchema, dropScratchSchema } from './scratch-table.js';
import { createVerifyTableRunner } from './verify-table-runner.js';
import { writeVerifyReport } from './write-report.js';

export interface VerifyOptions {
  /** The batch window; verify keeps no progress, so resume and reset do not apply. */
  readonly window: Pick<WindowOptions, 'startFrom' | 'until' | 'maxTables' | 'failFast'>;
  readonly parallel: number;
  /** The read settings stage 2 ran with (--strip-nul etc.), so both sides encode alike. */
  readonly read: ReadSettings;
  readonly countsOnly: boolean;
  /** Rows per key range. */
  readonly rangeRows: number;
}

export interface VerifyDeps extends Omit<StageControl, 'failFast'> {
  readonly config: ResolvedConfig;
  /** Opened by the caller, sized for `parallel` reads; closed by the caller. */
  readonly source: VerifySource;
  readonly openTarget: (maxConnections: number) => Promise<pg.Pool>;
}

export interface VerifyOutcome {
  readonly summary: StageSummary;
  readonly report: VerifyReport;
  readonly reportPath: string;
}

/**
 * `mssql2pg verify`: every table of the window, `parallel` at a time, largest first. Scratch
 * tables live in their own schema, each dropped when its table is done and the schema at the
 * end, also on failure and interrupt (withReleasers). The report is written even then.
 */
export async function verifyTables(deps: VerifyDeps, o: VerifyOptions): Promise<VerifyOutcome> {
  return withReleasers(async (onRelease) => {
    const catalog = await deps.source.loadCatalog();
    const planned = planStage(catalog, deps.config, { ...WHOLE_SELECTION, ...o.window }, () => undefined);
    // Two connections per table at work (one loads a range while the other compares the
    // previous one), plus one spare for the counts.
    const pool = await deps.openTarget(2 * o.parallel + 1);
    onRelease(() => pool.end());
    if (!o.countsOnly) {
      await createScratchSchema(pool);
      onRelease(() => dropScratchSchema(pool));
    }
    const verdicts = new Map<string, TableVerdict>();
    const summary = await runStage({
      ...stageRunBase('verify', planned, memoryStageTracker(), { ...deps, failFast: o.window.failFast }),
      toRun: largestFirst(planned),
      concurrency: o.parallel,
      notices: o.read.nolock ? ['Read with NOLOCK: counts and rows may not match a consistent state of the source.'] : [],
      runTable: createVerifyTableRunner({ source: deps.source, pool, read: o.read, countsOnly: o.countsOnly, rangeRows: o.rangeRows, verdicts }),
    });
    for (const f of summary.failed) {
      if (!verdicts.has(f.table)) verdicts.set(f.table, { table: f.table, status: 'failed', error: f.error });
    }
    for (const t of summary.notRun) verdicts.set(t, { table: t, status: 'failed', error: 'not verified (the run stopped first)' });
    const report = buildReport([...verdicts.values()], o.countsOnly);
    const reportPath = await writeVerifyReport(deps.config.progressDir, report);
    return { summary, report, reportPath };
  });
}
