/**
 * Turns the rows found by the EXCEPT ALL comparison into the report's differences: a row
 * missing from the target and an extra target row with the same key are one changed row,
 * named by its key, with the columns whose values differ.
 */

export type Side = 'missing' | 'extra';

/** One row returned by the comparison: text values in column order, and its side. */
export interface DiffRow {
  readonly side: Side;
  readonly values: readonly (string | null)[];
}

export interface ColumnDifference {
  readonly column: string;
  readonly source: string | null;
  readonly target: string | null;
}

export type RowDifference =
  | { readonly kind: 'changed'; readonly key: string; readonly columns: readonly ColumnDifference[] }
  /** In the source, not in the target (or fewer times in the target). */
  | { readonly kind: 'missing'; readonly key: string; readonly values: Readonly<Record<string, string | null>> }
  /** In the target, not in the source (or more times: a duplicate). */
  | { readonly kind: 'extra'; readonly key: string; readonly values: Readonly<Record<string, string | null>> };

export interface DiffShape {
  /** Report column names (source names), in the order of DiffRow.values. */
  readonly columns: readonly string[];
  /** Source names of the primary-key columns; empty when the table has no key. */
  readonly keyColumns: readonly string[];
}

/** `Id=5`, `Code="A-1"` or `OrderId=5, Line=2`; "row" when the table has no key (the values say which). */
export function keyOf(shape: DiffShape, values: readonly (string | null)[]): string {
  if (shape.keyColumns.length === 0) return 'row';
  return shape.keyColumns
    .map((k) => {
      const value = values[shape.columns.indexOf(k)] ?? null;
      return `${k}=${value !== null && /^-?\d+$/.test(value) ? value : formatValue(value)}`;
    })
    .join(', ');
}

export function formatValue(value: string | null): string {
  return value === null ? 'NULL' : JSON.stringify(value);
}

export function pairDifferences(shape: DiffShape, rows: readonly DiffRow[]): RowDifference[] {
  const out: RowDifference[] = [];
  const extras = rows.filter((r) => r.side === 'extra');
  const usedExtras = new Set<DiffRow>();
  for (const row of rows.filter((r) => r.side === 'missing')) {
    const key = keyOf(shape, row.values);
    const partner = shape.keyColumns.length > 0 ? extras.find((e) => !usedExtras.has(e) && keyOf(shape, e.values) === key) : undefined;
    if (partner) {
      usedExtras.add(partner);
      const columns = shape.columns.flatMap((column, i) =>
        row.values[i] === partner.values[i] ? [] : [{ column, source: row.values[i] ?? null, target: partner.values[i] ?? null }],
      );
      out.push({ kind: 'changed', key, columns });
    } else {
      out.push({ kind: 'missing', key, values: valuesOf(shape, row.values) });
    }
  }
  for (const row of extras) {
    if (!usedExtras.has(row)) out.push({ kind: 'extra', key: keyOf(shape, row.values), values: valuesOf(shape, row.values) });
  }
  return out;
}

function valuesOf(shape: DiffShape, values: readonly (string | null)[]): Record<string, string | null> {
  return Object.fromEntries(shape.columns.map((c, i) => [c, values[i] ?? null]));
}
