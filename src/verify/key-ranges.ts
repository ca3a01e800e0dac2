/**
 * Splitting a table with an integer primary key into key ranges, so that verify never needs a
 * scratch copy of a whole billion-row table: each range is read from SQL Server with a WHERE on
 * the key, copied into the scratch table and compared on its own.
 */
import type { TableModel } from '../catalog/model.js';

/** SQL Server integer types: their keys order the same on both servers (no collation involved). */
const INTEGER_TYPES: ReadonlySet<string> = new Set(['tinyint', 'smallint', 'int', 'bigint']);

/** An inclusive key range; `null` leaves that end open (first and last range, see splitKeyRanges). */
export interface KeyRange {
  readonly from: bigint | null;
  readonly to: bigint | null;
}

export const WHOLE_TABLE: KeyRange = { from: null, to: null };

/** The key column when the primary key is one integer column, else null (compare the whole table). */
export function integerKeyColumn(table: TableModel): string | null {
  const pk = table.primaryKey?.columns ?? [];
  if (pk.length !== 1) return null;
  const column = table.columns.find((c) => c.name === pk[0]);
  return column && INTEGER_TYPES.has(column.type) ? column.name : null;
}

export interface KeyStats {
  /** Exact row count (COUNT_BIG). */
  readonly rows: number;
  /** MIN and MAX of the key; null when the table is empty. */
  readonly min: bigint | null;
  readonly max: bigint | null;
}

/**
 * Ranges of equal key width, as many as `rows / maxRows` (rounded up), covering [min, max].
 * With evenly spread keys each holds about `maxRows` rows; skewed keys only make some ranges
 * larger, never wrong. The first range is open below and the last open above, so that target
 * rows with keys outside the source's [min, max] are still compared (and reported as extra).
 */
export function splitKeyRanges(stats: KeyStats, maxRows: number): KeyRange[] {
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a positive integer (got ${maxRows})`);
  if (stats.min === null || stats.max === null || stats.rows <= maxRows) return [WHOLE_TABLE];
  const span = stats.max - stats.min + 1n;
  let count = BigInt(Math.ceil(stats.rows / maxRows));
  if (count > span) count = span;
  const width = (span + count - 1n) / count;
  const ranges: KeyRange[] = [];
  for (let lo = stats.min; lo <= stats.max; lo += width) {
    const hi = lo + width - 1n;
    ranges.push({ from: lo, to: hi >= stats.max ? stats.max : hi });
  }
  const first = ranges[0]!;
  const last = ranges[ranges.length - 1]!;
  ranges[0] = { from: null, to: first.to };
  ranges[ranges.length - 1] = { from: ranges.length === 1 ? null : last.from, to: null };
  return ranges;
}

export function describeRange(column: string, range: KeyRange): string {
  if (range.from === null && range.to === null) return 'whole table';
  if (range.from === null) return `${column} <= ${range.to}`;
  if (range.to === null) return `${column} >= ${range.from}`;
  return `${column} ${range.from}..${range.to}`;
}
