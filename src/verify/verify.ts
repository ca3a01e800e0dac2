import type pg from 'pg';
import type { ResolvedConfig } from '../config/types.js';
import type { EncoderOptions } from '../copy/index.js';
import { orderLargestFirst } from '../plan/order-largest-first.js';
import type { StageListener, StageSummary } from '../run/events.js';
import { withReleasers } from '../run/releasers.js';
import { runStage } from '../run/run-stage.js';
import { planStage, windowFields } from '../stages/plan-stage.js';
import type { WindowOptions } from '../stages/replicate-schema.js';
import type { IsolationLevel } from '../sqlserver/contract.js';
import { memoryStageTracker } from './memory-stage-tracker.js';
import { buildReport, type TableVerdict, type VerifyReport } from './report.js';
import { createScratchSchema, dropScratchSchema } from './scratch-table.js';
import { createVerifyTableWorker, DEFAULT_RANGE_ROWS } from './verify-table-worker.js';
import type { VerifySource } from './verify-source.js';
import { writeVerifyReport } from './write-report.js';

export interface VerifyOptions extends Pick<WindowOptions, 'startFrom' | 'until' | 'maxTables' | 'failFast'> {
  readonly parallel: number;
  readonly isolation: IsolationLevel;
  readonly nolock: boolean;
  /** The encoder options stage 2 ran with (--strip-nul etc.), so both sides encode alike. */
  readonly encoder: EncoderOptions;
  readonly countsOnly: boolean;
  /** Rows per key range (tests make it small). */
  readonly rangeRows?: number;
}

export interface VerifyDeps {
  readonly config: ResolvedConfig;
  /** Opened by the caller, sized for `parallel` reads; closed by the caller. */
  readonly source: VerifySource;
  readonly openTarget: (maxConnections: number) => Promise<pg.Pool>;
  readonly listener?: StageListener;
  readonly signal?: AbortSignal;
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
    const { byName, plan, names } = planStage(catalog, deps.config, { ...o, resume: false, reset: false }, () => undefined);
    // Two connections per table at work (one loads a range while the other compares the
    // previous one), plus one spare for the counts.
    const pool = await deps.openTarget(2 * o.parallel + 1);
    onRelease(() => pool.end());
    if (!o.countsOnly) {
      await createScratchSchema(pool);
      onRelease(() => dropScratchSchema(pool));
    }
    const verdicts = new Map<string, TableVerdict>();
    const estimate = (t: string): number => byName.get(t)?.rowCountEstimate ?? 0;
    const summary = await runStage({
      stage: 'verify',
      ...windowFields(plan),
      toRun: orderLargestFirst(plan.toRun, estimate),
      estimatedRows: estimate,
      tracker: memoryStageTracker(),
      concurrency: o.parallel,
      failFast: o.failFast,
      signal: deps.signal,
      listener: deps.listener,
      notices: o.nolock ? ['Read with NOLOCK: counts and rows may not match a consistent state of the source.'] : [],
      runTable: createVerifyTableWorker({
        byName,
        names,
        source: deps.source,
        pool,
        isolation: o.isolation,
        nolock: o.nolock,
        encoder: o.encoder,
        countsOnly: o.countsOnly,
        rangeRows: o.rangeRows ?? DEFAULT_RANGE_ROWS,
        verdicts,
      }),
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
