/**
 * Key-range chunks for big tables: a 500M-row table in one transaction would start again from
 * row 0 after an interruption at 90%, so it is copied (and verified) in ranges of its key, each
 * its own transaction. Pure: a table model, MIN/MAX of its key and an estimated row count in,
 * half-open ranges out.
 *
 * Integer keys only, on purpose: SQL Server and Postgres order integers the same way, while
 * string, uuid and datetime keys sort differently in the two servers, so a range read on one
 * side could not be checked on the other.
 */
import type { ColumnModel, TableModel } from '../catalog/model.js';

/** `lo <= k < hi`; null means unbounded. Bounds are exact decimal text (bigint, decimal(38,0)). */
export interface KeyRange {
  readonly lo: string | null;
  readonly hi: string | null;
}

export interface ChunkKey {
  /** Source column name. */
  readonly column: string;
  /** The T-SQL type range bounds are CAST to, so the comparison uses the column's own type. */
  readonly sqlType: string;
  /** A clustered-index column may hold NULLs: the first range also reads `k IS NULL`. */
  readonly nullable: boolean;
}

/** A table's ranges on one key: what stage 2 copies and verify compares, range by range. */
export interface RangePlan {
  readonly key: ChunkKey;
  readonly ranges: readonly KeyRange[];
}

const INTEGER_TYPES: ReadonlySet<string> = new Set(['tinyint', 'smallint', 'int', 'bigint']);

function integerSqlType(column: ColumnModel): string | null {
  if (INTEGER_TYPES.has(column.type)) return column.type;
  if ((column.type === 'decimal' || column.type === 'numeric') && column.scale === 0) {
    return `${column.type}(${column.precision},0)`;
  }
  return null;
}

/**
 * The primary key when it is one integer column, else the leading column of the clustered
 * index (primary key, unique constraint or index) when that is an integer; else null.
 * The clustered index's leading column makes each range read a seek plus an ordered scan.
 */
export function chooseChunkKey(table: TableModel): ChunkKey | null {
  const candidates: string[] = [];
  if (table.primaryKey?.columns.length === 1) candidates.push(table.primaryKey.columns[0]!);
  const clustered =
    (table.primaryKey?.clustered ? table.primaryKey.columns[0] : undefined) ??
    table.uniqueConstraints.find((u) => u.clustered)?.columns[0] ??
    table.indexes.find((i) => i.clustered)?.keyColumns[0]?.name;
  if (clustered !== undefined) candidates.push(clustered);
  for (const name of candidates) {
    const column = table.columns.find((c) => c.name === name);
    const sqlType = column ? integerSqlType(column) : null;
    if (column && sqlType !== null) return { column: column.name, sqlType, nullable: column.nullable };
  }
  return null;
}

export interface RangePlanInput {
  /** MIN and MAX of the key as exact decimal text; null when the table is empty. */
  readonly min: string | null;
  readonly max: string | null;
  readonly estimatedRows: number;
  /** About this many rows per range; 0 disables chunking. */
  readonly chunkRows: number;
}

/** Whether a table is worth asking MIN/MAX for at all. */
export function wantsChunks(estimatedRows: number, chunkRows: number): boolean {
  return chunkRows > 0 && estimatedRows > chunkRows;
}

/**
 * Splits [min, max] into about estimatedRows / chunkRows ranges of equal key width (so sparse
 * keys give uneven ranges, never wrong ones). The first range has no lower bound and the last
 * none upper, so rows inserted below MIN or above MAX after planning are still read.
 * Returns null when the table stays one unit.
 */
export function planKeyRanges(input: RangePlanInput): KeyRange[] | null {
  if (!wantsChunks(input.estimatedRows, input.chunkRows)) return null;
  if (input.min === null || input.max === null) return null;
  const min = BigInt(input.min);
  const max = BigInt(input.max);
  if (max < min) throw new Error(`key MAX ${input.max} is below MIN ${input.min}`);
  const wanted = BigInt(Math.ceil(input.estimatedRows / input.chunkRows));
  const span = max - min + 1n;
  const count = span < wanted ? span : wanted;
  if (count < 2n) return null;
  const step = (span + count - 1n) / count;
  const bounds: string[] = [];
  for (let b = min + step; b <= max; b += step) bounds.push(b.toString());
  if (bounds.length === 0) return null;
  const ranges: KeyRange[] = [];
  let lo: string | null = null;
  for (const hi of bounds) {
    ranges.push({ lo, hi });
    lo = hi;
  }
  ranges.push({ lo, hi: null });
  return ranges;
}

/** A stable text name for a range, e.g. `[-∞,100)`, used as its key in the completion table. */
export function rangeLabel(range: KeyRange): string {
  return `[${range.lo ?? '-inf'},${range.hi ?? '+inf'})`;
}

/** Whether `lo <= key < hi` (null bounds unbounded); a NULL key belongs to the first range. */
export function rangeContains(range: KeyRange, key: bigint | null): boolean {
  if (key === null) return range.lo === null;
  if (range.lo !== null && key < BigInt(range.lo)) return false;
  if (range.hi !== null && key >= BigInt(range.hi)) return false;
  return true;
}

/** `Id (bigint)`, for messages. */
export function describeChunkKey(key: ChunkKey): string {
  return `${key.column} (${key.sqlType})`;
}
