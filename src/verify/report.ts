/**
 * What verify found, per table, and how it reads: the lines printed after the run, the short
 * verdict that goes into the stage summary, and progress/verify_report.json.
 */
import { formatCount } from '../ui/format.js';
import { formatValue, type RowDifference } from './differences.js';

export type TableVerdict =
  | { readonly table: string; readonly status: 'exact'; readonly sourceRows: number; readonly targetRows: number }
  | {
      readonly table: string;
      /** 'count-differs' also carries the differing rows found, unless --counts-only. */
      readonly status: 'count-differs' | 'differs';
      readonly sourceRows: number;
      readonly targetRows: number;
      readonly differences: readonly RowDifference[];
      /** True when the comparison stopped at the example limit: more rows may differ. */
      readonly moreDifferences: boolean;
    }
  | { readonly table: string; readonly status: 'failed'; readonly error: string };

export interface VerifyReport {
  readonly verified_at: string;
  readonly counts_only: boolean;
  /** True when every table of the run is exact. */
  readonly ok: boolean;
  readonly tables: readonly TableVerdict[];
}

/** One line: `exact (1,234 rows)`, `count differs (source 10, target 9)`, `differs (3 rows shown)`. */
export function verdictLine(v: TableVerdict): string {
  switch (v.status) {
    case 'exact':
      return `exact (${formatCount(v.sourceRows)} row${v.sourceRows === 1 ? '' : 's'})`;
    case 'count-differs':
      return `count differs (source ${formatCount(v.sourceRows)}, target ${formatCount(v.targetRows)})` + shownSuffix(v.differences.length, v.moreDifferences);
    case 'differs':
      return `differs (${formatCount(v.sourceRows)} rows each side)` + shownSuffix(v.differences.length, v.moreDifferences);
    case 'failed':
      return `verify failed: ${v.error}`;
  }
}

function shownSuffix(shown: number, more: boolean): string {
  if (shown === 0) return '';
  return `; ${shown}${more ? '+' : ''} differing row${shown === 1 && !more ? '' : 's'}`;
}

/** The report's detail lines for one table: one line per differing row, indented. */
export function differenceLines(v: TableVerdict): string[] {
  if (v.status !== 'count-differs' && v.status !== 'differs') return [];
  const lines = v.differences.map((d) => `    ${describeDifference(d)}`);
  if (v.moreDifferences) lines.push(`    … more rows may differ (the first ${v.differences.length} are shown)`);
  return lines;
}

export function describeDifference(d: RowDifference): string {
  switch (d.kind) {
    case 'changed':
      return `${d.key}: ${d.columns.map((c) => `${c.column} source ${formatValue(c.source)}, target ${formatValue(c.target)}`).join('; ')}`;
    case 'missing':
      return `${d.key}: missing in target ${formatRow(d.values)}`;
    case 'extra':
      return `${d.key}: extra in target ${formatRow(d.values)}`;
  }
}

function formatRow(values: Readonly<Record<string, string | null>>): string {
  return `(${Object.entries(values).map(([c, v]) => `${c}=${formatValue(v)}`).join(', ')})`;
}

/** Every table's verdict line, then the details of those that are not exact. */
export function formatReport(report: VerifyReport): string[] {
  const lines: string[] = ['', `Verify${report.counts_only ? ' (counts only)' : ''}: ${report.ok ? 'every table is exact' : 'differences found'}`];
  for (const v of report.tables) {
    lines.push(`  ${v.table}: ${verdictLine(v)}`);
    lines.push(...differenceLines(v));
  }
  return lines;
}

export function buildReport(tables: readonly TableVerdict[], countsOnly: boolean, now: Date = new Date()): VerifyReport {
  const sorted = [...tables].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
  return { verified_at: now.toISOString(), counts_only: countsOnly, ok: sorted.every((t) => t.status === 'exact'), tables: sorted };
}
