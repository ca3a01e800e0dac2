/**
 * Stage 3's views: their plans over the whole selection (so a view's translation never depends
 * on the window), the order they are created in, and the barrier that holds them until every
 * table of the run has its keys.
 */
import { qualifiedName, type CatalogModel } from '../catalog/model.js';
import { NO_OBJECTS, objectName } from '../catalog/objects.js';
import type { ResolvedConfig } from '../config/types.js';
import { planViews, type ViewPlan } from '../postdata/plan-views.js';
import type { TrackedStagePlan } from './plan-stage.js';
import type { UnitPlan } from './stage-units.js';

export function planStageViews(catalog: CatalogModel, planned: TrackedStagePlan, units: UnitPlan, config: ResolvedConfig): Map<string, ViewPlan> {
  const objects = catalog.objects ?? NO_OBJECTS;
  const selectedViews = [...units.units.values()].flatMap((u) => (u.kind === 'view' ? [u.view] : []));
  return planViews({
    views: selectedViews,
    viewTargets: units.targets,
    tables: planned.models,
    tableNames: planned.names,
    allRelations: new Set([...catalog.tables.map(qualifiedName), ...objects.views.map(objectName)]),
    identifierStyle: config.naming.identifierStyle,
    mapping: { overrides: config.typeOverrides, postgis: false },
  });
}

/** The run's views with every view after the views it reads (the rest in name order). */
export function viewOrder(views: readonly string[], plans: ReadonlyMap<string, ViewPlan>): string[] {
  const inRun = new Set(views);
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visit = (v: string, path: ReadonlySet<string>): void => {
    if (placed.has(v) || path.has(v)) return;
    const plan = plans.get(v);
    if (plan?.kind === 'create') for (const d of plan.dependsOn) if (inRun.has(d)) visit(d, new Set([...path, v]));
    placed.add(v);
    ordered.push(v);
  };
  for (const v of views) visit(v, new Set());
  return ordered;
}

export interface SettleBarrier {
  /** A table unit has finished (succeeded or failed). */
  arrive(): void;
  /** Resolves once every table unit has arrived; rejects when the run stops first. */
  wait(signal: AbortSignal): Promise<void>;
}

/**
 * Views wait until every table of the run is done. A table that never starts (fail-fast,
 * Ctrl-C) never arrives: the run's signal ends the wait instead.
 */
export function settleBarrier(count: number): SettleBarrier {
  let remaining = count;
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  if (remaining === 0) release();
  return {
    arrive() {
      remaining -= 1;
      if (remaining === 0) release();
    },
    wait(signal) {
      signal.throwIfAborted();
      return new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        void done.then(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    },
  };
}
