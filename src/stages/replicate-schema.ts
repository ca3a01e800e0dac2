import type { CatalogModel } from '../catalog/model.js';
import type { ResolvedConfig } from '../config/types.js';
import { buildSchemaStatements } from '../ddl/index.js';
import { hasPostgis } from '../postgres/inspect.js';
import type { StageSummary } from '../run/events.js';
import { withReleasers } from '../run/releasers.js';
import { runStage } from '../run/run-stage.js';
import type { WindowOptions } from '../run/window.js';
import { checkSchemaStage, type SourceGrantReader } from './check-grants.js';
import { planTrackedStage } from './plan-stage.js';
import { createSchemaTableRunner } from './schema-table-runner.js';
import { stageRunBase, type StageControl } from './stage-kit.js';
import { openTargetMode, type TargetMode } from './target-mode.js';

export interface ReplicateSchemaOptions {
  readonly window: WindowOptions;
  readonly dropExisting: boolean;
  /** `--primary-keys`: create primary keys with the tables (default: stage 3 adds them after the data). */
  readonly primaryKeys: boolean;
}

export interface ReplicateSchemaDeps extends Omit<StageControl, 'failFast'> {
  readonly config: ResolvedConfig;
  /** Reads the SQL Server catalog (src/sqlserver); tests pass a fixture catalog. */
  readonly loadCatalog: () => Promise<CatalogModel>;
  /** `--dry-run` prints the DDL and never connects to the target. */
  readonly target: TargetMode;
  /** The source login's grants, checked before anything is created (absent: not checked). */
  readonly sourceGrants?: SourceGrantReader;
}

/**
 * Stage 1: read the catalog, decide every target name (collisions stop the run before anything
 * is touched), then create each table of the window in its own transaction, recording each in
 * progress/schema_replication_progress.json only after it committed.
 */
export async function replicateSchema(deps: ReplicateSchemaDeps, o: ReplicateSchemaOptions): Promise<StageSummary> {
  return withReleasers(async (onRelease) => {
    const catalog = await deps.loadCatalog();
    const dryRun = deps.target.mode === 'dry-run';
    const planned = await planTrackedStage({ catalog, config: deps.config, stage: 'schema', window: o.window, dryRun, onRelease, listener: deps.listener });
    const target = await openTargetMode(deps.target, 1, onRelease);
    if (target.mode === 'live' && planned.plan.toRun.length > 0) {
      // The tables the runner will drop and create again: --drop-existing, or ours on --resume.
      const replaces = (t: string): boolean => {
        const status = planned.tracker.statusOf(t)?.status;
        return o.dropExisting || (o.window.resume && (status === 'in_progress' || status === 'failed'));
      };
      await checkSchemaStage({ pool: target.pool, planned, source: deps.sourceGrants, listener: deps.listener }, replaces);
    }
    const schemas = new Set(planned.plan.toRun.flatMap((t) => planned.tables.get(t)?.names.schema ?? []));
    const schemaStatements = buildSchemaStatements(schemas);
    if (target.mode === 'live') {
      for (const sql of schemaStatements) await target.pool.query(sql);
    } else if (schemaStatements.length > 0) {
      target.print(schemaStatements.map((s) => `${s};`).join('\n') + '\n');
    }
    const postgis = target.mode === 'live' ? await hasPostgis(target.pool) : false;
    return runStage({
      ...stageRunBase('schema', planned, planned.tracker, { ...deps, failFast: o.window.failFast }),
      toRun: planned.plan.toRun,
      concurrency: 1,
      runTable: createSchemaTableRunner({
        target,
        mapping: { overrides: deps.config.typeOverrides, postgis },
        resume: o.window.resume,
        dropExisting: o.dropExisting,
        primaryKeys: o.primaryKeys,
      }),
    });
  });
}
