/**
 * What one comparison (a table, or one key range of it) found: every differing row counted, the
 * first few kept as examples, each in its group. A row whose differences are all in columns
 * whose target type was changed on purpose (a type override) belongs to that change's group, so
 * the user can accept it by name; everything else (a changed value in a column of its default
 * type, a missing, extra or duplicated row) is a plain difference.
 */
import type { RowDifference } from './differences.js';

/** Examples kept per group: the report shows at most this many rows of each. */
export const MAX_EXAMPLES = 10;

export interface GroupFindings {
  /** Source names of the columns whose type change explains the rows; empty for plain differences. */
  readonly columns: readonly string[];
  rows: number;
  readonly examples: RowDifference[];
}

export class DiffCollector {
  readonly groups = new Map<string, GroupFindings>();

  /** One differing row; `typeChanged` says, per differing column, whether its target type was changed on purpose. */
  add(difference: RowDifference, overrideColumns: readonly string[] | null): void {
    const columns = overrideColumns === null ? [] : [...overrideColumns].sort();
    const key = columns.join('\u0000');
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { columns, rows: 0, examples: [] };
      this.groups.set(key, group);
    }
    group.rows += 1;
    if (group.examples.length < MAX_EXAMPLES) group.examples.push(difference);
  }

  /** Rows counted without an example (beyond the first ones, when examples are built later). */
  addCount(overrideColumns: readonly string[] | null, rows: number, examples: readonly RowDifference[]): void {
    if (rows === 0) return;
    const columns = overrideColumns === null ? [] : [...overrideColumns].sort();
    const key = columns.join('\u0000');
    const group = this.groups.get(key) ?? { columns, rows: 0, examples: [] };
    group.rows += rows;
    for (const e of examples) if (group.examples.length < MAX_EXAMPLES) group.examples.push(e);
    this.groups.set(key, group);
  }

  get plainRows(): number {
    return this.groups.get('')?.rows ?? 0;
  }

  /** Collectors of several ranges, in range order: counts add up, examples keep the earliest. */
  static merge(all: readonly DiffCollector[]): DiffCollector {
    const out = new DiffCollector();
    for (const c of all) for (const g of c.groups.values()) out.addCount(g.columns.length === 0 ? null : g.columns, g.rows, g.examples);
    return out;
  }
}
