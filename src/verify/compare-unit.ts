/**
 * What both ways of comparing one unit (a table, or one key range of it) share: the rows of the
 * two sides, the per-column checks, how rows are named in the report, and the canonical text of
 * a source row (with the row named when a value cannot have been copied exactly).
 */
import { TableError } from '../errors.js';
import { CanonicalValueError } from './canonical-source.js';
import type { ColumnCheck } from './column-checks.js';
import type { TargetRow } from './copy-text-parse.js';
import { keyOf, type DiffShape, type RowDifference } from './differences.js';
import type { DiffCollector } from './diff-collector.js';

export interface CompareUnitInput {
  /** `schema.table`, for errors. */
  readonly table: string;
  readonly checks: readonly ColumnCheck[];
  /** How rows are named: report column names and the primary-key columns. */
  readonly shape: DiffShape;
  /** Source rows in batches. */
  readonly source: AsyncIterable<readonly (readonly unknown[])[]>;
  readonly target: AsyncIterable<TargetRow[]>;
  readonly signal: AbortSignal;
  /** Rows compared so far on the source side (progress). */
  readonly onRows: (rows: number) => void;
}

export interface CompareUnitOutcome {
  readonly sourceRows: number;
  readonly targetRows: number;
  readonly found: DiffCollector;
}

/** Given to verify the same text flags sync data ran with: the rewrite is then a rule of verify's own. */
const TEXT_HINT =
  ' If sync data ran with --strip-nul, --replace-nul or --replace-bad-unicode, give verify the same flag (it then applies the same rewrite); otherwise clean the value in SQL Server and load the table again.';

/** The canonical texts of a source row (NULL stays null), or a table error naming the row and column. */
export function sourceTexts(input: CompareUnitInput, row: readonly unknown[]): (string | null)[] {
  const out: (string | null)[] = new Array(row.length);
  for (let i = 0; i < row.length; i++) out[i] = sourceTextAt(input, row, i);
  return out;
}

export function sourceTextAt(input: CompareUnitInput, row: readonly unknown[], i: number): string | null {
  const value = row[i];
  if (value === null || value === undefined) return null;
  try {
    return input.checks[i]!.source(value);
  } catch (error) {
    throw canonicalError(input, row, i, error);
  }
}

/** Whether a source value and a target text are the same value; throws like sourceTextAt. */
export function sameValue(input: CompareUnitInput, row: readonly unknown[], i: number, raw: string | null): boolean {
  const value = row[i];
  if (value === null || value === undefined || raw === null) return (value === null || value === undefined) && raw === null;
  try {
    return input.checks[i]!.equals(value, raw);
  } catch (error) {
    throw canonicalError(input, row, i, error);
  }
}

function canonicalError(input: CompareUnitInput, row: readonly unknown[], i: number, error: unknown): TableError {
  const reason = error instanceof Error ? error.message : String(error);
  const hint = error instanceof CanonicalValueError && error.problem !== 'invalid' ? TEXT_HINT : '';
  return new TableError(input.table, 'verify', `${describeSourceRow(input, row)}, column ${input.checks[i]!.name}: ${reason}.${hint}`, { cause: error });
}

/** `row with Id=5` by the primary key's raw source values (safe to render: integers, strings, dates). */
function describeSourceRow(input: CompareUnitInput, row: readonly unknown[]): string {
  const { columns, keyColumns } = input.shape;
  if (keyColumns.length === 0) return 'row (table has no primary key)';
  const parts = keyColumns.map((k) => {
    const v = row[columns.indexOf(k)];
    const shown = v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? `0x${v.toString('hex')}` : String(v);
    return `${k}=${shown}`;
  });
  return `row with ${parts.join(', ')}`;
}

export function missingRow(input: CompareUnitInput, texts: readonly (string | null)[]): RowDifference {
  return { kind: 'missing', key: keyOf(input.shape, texts), values: valuesOf(input, texts) };
}

export function extraRow(input: CompareUnitInput, raw: readonly (string | null)[]): RowDifference {
  return { kind: 'extra', key: keyOf(input.shape, raw), values: valuesOf(input, raw) };
}

function valuesOf(input: CompareUnitInput, values: readonly (string | null)[]): Record<string, string | null> {
  return Object.fromEntries(input.shape.columns.map((c, i) => [c, values[i] ?? null]));
}
