import type { CatalogModel } from '../catalog/model.js';
import type { ResolvedConfig } from '../config/types.js';
import { buildSchemaStatements } from '../ddl/index.js';
import { hasPostgis } from '../postgres/inspect.js';
import type { StageSummary } from '../run/events.js';
import { withReleasers } from '../run/releasers.js';
import { runStage } from '../run/run-stage.js';
import type { WindowOptions } from '../run/window.js';
import { planSequence } from '../ddl/create-sequence.js';
import { quotePgQualified } from '../ddl/quote.js';
import type { CreateTableOptions } from '../ddl/index.js';
import { checkSchemaStage, type SourceGrantReader } from './check-grants.js';
import { planTrackedStage } from './plan-stage.js';
import { createSchemaTableRunner } from './schema-table-runner.js';
import { createSequenceRunner } from './sequence-runners.js';
import type { StageControl } from './stage-kit.js';
import { planUnits, runnerByKind, unitStageRunBase, type UnitPlan } from './stage-units.js';
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
 * is touched), then create each sequence and each table of the window in its own transaction,
 * recording each in progress/schema_replication_progress.json only after it committed.
 * Sequences come first: a table's `DEFAULT nextval(...)` needs its sequence to exist.
 */
export async function replicateSchema(deps: ReplicateSchemaDeps, o: ReplicateSchemaOptions): Promise<StageSummary> {
  return withReleasers(async (onRelease) => {
    const catalog = await deps.loadCatalog();
    const dryRun = deps.target.mode === 'dry-run';
    const planned = await planTrackedStage({ catalog, config: deps.config, stage: 'schema', window: o.window, dryRun, onRelease, listener: deps.listener });
    const units = planUnits(planned, catalog, deps.config, o.window, ['sequence']);
    const target = await openTargetMode(deps.target, 1, onRelease);
    if (target.mode === 'live' && planned.plan.toRun.length > 0) {
      // The tables the runner will drop and create again: --drop-existing, or ours on --resume.
      const replaces = (t: string): boolean => {
        const status = planned.tracker.statusOf(t)?.status;
        return o.dropExisting || (o.window.resume && (status === 'in_progress' || status === 'failed'));
      };
      await checkSchemaStage({ pool: target.pool, planned, source: deps.sourceGrants, listener: deps.listener }, replaces);
    }
    const schemas = new Set([
      ...units.toRun.sequence.map((s) => units.targets.get(s)!.schema),
      ...planned.plan.toRun.flatMap((t) => planned.tables.get(t)?.names.schema ?? []),
    ]);
    const schemaStatements = buildSchemaStatements(schemas);
    if (target.mode === 'live') {
      for (const sql of schemaStatements) await target.pool.query(sql);
    } else if (schemaStatements.length > 0) {
      target.print(schemaStatements.map((s) => `${s};`).join('\n') + '\n');
    }
    const postgis = target.mode === 'live' ? await hasPostgis(target.pool) : false;
    return runStage({
      ...unitStageRunBase('schema', planned, units, planned.tracker, { ...deps, failFast: o.window.failFast }),
      toRun: [...units.toRun.sequence, ...planned.plan.toRun],
      concurrency: 1,
      runTable: runnerByKind({
        table: createSchemaTableRunner({
          target,
          mapping: { overrides: deps.config.typeOverrides, postgis },
          resume: o.window.resume,
          dropExisting: o.dropExisting,
          primaryKeys: o.primaryKeys,
          sequences: sequenceResolver(units),
        }),
        sequence: createSequenceRunner({ target, dropExisting: o.dropExisting }),
      }),
    });
  });
}

/** The sequences a table's `NEXT VALUE FOR` default may name: selected ones that can be created. */
function sequenceResolver(units: UnitPlan): CreateTableOptions['sequences'] {
  return (schema, name) => {
    const found = units.sequencesByName.get(`${schema ?? ''}.${name}`.toLowerCase());
    if (found === undefined) return { missing: `the sequence ${schema}.${name} is not among the selected objects` };
    const plan = planSequence(found.sequence, found.target);
    if (!plan.ok) return { missing: `the sequence ${schema}.${name} is not created: ${plan.reason}` };
    return { qualifiedTarget: quotePgQualified(found.target.schema, found.target.name), createSql: plan.createSql };
  };
}
