import { rm } from 'node:fs/promises';
import pLimit from 'p-limit';
import type pg from 'pg';
import { DEFAULTS } from '../config/defaults.js';
import type { ResolvedConfig } from '../config/types.js';
import type { ReadSettings } from '../load/settings.js';
import { hasPostgis } from '../postgres/inspect.js';
import type { StageSummary } from '../run/events.js';
import { withReleasers } from '../run/releasers.js';
import { runStage } from '../run/run-stage.js';
import { WHOLE_SELECTION, type WindowOptions } from '../run/window.js';
import type { VerifySource } from '../sqlserver/contract.js';
import { planStage } from '../stages/plan-stage.js';
import { largestFirst, stageRunBase, type StageControl } from '../stages/stage-kit.js';
import { memoryStageTracker } from './memory-stage-tracker.js';
import { buildReport, type TableVerdict, type VerifyReport } from './report.js';
import { dropLegacyScratchSchema, LEGACY_SCRATCH_SCHEMA, removeStaleScratchDirs, scratchDirOf } from './scratch-cleanup.js';
import { createVerifyTableRunner } from './verify-table-runner.js';
import { writeVerifyReport } from './write-report.js';

export interface VerifyOptions {
  /** The batch window; verify keeps no progress, so resume and reset do not apply. */
  readonly window: Pick<WindowOptions, 'startFrom' | 'until' | 'maxTables' | 'failFast'>;
  /** Tables, and key ranges of one table, compared at once. */
  readonly parallel: number;
  /** How the source is read, and the text rewrites sync data was told to do (--strip-nul etc.). */
  readonly read: ReadSettings;
  readonly countsOnly: boolean;
  /** Rows per key range. */
  readonly rangeRows: number;
  /** --accept-override: SQL Server types or schema.table.column whose type-change differences are accepted. */
  readonly acceptOverrides?: readonly string[];
  /** --repair: reload the key ranges (or tables) found different, then compare them again. */
  readonly repair?: boolean;
  /** Memory for multiset comparisons of the whole run, in bytes (default DEFAULTS.verifyMemoryBytes). */
  readonly memoryBytes?: number;
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
 * `mssql2pg verify`: every table of the window, `parallel` at a time, largest first, each
 * compared by a path that shares no conversion code with stage 2 (see verify-table-runner.ts).
 * Spill files of multiset comparisons live in the run's own scratch directory, removed at the
 * end, also on failure and interrupt; those of runs killed earlier are removed at the start.
 * The report is written even then.
 */
export async function verifyTables(deps: VerifyDeps, o: VerifyOptions): Promise<VerifyOutcome> {
  return withReleasers(async (onRelease) => {
    const catalog = await deps.source.loadCatalog();
    const planned = planStage(catalog, deps.config, { ...WHOLE_SELECTION, ...o.window }, () => undefined);
    // One connection per comparison at work, plus one for the small queries around them.
    const pool = await deps.openTarget(o.parallel + 1);
    onRelease(() => pool.end());
    const notices = await cleanUpEarlierRuns(deps, pool);
    const scratchDir = scratchDirOf(deps.config.progressDir);
    onRelease(() => rm(scratchDir, { recursive: true, force: true }));
    const accepted = new Set((o.acceptOverrides ?? []).map((k) => k.toLowerCase()));
    const verdicts = new Map<string, TableVerdict>();
    const summary = await runStage({
      ...stageRunBase('verify', planned, memoryStageTracker(), { ...deps, failFast: o.window.failFast }),
      toRun: largestFirst(planned),
      concurrency: o.parallel,
      notices: [...notices, ...(o.read.nolock ? ['Read with NOLOCK: counts and rows may not match a consistent state of the source.'] : [])],
      runTable: createVerifyTableRunner({
        source: deps.source,
        pool,
        read: o.read,
        countsOnly: o.countsOnly,
        rangeRows: o.rangeRows,
        units: pLimit(Math.max(1, o.parallel)),
        memoryBudget: Math.floor((o.memoryBytes ?? DEFAULTS.verifyMemoryBytes) / Math.max(1, o.parallel)),
        scratchDir,
        postgis: o.countsOnly ? false : await hasPostgis(pool),
        accepted,
        overrides: deps.config.typeOverrides,
        repair: o.repair === true,
        verdicts,
      }),
    });
    for (const f of summary.failed) {
      if (verdicts.has(f.table)) continue;
      const interrupted = summary.interrupted && f.error.startsWith('interrupted');
      verdicts.set(f.table, interrupted ? { table: f.table, status: 'not-verified', reason: f.error } : { table: f.table, status: 'failed', error: f.error });
    }
    for (const t of summary.notRun) verdicts.set(t, { table: t, status: 'not-verified', reason: 'the run stopped before this table' });
    const report = buildReport([...verdicts.values()], o.countsOnly, new Date(), summary.interrupted);
    const reportPath = await writeVerifyReport(deps.config.progressDir, report);
    return { summary, report, reportPath };
  });
}

/** Removes what verify runs killed earlier left behind; says so in the run's notices. */
async function cleanUpEarlierRuns(deps: VerifyDeps, pool: pg.Pool): Promise<string[]> {
  const notices: string[] = [];
  const dirs = await removeStaleScratchDirs(deps.config.progressDir);
  if (dirs.length > 0) notices.push(`Removed scratch files left by an earlier verify run that did not end: ${dirs.join(', ')} in ${deps.config.progressDir}.`);
  try {
    if (await dropLegacyScratchSchema(pool)) notices.push(`Dropped the scratch schema ${LEGACY_SCRATCH_SCHEMA} left in the target by an earlier verify (mssql2pg no longer uses it).`);
  } catch (err) {
    notices.push(`The target still has the scratch schema ${LEGACY_SCRATCH_SCHEMA} of an earlier verify, and it could not be dropped (${(err as Error).message}): DROP SCHEMA ${LEGACY_SCRATCH_SCHEMA} CASCADE as its owner.`);
  }
  return notices;
}
