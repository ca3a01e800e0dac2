/**
 * Order for `--parallel`: largest tables first (pgloader does the same), so the longest copy
 * starts at once instead of running alone at the end while the other workers sit idle.
 */
import { compareQualifiedNames } from './table-names.js';

/** Returns a new array; ties (and equal estimates) keep the run order by name. */
export function orderLargestFirst(tables: readonly string[], estimate: (table: string) => number): string[] {
  // A missing estimate (NaN) counts as 0: NaN in a comparator makes the sort order undefined.
  const sized = tables.map((table) => {
    const size = estimate(table);
    return { table, size: Number.isFinite(size) ? size : 0 };
  });
  sized.sort((a, b) => b.size - a.size || compareQualifiedNames(a.table, b.table));
  return sized.map(({ table }) => table);
}
