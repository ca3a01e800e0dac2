/**
 * Which of a stage's other objects (sequences, views) a run takes. They are selected by the
 * same --include/--exclude globs as tables, by `schema.name`, and belong to a batch window by
 * their name: an object falls in the window whose tables span its name in the table order
 * (after the table before the window, up to the window's last table; the first window is open
 * below, the last open above). So consecutive windows take every object exactly once, every
 * stage agrees on the split, and --max-tables still counts tables. Pure.
 */
import type { TableStatus } from '../progress/types.js';
import { matchesPatterns } from './match-patterns.js';
import type { Plan } from './plan-tables.js';
import { compareQualifiedNames } from './table-names.js';

export interface ObjectWindow {
  /** Selected objects (include/exclude), sorted. */
  readonly selected: string[];
  /** Of those, the ones in this run's window. */
  readonly window: string[];
  /** The window minus, on --resume, the completed ones. */
  readonly toRun: string[];
  readonly skippedCompleted: string[];
}

export interface ObjectWindowInput {
  readonly plan: Plan;
  /** `schema.name` of every object of the kinds the stage handles, any order. */
  readonly objects: readonly string[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Whether a window flag (--start-from-table, --until-table, --max-tables) was given. */
  readonly windowed: boolean;
  readonly resume: boolean;
  readonly statusOf: (name: string) => TableStatus | undefined;
}

export function planObjectWindow(input: ObjectWindowInput): ObjectWindow {
  const selected = input.objects
    .filter((o) => input.include.length === 0 || matchesPatterns(o, input.include))
    .filter((o) => !matchesPatterns(o, input.exclude))
    .sort(compareQualifiedNames);
  const window = input.windowed ? selected.filter(inWindow(input.plan)) : selected;
  const toRun: string[] = [];
  const skippedCompleted: string[] = [];
  for (const o of window) {
    if (input.resume && input.statusOf(o) === 'completed') skippedCompleted.push(o);
    else toRun.push(o);
  }
  return { selected, window, toRun, skippedCompleted };
}

/** Whether a name sorts after the table before the window and at or before the window's last table. */
function inWindow(plan: Plan): (name: string) => boolean {
  const first = plan.window[0];
  const last = plan.window.at(-1);
  if (first === undefined || last === undefined) return () => false;
  const start = plan.selected.indexOf(first);
  const before = start > 0 ? plan.selected[start - 1]! : null;
  const open = plan.selected.at(-1) === last;
  return (name) => (before === null || compareQualifiedNames(name, before) > 0) && (open || compareQualifiedNames(name, last) <= 0);
}
