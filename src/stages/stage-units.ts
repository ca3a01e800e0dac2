/**
 * The units of a stage that creates more than tables: stage 1 creates sequences before the
 * tables, stage 3 sets their values and creates views after the keys. They are units like
 * tables, so a run records each in its progress file (keyed by `schema.name`, one namespace
 * with tables in SQL Server), skips it on --resume once completed, prints it on --dry-run, and
 * takes it in the batch window its name falls in (src/plan/object-window.ts).
 */
import { objectName, NO_OBJECTS, type SequenceModel, type ViewModel } from '../catalog/objects.js';
import type { CatalogModel } from '../catalog/model.js';
import type { ResolvedConfig } from '../config/types.js';
import { planObjectNames, type ObjectTargetNames } from '../naming/plan-object-names.js';
import { planObjectWindow } from '../plan/object-window.js';
import type { RunStageName } from '../run/events.js';
import type { ContextOf, PlannedTable, StageRun, StageTracker, TableResult, TableRunner } from '../run/run-stage.js';
import type { WindowOptions } from '../run/window.js';
import type { TrackedStagePlan } from './plan-stage.js';
import type { StageControl } from './stage-kit.js';

export type StageUnit =
  | ({ readonly kind: 'table' } & PlannedTable)
  | { readonly kind: 'sequence'; readonly sequence: SequenceModel; readonly target: ObjectTargetNames }
  | { readonly kind: 'view'; readonly view: ViewModel; readonly target: ObjectTargetNames };

export type ObjectKind = Exclude<StageUnit['kind'], 'table'>;

export interface UnitPlan {
  readonly units: ReadonlyMap<string, StageUnit>;
  /** Tables first, then the other objects: table positions ("[45/300]") match every other stage. */
  readonly selected: readonly string[];
  readonly position: ReadonlyMap<string, number>;
  readonly windowSize: number;
  readonly skippedCompleted: readonly string[];
  /** Of this run's objects, by kind, in name order. */
  readonly toRun: Readonly<Record<ObjectKind, readonly string[]>>;
  /** Every selected object's target names (also those outside the window: names must not depend on it). */
  readonly targets: ReadonlyMap<string, ObjectTargetNames>;
  /** Selected sequences by lower-case `schema.name` (a default may name one in any case). */
  readonly sequencesByName: ReadonlyMap<string, { readonly sequence: SequenceModel; readonly target: ObjectTargetNames }>;
}

/** The stage's tables plus the objects of `kinds`, windowed and resumed like the tables. */
export function planUnits(
  planned: TrackedStagePlan,
  catalog: CatalogModel,
  config: ResolvedConfig,
  window: WindowOptions,
  kinds: readonly ObjectKind[],
): UnitPlan {
  const objects = catalog.objects ?? NO_OBJECTS;
  const candidates = [
    ...(kinds.includes('sequence') ? objects.sequences.map((s) => ({ kind: 'sequence' as const, sequence: s, name: objectName(s) })) : []),
    ...(kinds.includes('view') ? objects.views.map((v) => ({ kind: 'view' as const, view: v, name: objectName(v) })) : []),
  ];
  const windowed = window.startFrom !== null || window.until !== null || window.maxTables !== null;
  const w = planObjectWindow({
    plan: planned.plan,
    objects: candidates.map((c) => c.name),
    include: config.selection.include,
    exclude: config.selection.exclude,
    windowed,
    resume: window.resume,
    statusOf: (n) => planned.tracker.statusOf(n)?.status,
  });
  const selectedSet = new Set(w.selected);
  const chosen = candidates.filter((c) => selectedSet.has(c.name));
  const targets = planObjectNames(
    chosen.map((c) => (c.kind === 'view'
      ? { kind: 'view', schema: c.view.schema, name: c.view.name, columns: c.view.columns.map((col) => col.name) }
      : { kind: 'sequence', schema: c.sequence.schema, name: c.sequence.name })),
    planned.names,
    config.naming,
  );
  const units = new Map<string, StageUnit>();
  for (const [name, table] of planned.tables) units.set(name, { kind: 'table', ...table });
  for (const c of chosen) {
    const target = targets.get(c.name)!;
    units.set(c.name, c.kind === 'view' ? { kind: 'view', view: c.view, target } : { kind: 'sequence', sequence: c.sequence, target });
  }
  const selected = [...planned.plan.selected, ...w.selected];
  const toRunSet = new Set(w.toRun);
  const toRun = (kind: ObjectKind): string[] => chosen.filter((c) => c.kind === kind && toRunSet.has(c.name)).map((c) => c.name);
  return {
    units,
    selected,
    position: new Map(selected.map((t, i) => [t, i + 1])),
    windowSize: planned.plan.window.length + w.window.length,
    skippedCompleted: [...planned.plan.skippedCompleted, ...w.skippedCompleted],
    toRun: { sequence: toRun('sequence'), view: toRun('view') },
    targets,
    sequencesByName: new Map(
      chosen.flatMap((c) => (c.kind === 'sequence' ? [[c.name.toLowerCase(), { sequence: c.sequence, target: targets.get(c.name)! }] as const] : [])),
    ),
  };
}

export type UnitRunBase = Omit<StageRun<StageUnit>, 'toRun' | 'concurrency' | 'runTable' | 'notices'>;

/** stageRunBase (stage-kit.ts) for a stage of tables and other objects. */
export function unitStageRunBase(stage: RunStageName, planned: TrackedStagePlan, units: UnitPlan, tracker: StageTracker, control: StageControl): UnitRunBase {
  return {
    stage,
    selected: units.selected,
    tables: units.units,
    skippedCompleted: units.skippedCompleted,
    windowSize: units.windowSize,
    windowRecord: planned.plan.windowRecord,
    position: units.position,
    estimatedRows: (t) => planned.tables.get(t)?.model.rowCountEstimate ?? 0,
    tracker,
    failFast: control.failFast,
    signal: control.signal,
    listener: control.listener,
  };
}

export type UnitRunner<K extends StageUnit['kind']> = (ctx: ContextOf<Extract<StageUnit, { kind: K }>>) => Promise<TableResult>;

/** One runner per kind of unit; a kind the stage has no runner for is an internal error. */
export function runnerByKind(runners: { readonly table: TableRunner } & { readonly [K in ObjectKind]?: UnitRunner<K> }) {
  return (ctx: ContextOf<StageUnit>): Promise<TableResult> => {
    switch (ctx.kind) {
      case 'table':
        return runners.table(ctx);
      case 'sequence':
        if (runners.sequence === undefined) throw new Error(`internal: this stage has no runner for sequence ${ctx.table}`);
        return runners.sequence(ctx);
      case 'view':
        if (runners.view === undefined) throw new Error(`internal: this stage has no runner for view ${ctx.table}`);
        return runners.view(ctx);
    }
  };
}
