/**
 * How one table is compared, decided from its model and the target as it is:
 *   - merge: the primary key is made of integer columns (in the source and still in the target),
 *     so both sides can be read in the same order and walked together; otherwise multiset.
 *   - in key ranges: the table has stage 2's chunk key (src/plan/key-ranges.ts), is bigger than
 *     one range, and the target has an index led by that key (each range is then an index range
 *     scan, not a full scan); otherwise whole, in one read of each side.
 */
import type { ColumnModel, TableModel } from '../catalog/model.js';
import type { TargetTableNames } from '../naming/index.js';
import { chooseChunkKey, planKeyRanges, type ChunkKey, type KeyRange } from '../plan/key-ranges.js';
import type { TargetColumn } from './target-columns.js';

const INTEGER_TYPES: ReadonlySet<string> = new Set(['tinyint', 'smallint', 'int', 'bigint']);
const INTEGER_TARGETS: ReadonlySet<string> = new Set(['int2', 'int4', 'int8', 'numeric']);

function isIntegerColumn(c: ColumnModel): boolean {
  return INTEGER_TYPES.has(c.type) || ((c.type === 'decimal' || c.type === 'numeric') && c.scale === 0);
}

export type CompareMode =
  | { readonly kind: 'merge'; readonly key: readonly string[] }
  | { readonly kind: 'multiset' };

/** Merge on the primary key when every one of its columns is an integer on both sides. */
export function compareModeOf(table: TableModel, targetOf: (column: string) => TargetColumn): CompareMode {
  const pk = table.primaryKey?.columns ?? [];
  if (pk.length === 0) return { kind: 'multiset' };
  const ok = pk.every((name) => {
    const c = table.columns.find((col) => col.name === name);
    return c !== undefined && !c.nullable && isIntegerColumn(c) && INTEGER_TARGETS.has(targetOf(name).baseType);
  });
  return ok ? { kind: 'merge', key: pk } : { kind: 'multiset' };
}

export interface RangeSplit {
  readonly key: ChunkKey;
  /** The key's target column name. */
  readonly targetColumn: string;
  readonly ranges: readonly KeyRange[];
}

/** stage 2's key ranges for this table (about `rangeRows` of its `rows` each), or null to compare it whole. */
export function rangeSplitOf(
  table: TableModel,
  names: TargetTableNames,
  bounds: { readonly min: string | null; readonly max: string | null },
  rows: number,
  rangeRows: number,
): RangeSplit | null {
  const key = chooseChunkKey(table);
  if (key === null) return null;
  const ranges = planKeyRanges({ ...bounds, estimatedRows: rows, chunkRows: rangeRows });
  if (ranges === null) return null;
  return { key, targetColumn: names.columns.get(key.column) ?? key.column, ranges };
}
