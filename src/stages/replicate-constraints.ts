import pLimit from 'p-limit';
import type pg from 'pg';
import type { CatalogModel } from '../catalog/model.js';
import type { ResolvedConfig } from '../config/types.js';
import { orderLargestFirst } from '../plan/order-largest-first.js';
import { planPostdata, type TablePostdataPlan } from '../postdata/index.js';
import type { StageListener, StageSummary } from '../run/events.js';
import { withReleasers } from '../run/releasers.js';
import { runStage, type TableContext, type TableResult } from '../run/run-stage.js';
import { serverVersionNum } from '../postgres/existing-postdata.js';
import { createConstraintsTableWorker, reportPlanNotes } from './constraints-table-worker.js';
import { planTrackedStage, windowFields } from './plan-stage.js';
import type { WindowOptions } from './replicate-schema.js';

export interface ReplicateConstraintsOptions extends WindowOptions {
  readonly dryRun: boolean;
  /** Tables and statements at once (index builds), default 2. */
  readonly parallel: number;
  /** `maintenance_work_mem` for each statement (`1GB`), or null for the server's setting. */
  readonly maintenanceWorkMem: string | null;
  /** Every foreign key NOT VALID, then VALIDATE CONSTRAINT as its own step (weaker lock). */
  readonly fkNotValid: boolean;
}

export interface ReplicateConstraintsDeps {
  readonly config: ResolvedConfig;
  /** Reads the SQL Server catalog (src/sqlserver); tests pass a fixture catalog. */
  readonly loadCatalog: () => Promise<CatalogModel>;
  /** Opens the target pool with `max` connections; never called on --dry-run. */
  readonly openTarget: (max: number) => Promise<pg.Pool>;
  readonly listener?: StageListener;
  readonly signal?: AbortSignal;
  /** Where --dry-run prints the SQL (stdout: only runnable SQL goes there). */
  readonly printSql?: (sql: string) => void;
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
    const { tracker, byName, plan, names } = await planTrackedStage({
      catalog, config: deps.config, stage: 'constraints', window: o, dryRun: o.dryRun, onRelease, listener: deps.listener,
    });

    let pool: pg.Pool | null = null;
    if (!o.dryRun) {
      // One connection per statement slot, plus one for the existence checks.
      pool = await deps.openTarget(o.parallel + 1);
      const p = pool;
      onRelease(() => p.end());
    }
    const version = pool ? await serverVersionNum(pool) : null;
    const plans = planPostdata(
      plan.selected.map((t) => byName.get(t)!),
      names,
      {
        identifierStyle: deps.config.naming.identifierStyle,
        mapping: { overrides: deps.config.typeOverrides, postgis: false },
        nullsNotDistinct: version === null || version >= PG15,
        fkNotValid: o.fkNotValid,
      },
    );
    const notices = stageNotices(plan.toRun.map((t) => plans.get(t)!), version);
    const estimate = (t: string): number => byName.get(t)?.rowCountEstimate ?? 0;
    const foreignKeySql: string[] = [];

    const runTable =
      pool === null
        ? dryRunWorker(plans, (sql) => deps.printSql?.(sql), foreignKeySql)
        : createConstraintsTableWorker({
            plans,
            inRun: new Set(plan.toRun),
            pool,
            statementSlot: pLimit(Math.max(1, o.parallel)),
            maintenanceWorkMem: o.maintenanceWorkMem,
          });

    const summary = await runStage({
      stage: 'constraints',
      ...windowFields(plan),
      // Largest first: their index builds take longest. A dry run prints in catalog order.
      toRun: o.dryRun ? plan.toRun : orderLargestFirst(plan.toRun, estimate),
      estimatedRows: estimate,
      tracker,
      concurrency: o.dryRun ? 1 : o.parallel,
      failFast: o.failFast,
      signal: deps.signal,
      listener: deps.listener,
      notices,
      runTable,
    });
    if (foreignKeySql.length > 0) deps.printSql?.(['-- foreign keys, once every table has its keys', ...foreignKeySql, ''].join('\n'));
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
function dryRunWorker(plans: ReadonlyMap<string, TablePostdataPlan>, print: (sql: string) => void, foreignKeySql: string[]) {
  return async (ctx: TableContext): Promise<TableResult> => {
    const plan = plans.get(ctx.table)!;
    reportPlanNotes(plan, ctx.warn);
    if (plan.keys.length > 0) print([`-- ${ctx.table}`, ...plan.keys.map((i) => `${i.sql};`), ''].join('\n'));
    for (const fk of plan.foreignKeys) {
      foreignKeySql.push(`${fk.sql};`);
      if (fk.createdNotValid && fk.validateSql !== null) foreignKeySql.push(`${fk.validateSql};`);
    }
    return { rows: 0 };
  };
}
