/**
 * What verify found, per table, and how it reads: the lines printed after the run, the short
 * verdict that goes into the stage summary, and progress/verify_report.json.
 */
import { formatCount } from '../ui/format.js';
import { formatValue, type RowDifference } from './differences.js';

/** Rows that differ only in columns whose target type was changed on purpose (a type override). */
export interface TypeChangeDifferences {
  /** The columns, each with its target type and the type stage 1 maps it to by default. */
  readonly columns: readonly { readonly column: string; readonly expected: string | null; readonly actual: string }[];
  readonly rows: number;
  readonly examples: readonly RowDifference[];
  /** Accepted with --accept-override: reported, but the table counts as verified. */
  readonly accepted: boolean;
  /** What to pass to --accept-override to accept them (the column's SQL Server type). */
  readonly acceptWith: string;
}

/** What `--repair` did for a table. */
export interface RepairRecord {
  /** `key range [1,100) of Id`, or `the whole table`. */
  readonly units: readonly string[];
  readonly rowsLoaded: number;
  /** The table's verdict before the repair; the table's own verdict is the one after. */
  readonly before: string;
}

interface Counted {
  readonly table: string;
  readonly sourceRows: number;
  readonly targetRows: number;
  readonly repaired?: RepairRecord;
}

export type TableVerdict =
  | (Counted & { readonly status: 'exact' })
  /** Exact apart from rows the user accepted (--accept-override). */
  | (Counted & { readonly status: 'accepted'; readonly typeChanges: readonly TypeChangeDifferences[] })
  /** --counts-only: the counts are equal; the values were not compared. */
  | (Counted & { readonly status: 'counts-match' })
  | (Counted & {
      /** 'count-differs' also carries the differing rows found, unless --counts-only. */
      readonly status: 'count-differs' | 'differs';
      /** Examples of the rows that differ for no reason the tool knows of (at most 10). */
      readonly differences: readonly RowDifference[];
      /** True when more rows differ than the examples show. */
      readonly moreDifferences: boolean;
      /** How many rows differ so (absent under --counts-only). */
      readonly differingRows?: number;
      readonly typeChanges?: readonly TypeChangeDifferences[];
    })
  | { readonly table: string; readonly status: 'failed'; readonly error: string; readonly repaired?: RepairRecord }
  /** The run stopped (Ctrl-C, fail-fast) before this table was compared to the end. */
  | { readonly table: string; readonly status: 'not-verified'; readonly reason: string };

export type VerifyStatus = TableVerdict['status'];

/** The verdicts of a table compared to the end. */
export type ComparedVerdict = Exclude<TableVerdict, { readonly status: 'failed' } | { readonly status: 'not-verified' }>;

/** Statuses that let the run exit 0. */
export function verdictOk(v: TableVerdict): boolean {
  return v.status === 'exact' || v.status === 'accepted' || v.status === 'counts-match';
}

export interface VerifyReport {
  readonly verified_at: string;
  /** What was compared: `rows` (every value) or `counts` (--counts-only: exact row counts only). */
  readonly checked: 'rows' | 'counts';
  readonly counts_only: boolean;
  /** The run was interrupted: tables `not-verified` were not compared to the end. */
  readonly interrupted: boolean;
  /** True when every table of the run is exact (or, with --counts-only, its counts match). */
  readonly ok: boolean;
  readonly tables: readonly TableVerdict[];
}

const rowsWord = (n: number): string => `${formatCount(n)} row${n === 1 ? '' : 's'}`;

/** One line: `exact (1,234 rows)`, `count differs (source 10, target 9)`, `differs (3 rows each side); …`. */
export function verdictLine(v: TableVerdict): string {
  switch (v.status) {
    case 'exact':
      return `exact (${rowsWord(v.sourceRows)})`;
    case 'accepted':
      return `exact apart from accepted type changes (${rowsWord(v.sourceRows)}; ${typeChangeSummary(v.typeChanges)})`;
    case 'counts-match':
      return `counts match (${rowsWord(v.sourceRows)}); values not compared (--counts-only)`;
    case 'count-differs':
      return `count differs (source ${formatCount(v.sourceRows)}, target ${formatCount(v.targetRows)})` + shownSuffix(v) + typeChangeSuffix(v.typeChanges);
    case 'differs':
      return `differs (${formatCount(v.sourceRows)} rows each side)` + shownSuffix(v) + typeChangeSuffix(v.typeChanges);
    case 'failed':
      return `verify failed: ${v.error}`;
    case 'not-verified':
      return `not verified: ${v.reason}`;
  }
}

function shownSuffix(v: { readonly differences: readonly RowDifference[]; readonly moreDifferences: boolean; readonly differingRows?: number }): string {
  const shown = v.differences.length;
  if (shown === 0) return '';
  if (v.differingRows !== undefined && v.differingRows > shown) return `; ${formatCount(v.differingRows)} differing rows (${shown} shown)`;
  return `; ${shown}${v.moreDifferences ? '+' : ''} differing row${shown === 1 && !v.moreDifferences ? '' : 's'}`;
}

function typeChangeSummary(changes: readonly TypeChangeDifferences[]): string {
  return changes.map((c) => `${rowsWord(c.rows)} differ in ${c.columns.map((x) => x.column).join(', ')}`).join('; ');
}

function typeChangeSuffix(changes: readonly TypeChangeDifferences[] | undefined): string {
  const open = (changes ?? []).filter((c) => !c.accepted);
  if (open.length === 0) return '';
  return `; ${open.map((c) => `${rowsWord(c.rows)} differ only in ${c.columns.map((x) => x.column).join(', ')}, caused by the column's type (accept with --accept-override ${c.acceptWith})`).join('; ')}`;
}

/** The report's detail lines for one table: differing rows by group, indented. */
export function differenceLines(v: TableVerdict): string[] {
  const lines: string[] = [];
  if (v.status === 'count-differs' || v.status === 'differs') {
    lines.push(...v.differences.map((d) => `    ${describeDifference(d)}`));
    if (v.moreDifferences) lines.push(`    … more rows may differ (the first ${v.differences.length} are shown)`);
  }
  const changes = v.status === 'accepted' || v.status === 'count-differs' || v.status === 'differs' ? (v.typeChanges ?? []) : [];
  for (const c of changes) {
    const types = c.columns.map((x) => `${x.column} is ${x.actual}${x.expected === null ? '' : ` where stage 1 would make it ${x.expected}`}`).join('; ');
    lines.push(`    caused by the column's type (${types}): ${rowsWord(c.rows)}${c.accepted ? ', accepted (--accept-override)' : `; to accept them: --accept-override ${c.acceptWith}`}`);
    lines.push(...c.examples.map((d) => `      ${describeDifference(d)}`));
    if (c.rows > c.examples.length) lines.push(`      … ${formatCount(c.rows - c.examples.length)} more`);
  }
  if ('repaired' in v && v.repaired !== undefined) {
    const r = v.repaired;
    lines.push(`    repaired: ${r.units.join(', ')} reloaded (${rowsWord(r.rowsLoaded)}); before: ${r.before}`);
  }
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

function heading(report: VerifyReport): string {
  if (report.interrupted) {
    const done = report.tables.filter((t) => t.status !== 'not-verified').length;
    return `Verify${report.counts_only ? ' (counts only)' : ''}: interrupted (${done} of ${report.tables.length} tables compared)`;
  }
  if (report.counts_only) return `Verify (counts only): ${report.ok ? 'counts match in every table' : 'differences found'}`;
  if (!report.ok) return 'Verify: differences found';
  return report.tables.some((t) => t.status === 'accepted') ? 'Verify: every table is exact, apart from accepted type changes' : 'Verify: every table is exact';
}

/** Every table's verdict line, then the details of those that are not exact. */
export function formatReport(report: VerifyReport): string[] {
  const lines: string[] = ['', heading(report)];
  for (const v of report.tables) {
    lines.push(`  ${v.table}: ${verdictLine(v)}`);
    lines.push(...differenceLines(v));
  }
  return lines;
}

export function buildReport(tables: readonly TableVerdict[], countsOnly: boolean, now: Date = new Date(), interrupted = false): VerifyReport {
  const sorted = [...tables].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
  return {
    verified_at: now.toISOString(),
    checked: countsOnly ? 'counts' : 'rows',
    counts_only: countsOnly,
    interrupted,
    ok: !interrupted && sorted.every(verdictOk),
    tables: sorted,
  };
}
