// The VerifySource double: MemoryRowSource's reader (same value shapes as the SQL Server reader
// promises) plus exact counts, key bounds and key-range reads computed from the same rows.
import { qualifiedName, type TableModel } from '../../src/catalog/model.js';
import type { ReadTableOptions, TableRead } from '../../src/stages/row-source.js';
import type { KeyRange, KeyStats } from '../../src/verify/key-ranges.js';
import type { VerifySource } from '../../src/verify/verify-source.js';
import { MemoryRowSource, type MemoryTable, type RowHook } from './memory-row-source.js';

export class MemoryVerifySource extends MemoryRowSource implements VerifySource {
  /** Every key range read, as `table from..to`: lets tests see the ranges used. */
  readonly rangeReads: string[] = [];

  constructor(
    private readonly list: readonly MemoryTable[],
    private readonly rowHook?: RowHook,
  ) {
    super(list, rowHook);
  }

  async countRows(table: TableModel): Promise<number> {
    return [...this.rowsOf(table)].length;
  }

  async keyStats(table: TableModel, keyColumn: string): Promise<KeyStats> {
    const keys = [...this.rowsOf(table)].map((r) => BigInt(r[this.indexOf(table, keyColumn)] as number | string));
    if (keys.length === 0) return { rows: 0, min: null, max: null };
    return { rows: keys.length, min: keys.reduce((a, b) => (b < a ? b : a)), max: keys.reduce((a, b) => (b > a ? b : a)) };
  }

  readKeyRange(table: TableModel, keyColumn: string, range: KeyRange, options: ReadTableOptions): TableRead {
    this.rangeReads.push(`${qualifiedName(table)} ${range.from ?? ''}..${range.to ?? ''}`);
    const i = this.indexOf(table, keyColumn);
    const inRange = (row: readonly unknown[]): boolean => {
      const k = BigInt(row[i] as number | string);
      return (range.from === null || k >= range.from) && (range.to === null || k <= range.to);
    };
    const entry = this.entryOf(table);
    const rows = [...this.rowsOf(table)].filter(inRange);
    return new MemoryRowSource([{ ...entry, rows }], this.rowHook).readTable(table, options);
  }

  private entryOf(table: TableModel): MemoryTable {
    const entry = this.list.find((t) => qualifiedName(t.model) === qualifiedName(table));
    if (!entry) throw new Error(`MemoryVerifySource has no table ${qualifiedName(table)}`);
    return entry;
  }

  private rowsOf(table: TableModel): Iterable<readonly unknown[]> {
    const rows = this.entryOf(table).rows;
    return typeof rows === 'function' ? rows() : rows;
  }

  private indexOf(table: TableModel, column: string): number {
    return table.columns.findIndex((c) => c.name === column);
  }
}
