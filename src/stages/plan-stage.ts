import { qualifiedName, type CatalogModel, type TableModel } from '../catalog/model.js';
import type { ResolvedConfig } from '../config/types.js';
import { planTargetNames, type TargetTableNames } from '../naming/index.js';
import { planTables, type Plan } from '../plan/plan-tables.js';
import type { ProgressTracker } from '../progress/tracker.js';
import type { StageName, TableStatus } from '../progress/types.js';
import type { StageListener } from '../run/events.js';
import type { Releaser } from '../run/releasers.js';
import type { StageRun } from '../run/run-stage.js';
import { openProgress } from './open-progress.js';
import type { WindowOptions } from './replicate-schema.js';

export interface StagePlan {
  readonly byName: ReadonlyMap<string, TableModel>;
  readonly plan: Plan;
  /** Target names for every selected table; collisions have already thrown. */
  readonly names: ReadonlyMap<string, TargetTableNames>;
}

/**
 * What both stages decide before touching anything: which tables (include/exclude, window,
 * resume) and their target names. Any problem here is a usage error and nothing has run.
 */
export function planStage(
  catalog: CatalogModel,
  config: ResolvedConfig,
  o: WindowOptions,
  statusOf: (table: string) => TableStatus | undefined,
): StagePlan {
  const byName = new Map<string, TableModel>(catalog.tables.map((t) => [qualifiedName(t), t]));
  const plan = planTables({
    tables: [...byName.keys()],
    include: config.selection.include,
    exclude: config.selection.exclude,
    startFrom: o.startFrom,
    until: o.until,
    maxTables: o.maxTables,
    resume: o.resume,
    statusOf,
  });
  const names = planTargetNames(plan.selected.map((t) => byName.get(t)!), config.naming);
  return { byName, plan, names };
}

export interface TrackedStagePlan extends StagePlan {
  readonly tracker: ProgressTracker;
}

/**
 * The opening every stage with a progress file shares: take the stage's lock and tracker, then
 * plan the window against what the file says (resume decisions).
 */
export async function planTrackedStage(o: {
  readonly catalog: CatalogModel;
  readonly config: ResolvedConfig;
  readonly stage: StageName;
  readonly window: WindowOptions;
  readonly dryRun: boolean;
  readonly onRelease: (r: Releaser) => void;
  readonly listener?: StageListener;
}): Promise<TrackedStagePlan> {
  const tracker = await openProgress({
    progressDir: o.config.progressDir,
    stage: o.stage,
    reset: o.window.reset,
    dryRun: o.dryRun,
    onRelease: o.onRelease,
    listener: o.listener,
  });
  return { tracker, ...planStage(o.catalog, o.config, o.window, (t) => tracker.statusOf(t)?.status) };
}

/** The runStage fields that come straight from the plan: the selection and the window. */
export function windowFields(plan: Plan): Pick<StageRun, 'selected' | 'skippedCompleted' | 'windowSize' | 'windowRecord' | 'position'> {
  return {
    selected: plan.selected,
    skippedCompleted: plan.skippedCompleted,
    windowSize: plan.window.length,
    windowRecord: plan.windowRecord,
    position: plan.position,
  };
}
