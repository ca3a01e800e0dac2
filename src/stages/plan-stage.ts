import { qualifiedName, type CatalogModel, type TableModel } from '../catalog/model.js';
import type { ResolvedConfig } from '../config/types.js';
import { planTargetNames, type TargetTableNames } from '../naming/index.js';
import { planTables, type Plan } from '../plan/plan-tables.js';
import type { TableStatus } from '../progress/types.js';
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
