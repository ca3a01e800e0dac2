/**
 * Turns what a table's comparison found into its verdict: plain differences (exit 1), rows that
 * differ only where a column's type was changed on purpose (their own group; exit 1 unless the
 * user accepts them with --accept-override), or exact.
 */
import type { TypeOverridesConfig } from '../config/types.js';
import type { TableFindings } from './compare-table.js';
import type { ComparedVerdict, TypeChangeDifferences } from './report.js';
import type { TypeChange } from './target-columns.js';

export interface VerdictContext {
  readonly table: string;
  readonly typeChanges: ReadonlyMap<string, TypeChange>;
  /** --accept-override values, lower-cased. */
  readonly accepted: ReadonlySet<string>;
  /** The overrides of the configuration verify runs with, to name the one that made a column's type. */
  readonly overrides: TypeOverridesConfig;
}

export function verdictOf(c: VerdictContext, f: TableFindings): ComparedVerdict {
  const plain = f.found.groups.get('');
  const typeChanges = [...f.found.groups.values()].filter((g) => g.columns.length > 0).map((g): TypeChangeDifferences => {
    const changes = g.columns.map((column) => ({ column, change: c.typeChanges.get(column)! }));
    return {
      columns: changes.map(({ column, change }) => ({ column, expected: change.expected, actual: change.actual })),
      rows: g.rows,
      examples: g.examples,
      accepted: changes.every(({ change }) => change.acceptKeys.some((k) => c.accepted.has(k))),
      acceptWith: changes.map(({ column, change }) => acceptKeyOf(c, column, change)).join(' --accept-override '),
    };
  });
  const counts = { table: c.table, sourceRows: f.sourceRows, targetRows: f.targetRows };
  if ((plain?.rows ?? 0) > 0 || f.sourceRows !== f.targetRows) {
    return {
      ...counts,
      status: f.sourceRows !== f.targetRows ? 'count-differs' : 'differs',
      differences: plain?.examples ?? [],
      moreDifferences: (plain?.rows ?? 0) > (plain?.examples.length ?? 0),
      differingRows: plain?.rows ?? 0,
      typeChanges,
    };
  }
  if (typeChanges.length === 0) return { ...counts, status: 'exact' };
  if (typeChanges.every((t) => t.accepted)) return { ...counts, status: 'accepted', typeChanges };
  return { ...counts, status: 'differs', differences: [], moreDifferences: false, differingRows: 0, typeChanges };
}

/**
 * What the user most likely named in their override: its SQL Server type (`money`) when the
 * configuration overrides that type (and not the column by name), else the column itself.
 */
function acceptKeyOf(c: VerdictContext, column: string, change: TypeChange): string {
  const columnKey = `${c.table}.${column}`;
  const lower = (r: Readonly<Record<string, string>>): string[] => Object.keys(r).map((k) => k.toLowerCase());
  if (lower(c.overrides.byColumn).includes(columnKey.toLowerCase())) return columnKey;
  const byType = new Set(lower(c.overrides.byType));
  return change.acceptKeys.find((k) => byType.has(k) && k !== columnKey.toLowerCase()) ?? columnKey;
}
