// The VerifySource double: MemoryRowSource (its reader, key bounds and key-range reads, in the
// value shapes the SQL Server reader promises) plus exact counts computed from the same rows.
import { qualifiedName, type TableModel } from '../../src/catalog/model.js';
import type { VerifySource } from '../../src/sqlserver/contract.js';
import { MemoryRowSource, type MemoryTable, type RowHook } from './memory-row-source.js';

export class MemoryVerifySource extends MemoryRowSource implements VerifySource {
  constructor(
    private readonly list: readonly MemoryTable[],
    rowHook?: RowHook,
  ) {
    super(list, rowHook);
  }

  // One pass without holding the rows: generated tables can be millions of rows (benchmarks).
  async countRows(table: TableModel): Promise<number> {
    const entry = this.list.find((t) => qualifiedName(t.model) === qualifiedName(table));
    if (!entry) throw new Error(`MemoryVerifySource has no table ${qualifiedName(table)}`);
    let rows = 0;
    for (const _ of typeof entry.rows === 'function' ? entry.rows() : entry.rows) rows++;
    return rows;
  }
}
