// A source double behind the same RowSource interface as the SQL Server reader: it drives the
// orchestration (resume, retries, parallelism, interrupts) in integration tests, where there is
// no SQL Server. It never stands in for SQL Server's own behaviour: value shapes are given as
// the reader's contract (src/catalog/value-shape.ts) says they arrive.
import { qualifiedName, type CatalogModel, type TableModel } from '../../src/catalog/model.js';
import type { ValueShape } from '../../src/catalog/value-shape.js';
import { rangeContains, type ChunkKey, type KeyRange } from '../../src/plan/key-ranges.js';
import type { KeyBounds, KeyBoundsOptions, RangeReader, ReadTableOptions, RowSource, TableRead } from '../../src/sqlserver/contract.js';

export interface MemoryTable {
  readonly model: TableModel;
  readonly shapes: readonly ValueShape[];
  /** Rows, or a generator of rows (for millions without holding them). */
  readonly rows: readonly (readonly unknown[])[] | (() => Iterable<readonly unknown[]>);
  /** Optional fast path for key-range reads: exactly the rows with lo <= key < hi. */
  readonly rowsInRange?: (range: KeyRange) => Iterable<readonly unknown[]>;
  /** Optional MIN/MAX of the key, instead of a pass over every row. */
  readonly bounds?: KeyBounds;
}

/** Called before each row is produced; throw to inject a failure, await to slow the read. */
export type RowHook = (info: { table: string; attempt: number; rowIndex: number }) => void | Promise<void>;

export class MemoryRowSource implements RowSource {
  readonly attempts = new Map<string, number>();
  readonly cancelled: string[] = [];
  closed = false;

  constructor(
    private readonly tables: readonly MemoryTable[],
    protected readonly hook?: RowHook,
  ) {}

  async loadCatalog(): Promise<CatalogModel> {
    return { database: 'memory', tables: this.tables.map((t) => t.model) };
  }

  /** Key ranges read so far, as `dbo.T [lo,hi)`, in order (attempts of one range repeat it). */
  readonly rangeReads: string[] = [];

  readonly ranges: RangeReader = {
    keyBounds: (table, key, options) => this.keyBounds(table, key, options),
    readTableRange: (table, key, range, options) => this.readTableRange(table, key, range, options),
  };

  async keyBounds(table: TableModel, key: ChunkKey, _options?: KeyBoundsOptions): Promise<KeyBounds> {
    const entry = this.entryOf(table);
    if (entry.bounds) return entry.bounds;
    const at = table.columns.findIndex((c) => c.name === key.column);
    let min: bigint | null = null;
    let max: bigint | null = null;
    for (const row of typeof entry.rows === 'function' ? entry.rows() : entry.rows) {
      const k = keyOf(row[at]);
      if (k === null) continue;
      if (min === null || k < min) min = k;
      if (max === null || k > max) max = k;
    }
    return { min: min?.toString() ?? null, max: max?.toString() ?? null };
  }

  readTableRange(table: TableModel, key: ChunkKey, range: KeyRange, options: ReadTableOptions): TableRead {
    const at = table.columns.findIndex((c) => c.name === key.column);
    this.rangeReads.push(`${qualifiedName(table)} [${range.lo ?? '-inf'},${range.hi ?? '+inf'})`);
    const entry = this.entryOf(table);
    if (entry.rowsInRange) return this.readTable(table, options, undefined, () => entry.rowsInRange!(range));
    return this.readTable(table, options, (row) => rangeContains(range, keyOf(row[at])));
  }

  private entryOf(table: TableModel): MemoryTable {
    const name = qualifiedName(table);
    const entry = this.tables.find((t) => qualifiedName(t.model) === name);
    if (!entry) throw new Error(`MemoryRowSource has no table ${name}`);
    return entry;
  }

  readTable(
    table: TableModel,
    options: ReadTableOptions,
    filter?: (row: readonly unknown[]) => boolean,
    rowsOverride?: () => Iterable<readonly unknown[]>,
  ): TableRead {
    const name = qualifiedName(table);
    const entry = this.entryOf(table);
    const attempt = (this.attempts.get(name) ?? 0) + 1;
    this.attempts.set(name, attempt);
    const hook = this.hook;
    const cancelled = this.cancelled;
    async function* rows(): AsyncGenerator<readonly unknown[]> {
      let rowIndex = 0;
      let finished = false;
      try {
        const all = rowsOverride ? rowsOverride() : typeof entry!.rows === 'function' ? entry!.rows() : entry!.rows;
        for (const row of all) {
          if (filter !== undefined && !filter(row)) continue;
          if (options.signal.aborted) throw options.signal.reason ?? new Error('aborted');
          await hook?.({ table: name, attempt, rowIndex });
          rowIndex++;
          yield row;
        }
        finished = true;
      } finally {
        if (!finished) cancelled.push(name);
      }
    }
    return {
      columns: table.columns.map((c, i) => ({ name: c.name, shape: entry.shapes[i]! })),
      rows: rows(),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function keyOf(value: unknown): bigint | null {
  if (value === null || value === undefined) return null;
  return BigInt(value as number | string | bigint);
}
