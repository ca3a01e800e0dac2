/**
 * What every stage hands runStage the same way, built once from its plan: the selection, the
 * window, the planned tables, the tracker, and the run's stop signal and listener. A stage adds
 * only what is its own (order, concurrency, notices, the table runner), so a new stage is one
 * entry file and one table runner.
 */
import type { RunStageName, StageListener } from '../run/events.js';
import type { StageRun, StageTracker } from '../run/run-stage.js';
import { orderLargestFirst } from '../plan/order-largest-first.js';
import type { RecordedCommand } from '../progress/recorded-command.js';
import type { StagePlan } from './plan-stage.js';

/** How a stage is driven from outside: interrupts and fail-fast in, events out. */
export interface StageControl {
  readonly failFast: boolean;
  readonly signal?: AbortSignal;
  readonly listener?: StageListener;
  /** The command that runs this stage again, recorded in its progress file for `status`. */
  readonly command?: RecordedCommand;
}

export type StageRunBase = Omit<StageRun, 'toRun' | 'concurrency' | 'runTable' | 'notices'>;

export function stageRunBase(stage: RunStageName, planned: StagePlan, tracker: StageTracker, control: StageControl): StageRunBase {
  const { plan, tables } = planned;
  return {
    stage,
    selected: plan.selected,
    tables,
    skippedCompleted: plan.skippedCompleted,
    windowSize: plan.window.length,
    windowRecord: plan.windowRecord,
    position: plan.position,
    estimatedRows: (t) => tables.get(t)?.model.rowCountEstimate ?? 0,
    tracker,
    failFast: control.failFast,
    signal: control.signal,
    listener: control.listener,
    command: control.command,
  };
}

/** The window's tables, largest (by the catalog's estimate) first: the longest copy starts at once. */
export function largestFirst(planned: StagePlan): string[] {
  return orderLargestFirst(planned.plan.toRun, (t) => planned.tables.get(t)?.model.rowCountEstimate ?? 0);
}
