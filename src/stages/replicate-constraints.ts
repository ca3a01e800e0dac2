import { join } from 'node:path';
import pLimit from 'p-limit';
import type { CatalogModel } from '../catalog/model.js';
import type { ResolvedConfig } from '../config/types.js';
import { planPostdata, type TablePostdataPlan } from '../postdata/index.js';
import { serverVersionNum } from '../postgres/existing-postdata.js';
import { unmigratedFile } from '../progress/unmigrated.js';
import type { StageSummary } from '../run/events.js';
import { withReleasers } from '../run/releasers.js';
import { runStage, type TableContext, type TableResult, type TableRunner } from '../run/run-stage.js';
import type { WindowOptions } from '../run/window.js';
import { createConstraintsTableRunner, reportPlanNotes } from './constraints-table-runner.js';
import { writeAccount } from './not-migrated-account.js';
import { checkConstraintsStage, type SourceGrantReader } from './check-grants.js';
import { dataNotLoaded, tablesWithoutData } from './data-loaded.js';
import { planTrackedStage } from './plan-stage.js';
import { setSequenceValueRunner } from './sequence-runners.js';
import { largestFirst, type StageControl } from './stage-kit.js';
import { planUnits, runnerByKind, unitStageRunBase } from './stage-units.js';
import { openTargetMode, type TargetMode } from './target-mode.js';
import { planStageViews, settleBarrier, viewOrder } from './stage-views.js';
import { createViewRunner } from './view-runner.js';

export interface ReplicateConstraintsOptions {
  readonly window: WindowOptions;
  /** Tables and statements at once (index builds). */
  readonly parallel: number;
  /** `maintenance_work_mem` for each statement (`1GB`), or null for the server's setting. */
  readonly maintenanceWorkMem: string | null;
  /** Every foreign key NOT VALID, then VALIDATE CONSTRAINT as its own step (weaker lock). */
  readonly fkNotValid: boolean;
  /** Also on tables whose data stage has not completed (otherwise the run is refused). */
  readonly force?: boolean;
}

export interface ReplicateConstraintsDeps extends Omit<StageControl, 'failFast'> {
  readonly config: ResolvedConfig;
  /** Reads the SQL Server catalog (src/sqlserver); tests pass a fixture catalog. */
  readonly loadCatalog: () => Promise<CatalogModel>;
  /** `--dry-run` prints the SQL (foreign keys last) and never connects to the target. */
  readonly target: TargetMode;
  /** The source login's grants, checked before anything is built (absent: not checked). */
  readonly sourceGrants?: SourceGrantReader;
}

/** NULLS NOT DISTINCT arrived in Postgres 15. */
const PG15 = 150000;

/**
 * Stage 3 (post-data): per table the primary key (when not already there), unique constraints,
 * indexes and checks, then foreign keys once the tables they reference have their keys; then
 * the sequences' values (read from the source now, after the data) and the views, in their
 * dependency order, once every table of the run is done. Names are planned over the whole
 * selection so every batch window gets the same ones. Progress in
 * progress/constraints_replication_progress.json; a table is completed when all of it is there.
 * At the end it writes the account of what is not migrated (progress/not_migrated.json) and
 * the definition of every exported object (progress/unmigrated/).
 */
export async function replicateConstraints(deps: ReplicateConstraintsDeps, o: ReplicateConstraintsOptions): Promise<StageSummary> {
  return withReleasers(async (onRelease) => {
    const catalog = await deps.loadCatalog();
    const dryRun = deps.target.mode === 'dry-run';
    let dataNotice: string | null = null;
    const planned = await planTrackedStage({
      catalog, config: deps.config, stage: 'constraints', window: o.window, dryRun, onRelease, listener: deps.listener,
      // A dry run only prints: nothing is built, nothing to refuse.
      check: async (p) => {
        if (dryRun) return;
        const order = dataNotLoaded(await tablesWithoutData(deps.config.progressDir, p.plan.toRun), o.force ?? false);
        if (order.refuse) throw order.refuse;
        dataNotice = order.notice;
      },
    });
    const units = planUnits(planned, catalog, deps.config, o.window, ['sequence', 'view']);
    // One connection per statement slot, plus one for the existence checks.
    const target = await openTargetMode(deps.target, o.parallel + 1, onRelease);
    if (target.mode === 'live' && planned.plan.toRun.length > 0) {
      await checkConstraintsStage({ pool: target.pool, planned, source: deps.sourceGrants, listener: deps.listener });
    }
    const version = target.mode === 'live' ? await serverVersionNum(target.pool) : null;
    const mapping = { overrides: deps.config.typeOverrides, postgis: false };
    const plans = planPostdata(
      planned.models,
      planned.names,
      { identifierStyle: deps.config.naming.identifierStyle, mapping, nullsNotDistinct: version === null || version >= PG15, fkNotValid: o.fkNotValid },
      [...units.targets.values()],
    );
    const viewPlans = planStageViews(catalog, planned, units, deps.config);
    const tables = dryRun ? planned.plan.toRun : largestFirst(planned);
    const barrier = settleBarrier(tables.length);
    const foreignKeySql: string[] = [];
    const tableRunner =
      target.mode === 'dry-run'
        ? dryRunRunner(plans, target.print, foreignKeySql)
        : createConstraintsTableRunner({
            plans,
            inRun: new Set(planned.plan.toRun),
            pool: target.pool,
            statementSlot: pLimit(Math.max(1, o.parallel)),
            maintenanceWorkMem: o.maintenanceWorkMem,
          });
    const summary = await runStage({
      ...unitStageRunBase('constraints', planned, units, planned.tracker, { ...deps, failFast: o.window.failFast }),
      // Largest first: their index builds take longest. A dry run prints in catalog order.
      // Sequences and views after every table: all of them start before the first view waits.
      toRun: [...tables, ...units.toRun.sequence, ...viewOrder(units.toRun.view, viewPlans)],
      concurrency: dryRun ? 1 : o.parallel,
      notices: [...(dataNotice === null ? [] : [dataNotice]), ...stageNotices(planned.plan.toRun.flatMap((t) => plans.get(t) ?? []), version)],
      runTable: runnerByKind({
        table: (ctx) => tableRunner(ctx).finally(() => barrier.arrive()),
        sequence: setSequenceValueRunner(target),
        view: createViewRunner({
          plans: viewPlans,
          target,
          inRun: new Set(units.toRun.view),
          tablesSettled: barrier.wait,
          exportedFile: (view) => join(deps.config.progressDir, unmigratedFile('view', view)),
        }),
      }),
    });
    if (target.mode === 'dry-run' && foreignKeySql.length > 0) {
      target.print(['-- foreign keys, once every table has its keys', ...foreignKeySql, ''].join('\n'));
    }
    // The account covers the whole selection, whatever the window: every run rewrites it. It
    // only describes: failing to write it must not hide what the stage did.
    if (dryRun) return summary;
    try {
      await writeAccount(catalog, deps.config);
      return summary;
    } catch (err) {
      return { ...summary, notices: [...summary.notices, `The account of what is not migrated could not be written to ${deps.config.progressDir}: ${(err as Error).message}`] };
    }
  });
}

function stageNotices(plans: readonly TablePostdataPlan[], version: number | null): string[] {
  const notices: string[] = [];
  const clustered = plans.reduce((n, p) => n + p.clustered, 0);
  if (clustered > 0) {
    notices.push(
      `${clustered} clustered keys/indexes are built as ordinary btree indexes (PostgreSQL has no clustered index; ` +
        'run CLUSTER once if the physical order matters).',
    );
  }
  if (version === null) notices.push('--dry-run does not connect to PostgreSQL: the SQL assumes PostgreSQL 15 or newer (UNIQUE NULLS NOT DISTINCT).');
  else if (version < PG15) notices.push('PostgreSQL before 15: unique keys are created without NULLS NOT DISTINCT (see the differences).');
  return notices;
}

/** --dry-run: prints each table's statements; foreign keys are collected and printed last. */
function dryRunRunner(plans: ReadonlyMap<string, TablePostdataPlan>, print: (sql: string) => void, foreignKeySql: string[]): TableRunner {
  return async (ctx: TableContext): Promise<TableResult> => {
    const plan = plans.get(ctx.table);
    if (plan === undefined) return { rows: 0 };
    reportPlanNotes(plan, ctx.warn);
    if (plan.keys.length > 0) print([`-- ${ctx.table}`, ...plan.keys.map((i) => `${i.sql};`), ''].join('\n'));
    for (const fk of plan.foreignKeys) {
      foreignKeySql.push(`${fk.sql};`);
      if (fk.createdNotValid && fk.validateSql !== null) foreignKeySql.push(`${fk.validateSql};`);
    }
    return { rows: 0 };
  };
}
