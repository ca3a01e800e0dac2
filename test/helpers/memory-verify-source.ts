// The VerifySource double: MemoryRowSource's reader (same value shapes as the SQL Server reader
// promises) plus exact counts, key bounds and key-range reads computed from the same rows.
import { qualifiedName, type TableModel } from '../../src/catalog/model.js';
import type { ReadTableOptions, TableRead } from '../../src/stages/row-source.js';
import type { KeyRange, KeyStats } from '../../src/verify/key-ranges.js';
import type { VerifySource } from '../../src/verify/verify-source.js';
import { MemoryRowSource, type MemoryTable, type RowHook } from './memory-row-source.js';

export class MemoryVerifySource extends MemoryRowSource implements VerifySource {
  /** Every key range read, as `table from..to`: lets tests see the ranges used. */
  override readonly rangeReads: string[] = [];

  constructor(
    private readonly list: readonly MemoryTable[],
    private readonly rowHook?: RowHook,
  ) {
    super(list, rowHook);
  }

  async countRows(table: TableModel): Promise<number> {
    let rows = 0;
    for (const _ of this.rowsOf(table)) rows++;
    return rows;
  }

  // One pass without holding the rows: generated tables can be millions of rows (benchmarks).
  async keyStats(table: TableModel, keyColumn: string): Promise<KeyStats> {
    const i = this.indexOf(table, keyColumn);
    let rows = 0;
    let min: bigint | null = null;
    let max: bigint | null = null;
    for (const row of this.rowsOf(table)) {
      const k = BigInt(row[i] as number | string);
      rows++;
      if (min === null || k < min) min = k;
      if (max === null || k > max) max = k;
    }
    return { rows, min, max };
  }

  readKeyRange(table: TableModel, keyColumn: string, range: KeyRange, options: ReadTableOptions): TableRead {
    this.rangeReads.push(`${qualifiedName(table)} ${range.from ?? ''}..${range.to ?? ''}`);
    const i = this.indexOf(table, keyColumn);
    const inRange = (row: readonly unknown[]): boolean => {
      const k = BigInt(row[i] as number | string);
      return (range.from === null || k >= range.from) && (range.to === null || k <= range.to);
    };
    const entry = this.verifyEntryOf(table);
    const all = (): Iterable<readonly unknown[]> => this.rowsOf(table);
    const rows = function* (): Generator<readonly unknown[]> {
      for (const row of all()) if (inRange(row)) yield row;
    };
    return new MemoryRowSource([{ ...entry, rows }], this.rowHook).readTable(table, options);
  }

  private verifyEntryOf(table: TableModel): MemoryTable {
    const entry = this.list.find((t) => qualifiedName(t.model) === qualifiedName(table));
    if (!entry) throw new Error(`MemoryVerifySource has no table ${qualifiedName(table)}`);
    return entry;
  }

  private rowsOf(table: TableModel): Iterable<readonly unknown[]> {
    const rows = this.verifyEntryOf(table).rows;
    return typeof rows === 'function' ? rows() : rows;
  }

  private indexOf(table: TableModel, column: string): number {
    return table.columns.findIndex((c) => c.name === column);
  }
}
