import pLimit from 'p-limit';
import type { CatalogModel } from '../catalog/model.js';
import type { ResolvedConfig } from '../config/types.js';
import { planPostdata, type TablePostdataPlan } from '../postdata/index.js';
import { serverVersionNum } from '../postgres/existing-postdata.js';
import type { StageSummary } from '../run/events.js';
import { withReleasers } from '../run/releasers.js';
import { runStage, type TableContext, type TableResult, type TableRunner } from '../run/run-stage.js';
import type { WindowOptions } from '../run/window.js';
import { createConstraintsTableRunner, reportPlanNotes } from './constraints-table-runner.js';
import { checkConstraintsStage, type SourceGrantReader } from './check-grants.js';
import { dataNotLoaded, tablesWithoutData } from './data-loaded.js';
import { planTrackedStage } from './plan-stage.js';
import { largestFirst, stageRunBase, type StageControl } from './stage-kit.js';
import { openTargetMode, type TargetMode } from './target-mode.js';

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
 * indexes and checks, then foreign keys once the tables they reference have their keys. Names
 * are planned over the whole selection so every batch window gets the same ones. Progress in
 * progress/constraints_replication_progress.json; a table is completed when all of it is there.
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
    // One connection per statement slot, plus one for the existence checks.
    const target = await openTargetMode(deps.target, o.parallel + 1, onRelease);
    if (target.mode === 'live' && planned.plan.toRun.length > 0) {
      await checkConstraintsStage({ pool: target.pool, planned, source: deps.sourceGrants, listener: deps.listener });
    }
    const version = target.mode === 'live' ? await serverVersionNum(target.pool) : null;
    const plans = planPostdata(planned.models, planned.names, {
      identifierStyle: deps.config.naming.identifierStyle,
      mapping: { overrides: deps.config.typeOverrides, postgis: false },
      nullsNotDistinct: version === null || version >= PG15,
      fkNotValid: o.fkNotValid,
    });
    const foreignKeySql: string[] = [];
    const runTable =
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
      ...stageRunBase('constraints', planned, planned.tracker, { ...deps, failFast: o.window.failFast }),
      // Largest first: their index builds take longest. A dry run prints in catalog order.
      toRun: dryRun ? planned.plan.toRun : largestFirst(planned),
      concurrency: dryRun ? 1 : o.parallel,
      notices: [...(dataNotice === null ? [] : [dataNotice]), ...stageNotices(planned.plan.toRun.flatMap((t) => plans.get(t) ?? []), version)],
      runTable,
    });
    if (target.mode === 'dry-run' && foreignKeySql.length > 0) {
      target.print(['-- foreign keys, once every table has its keys', ...foreignKeySql, ''].join('\n'));
    }
    return summary;
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
