import type pg from 'pg';
import type { CatalogModel } from '../catalog/model.js';
import type { ResolvedConfig } from '../config/types.js';
import { buildSchemaStatements } from '../ddl/index.js';
import type { StageListener, StageSummary } from '../run/events.js';
import { withReleasers } from '../run/releasers.js';
import { runStage } from '../run/run-stage.js';
import { hasPostgis } from '../postgres/inspect.js';
import { planTrackedStage, windowFields } from './plan-stage.js';
import { createSchemaTableWorker } from './schema-table-worker.js';

export interface WindowOptions {
  readonly resume: boolean;
  readonly reset: boolean;
  readonly startFrom: string | null;
  readonly until: string | null;
  readonly maxTables: number | null;
  readonly failFast: boolean;
}

export interface ReplicateSchemaOptions extends WindowOptions {
  readonly dryRun: boolean;
  readonly dropExisting: boolean;
  /** `--primary-keys`: create primary keys with the tables (default: stage 3 adds them after the data). */
  readonly primaryKeys?: boolean;
}

export interface ReplicateSchemaDeps {
  readonly config: ResolvedConfig;
  /** Reads the SQL Server catalog (src/sqlserver); tests pass a fixture catalog. */
  readonly loadCatalog: () => Promise<CatalogModel>;
  /** Opens the target pool; never called on --dry-run. */
  readonly openTarget: () => Promise<pg.Pool>;
  readonly listener?: StageListener;
  readonly signal?: AbortSignal;
  /** Where --dry-run prints the DDL. */
  readonly printDdl?: (sql: string) => void;
}

/**
 * Stage 1: read the catalog, decide every target name (collisions stop the run before anything
 * is touched), then create each table of the window in its own transaction, recording each in
 * progress/schema_replication_progress.json only after it committed.
 */
export async function replicateSchema(deps: ReplicateSchemaDeps, o: ReplicateSchemaOptions): Promise<StageSummary> {
  return withReleasers(async (onRelease) => {
    const catalog = await deps.loadCatalog();
    const { tracker, byName, plan, names } = await planTrackedStage({
      catalog, config: deps.config, stage: 'schema', window: o, dryRun: o.dryRun, onRelease, listener: deps.listener,
    });

    let pool: pg.Pool | null = null;
    if (!o.dryRun) {
      pool = await deps.openTarget();
      const p = pool;
      onRelease(() => p.end());
    }
    const postgis = pool ? await hasPostgis(pool) : false;
    const schemas = new Set(plan.toRun.map((t) => names.get(t)!.schema));
    const schemaStatements = buildSchemaStatements(schemas);
    if (pool) {
      for (const sql of schemaStatements) await pool.query(sql);
    } else if (schemaStatements.length > 0) {
      deps.printDdl?.(schemaStatements.map((s) => `${s};`).join('\n') + '\n');
    }

    return runStage({
      stage: 'schema',
      ...windowFields(plan),
      toRun: plan.toRun,
      tracker,
      concurrency: 1,
      failFast: o.failFast,
      signal: deps.signal,
      listener: deps.listener,
      runTable: createSchemaTableWorker({
        byName,
        names,
        mapping: { overrides: deps.config.typeOverrides, postgis },
        pool,
        resume: o.resume,
        dropExisting: o.dropExisting,
        primaryKeys: o.primaryKeys ?? false,
        printDdl: deps.printDdl,
      }),
    });
  });
}
