import { qualifiedName, type CatalogModel, type TableModel } from '../catalog/model.js';
import type { ResolvedConfig } from '../config/types.js';
import { planTargetNames, type TargetTableNames } from '../naming/index.js';
import { planTables, type Plan } from '../plan/plan-tables.js';
import type { ProgressTracker } from '../progress/tracker.js';
import type { StageName, TableStatus } from '../progress/types.js';
import type { StageListener } from '../run/events.js';
import type { Releaser } from '../run/releasers.js';
import type { PlannedTable } from '../run/run-stage.js';
import type { WindowOptions } from '../run/window.js';
import { lockProgress, openTracker } from './open-progress.js';

export interface StagePlan {
  readonly plan: Plan;
  /** Every selected table (not only the window) by `schema.table`: model and target names. */
  readonly tables: ReadonlyMap<string, PlannedTable>;
  /** The selected tables' models, in the order every run uses. */
  readonly models: readonly TableModel[];
  /** Target names for every selected table; collisions have already thrown. */
  readonly names: ReadonlyMap<string, TargetTableNames>;
}

/**
 * What every stage decides before touching anything: which tables (include/exclude, window,
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
  const models = plan.selected.map((t) => byName.get(t)).filter((t): t is TableModel => t !== undefined);
  const names = planTargetNames(models, config.naming);
  const tables = new Map<string, PlannedTable>();
  for (const model of models) {
    const key = qualifiedName(model);
    const tableNames = names.get(key);
    if (tableNames !== undefined) tables.set(key, { model, names: tableNames });
  }
  return { plan, tables, models, names };
}

export interface TrackedStagePlan extends StagePlan {
  readonly tracker: ProgressTracker;
}

/**
 * The opening every stage with a progress file shares: take the stage's lock, plan the window
 * against what the file says (resume decisions), run the stage's own checks on the plan, and
 * only then write anything: `--reset` forgets the window's tables (every table of the stage
 * when no include/exclude and no window narrow the run), so a refused run has changed nothing.
 */
export async function planTrackedStage(o: {
  readonly catalog: CatalogModel;
  readonly config: ResolvedConfig;
  readonly stage: StageName;
  readonly window: WindowOptions;
  readonly dryRun: boolean;
  readonly onRelease: (r: Releaser) => void;
  readonly listener?: StageListener;
  /** The stage's checks on the plan, before the progress file is touched (throw to refuse). */
  readonly check?: (planned: StagePlan) => Promise<void>;
}): Promise<TrackedStagePlan> {
  const files = { progressDir: o.config.progressDir, stage: o.stage, dryRun: o.dryRun, onRelease: o.onRelease, listener: o.listener };
  await lockProgress(files);
  if (o.window.reset) {
    // --reset and --resume exclude each other: earlier statuses decide nothing here.
    const planned = planStage(o.catalog, o.config, o.window, () => undefined);
    await o.check?.(planned);
    const tracker = await openTracker(files, resetScope(o.config, o.window, planned));
    return { tracker, ...planned };
  }
  const tracker = await openTracker(files, false);
  const planned = planStage(o.catalog, o.config, o.window, (t) => tracker.statusOf(t)?.status);
  await o.check?.(planned);
  return { tracker, ...planned };
}

/** Every table of the stage, unless --include/--exclude or a batch window narrow the run to some. */
function resetScope(config: ResolvedConfig, window: WindowOptions, planned: StagePlan): true | { tables: readonly string[] } {
  const narrowed =
    config.selection.include.length > 0 ||
    config.selection.exclude.length > 0 ||
    window.startFrom !== null ||
    window.until !== null ||
    window.maxTables !== null;
  return narrowed ? { tables: planned.plan.window } : true;
}
