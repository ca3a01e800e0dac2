// The source of scripts/bench-verify.ts, shared by the benchmark and its verify child process:
// the same 10-column tables as scripts/bench-sync.ts, behind RowSource and VerifySource.
import type { TableModel } from '../src/catalog/model.js';
import type { ChunkKey, KeyRange } from '../src/plan/key-ranges.js';
import type { KeyBounds, ReadTableOptions, TableRead, VerifyRead, VerifyReadOptions } from '../src/sqlserver/contract.js';
import { verifyColumnRead } from '../src/sqlserver/verify-read.js';
import type { MemoryTable } from '../test/helpers/memory-row-source.js';
import { MemoryVerifySource } from '../test/helpers/memory-verify-source.js';
import { BENCH_SHAPES, benchModel, benchRow } from './bench-sync-source.js';

export interface BenchVerifyArgs {
  readonly rows: number;
  readonly tables: number;
  readonly parallel: number;
  readonly rangeRows: number;
}

function benchTable(i: number, rows: number): MemoryTable {
  return {
    model: benchModel(i, rows),
    shapes: BENCH_SHAPES,
    rows: function* () {
      for (let n = 0; n < rows; n++) yield benchRow(n);
    },
  };
}

/**
 * The memory double answers counts, key bounds and key ranges by generating every row again;
 * SQL Server answers them from its indexes, on its own CPU. So that the figure measures
 * mssql2pg and Postgres, this source knows its keys (Id = 0 … rows-1) and generates only a
 * range's rows, without the double's per-row test hook.
 */
export class BenchSource extends MemoryVerifySource {
  constructor(private readonly rows: number, tables: number) {
    super(Array.from({ length: tables }, (_, i) => benchTable(i, rows)));
  }

  override async countRows(): Promise<number> {
    return this.rows;
  }

  override async keyBounds(): Promise<KeyBounds> {
    return { min: '0', max: String(this.rows - 1) };
  }

  override readTableRange(t: TableModel, _key: ChunkKey, range: KeyRange, options: ReadTableOptions): TableRead {
    const [from, to] = this.span(range);
    const rows = async function* (): AsyncGenerator<readonly unknown[]> {
      for (let n = from; n < to; n++) {
        options.signal.throwIfAborted();
        yield benchRow(n);
      }
    };
    return { columns: t.columns.map((c, i) => ({ name: c.name, shape: BENCH_SHAPES[i]! })), rows: rows() };
  }

  // verify's read of these columns delivers the same JS values as stage 2's (ids in key order),
  // in batches of 500 rows, as the SQL Server reader buffers them (readRowBatches).
  override readForVerify(t: TableModel, options: VerifyReadOptions): VerifyRead {
    const [from, to] = this.span(options.range?.range ?? { lo: null, hi: null });
    const rows = async function* (): AsyncGenerator<readonly (readonly unknown[])[]> {
      for (let n = from; n < to; n += 500) {
        options.signal.throwIfAborted();
        const batch: unknown[][] = [];
        for (let k = n; k < Math.min(n + 500, to); k++) batch.push(benchRow(k));
        yield batch;
      }
    };
    return { columns: t.columns.map((c) => ({ name: c.name, shape: verifyColumnRead(t.name, c).shape })), rows: rows() };
  }

  private span(range: KeyRange): [number, number] {
    return [range.lo === null ? 0 : Math.max(0, Number(range.lo)), range.hi === null ? this.rows : Math.min(this.rows, Number(range.hi))];
  }
}
