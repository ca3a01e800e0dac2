/**
 * Which tables a run touches, in what order, from where (umzug's loop: pending = all − done,
 * sliced by from/to). Pure: the catalog's names and a status lookup in, a Plan out.
 */
import { UsageError } from '../errors.js';
import type { TableStatus, WindowRecord } from '../progress/types.js';
import { matchesPattern, matchesPatterns } from './match-patterns.js';
import { resolveTableName } from './resolve-table-name.js';
import { compareQualifiedNames } from './table-names.js';

export interface PlanInput {
  /** Qualified names (`schema.table`) from the catalog, any order. */
  tables: readonly string[];
  /** Globs (see matchesPatterns); empty = every table. */
  include: readonly string[];
  exclude: readonly string[];
  /** As typed by the user (`Orders` or `dbo.Orders`); resolved here. */
  startFrom: string | null;
  until: string | null;
  maxTables: number | null;
  resume: boolean;
  statusOf: (table: string) => TableStatus | undefined;
}

export interface Plan {
  /** After include/exclude, in the order every run uses (compareQualifiedNames). */
  selected: string[];
  /** selected[startFrom..until], then capped at maxTables. */
  window: string[];
  /** The window minus, on --resume, the tables already completed. */
  toRun: string[];
  skippedCompleted: string[];
  /** 1-based index within `selected`, for "[45/300]". */
  position: Map<string, number>;
  /** The window as the progress file records it; null when no window flag was given. */
  windowRecord: WindowRecord | null;
}

export function planTables(input: PlanInput): Plan {
  if (input.maxTables !== null && (!Number.isInteger(input.maxTables) || input.maxTables < 1)) {
    throw new UsageError(`--max-tables must be a whole number of at least 1, got ${input.maxTables}.`);
  }
  const selected = selectTables(input.tables, input.include, input.exclude);
  const start = input.startFrom === null ? 0 : indexInSelected(input.startFrom, '--start-from-table', input.tables, selected);
  const end = input.until === null ? selected.length - 1 : indexInSelected(input.until, '--until-table', input.tables, selected);
  // Only both flags together can cross; an empty selection has end = -1 and must not trip this.
  if (input.startFrom !== null && input.until !== null && end < start) {
    throw new UsageError(
      `--until-table ${selected[end]} comes before --start-from-table ${selected[start]} in the table order (position ${end + 1} vs ${start + 1}).`,
    );
  }
  const window = selected.slice(start, end + 1).slice(0, input.maxTables ?? undefined);
  const toRun: string[] = [];
  const skippedCompleted: string[] = [];
  for (const table of window) {
    if (input.resume && input.statusOf(table) === 'completed') skippedCompleted.push(table);
    else toRun.push(table);
  }
  const position = new Map(selected.map((table, index) => [table, index + 1] as const));
  const windowed = input.startFrom !== null || input.until !== null || input.maxTables !== null;
  const windowRecord: WindowRecord | null = windowed
    ? {
        first_table: window[0] ?? null,
        last_table: window.at(-1) ?? null,
        next_table: selected[start + window.length] ?? null,
        max_tables: input.maxTables,
      }
    : null;
  return { selected, window, toRun, skippedCompleted, position, windowRecord };
}

/**
 * Applies include then exclude. An include pattern that matches nothing is an error: a typo
 * there would otherwise migrate fewer tables than intended without a word.
 */
export function selectTables(
  tables: readonly string[],
  include: readonly string[],
  exclude: readonly string[],
): string[] {
  const unmatched = include.filter((pattern) => !tables.some((table) => matchesPattern(table, pattern)));
  if (unmatched.length > 0) {
    const list = unmatched.map((pattern) => `"${pattern}"`).join(', ');
    throw new UsageError(
      `--include pattern${unmatched.length > 1 ? 's' : ''} ${list} match${unmatched.length > 1 ? '' : 'es'} no table. Patterns are globs over schema.table (case-insensitive); a pattern without a dot matches the table name in any schema.`,
    );
  }
  const selected = tables
    .filter((table) => include.length === 0 || matchesPatterns(table, include))
    .filter((table) => !matchesPatterns(table, exclude))
    .sort(compareQualifiedNames);
  if (selected.length === 0 && tables.length > 0) {
    throw new UsageError(`--include/--exclude leave no table selected (out of ${tables.length}).`);
  }
  return selected;
}

function indexInSelected(
  input: string,
  flag: string,
  tables: readonly string[],
  selected: readonly string[],
): number {
  // Resolved against every table first, so "excluded" and "does not exist" get different messages.
  const table = resolveTableName(input, tables, flag);
  const index = selected.indexOf(table);
  if (index < 0) {
    throw new UsageError(`${flag} ${table} is not selected: --include/--exclude leave it out.`);
  }
  return index;
}
