// The bench's source, importable by stage-2 worker threads (a SourceSpec points at this module):
// 10-column rows in the shapes the SQL Server reader delivers, each a pure function of its key,
// so a worker reads a key range without generating the rows before it.
import type { ValueShape } from '../src/catalog/value-shape.js';
import type { TableModel } from '../src/catalog/model.js';
import type { KeyRange } from '../src/plan/key-ranges.js';
import { column, table } from '../test/helpers/catalog-builder.js';
import { MemoryRowSource, type MemoryTable } from '../test/helpers/memory-row-source.js';
import { tdsDateTime2, tediousDateTime2 } from '../test/helpers/tedious-values.js';

export interface BenchSourceArgs {
  readonly tables: number;
  readonly rows: number;
}

// As the SQL Server reader delivers them: datetime2 natively (a Date plus
// tedious's nanosecondsDelta), decimal(18,4) (precision > 15) as server-side text.
export const BENCH_SHAPES: ValueShape[] = ['integer', 'bigint-text', 'decimal-text', 'text', 'text', 'boolean', 'timestamp-value', 'float', 'uuid', 'binary'];
/** datetime2(7) values of 28 days, built exactly as tedious builds them (shared: values are never mutated). */
const CREATED = Array.from({ length: 28 }, (_, d) => {
  const { days, value } = tdsDateTime2(`2024-03-${String(d + 1).padStart(2, '0')}T12:34:56.1234567`);
  return tediousDateTime2(days, value);
});
const blob = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');

export function benchModel(i: number, rows: number): TableModel {
  return table('dbo', `Bench${i}`, [
    column('Id', 'int', { nullable: false }),
    column('Big', 'bigint', { maxLength: 8 }),
    column('Amount', 'decimal', { precision: 18, scale: 4 }),
    column('Name', 'nvarchar', { maxLength: 200 }),
    column('Note', 'nvarchar', { maxLength: -1 }),
    column('Active', 'bit', { maxLength: 1 }),
    column('Created', 'datetime2', { precision: 27, scale: 7 }),
    column('Ratio', 'float', { maxLength: 8, precision: 53 }),
    column('Guid', 'uniqueidentifier', { maxLength: 16 }),
    column('Blob', 'varbinary', { maxLength: 100 }),
  ], { pk: ['Id'], rowCountEstimate: rows });
}

/** Row n of every bench table: a pure function of its key. */
export function benchRow(n: number): unknown[] {
  return [
    n, String(9_000_000_000_000 + n), `${n % 100000}.${String(n % 10000).padStart(4, '0')}`,
    `Customer ${n} Müller`, n % 10 === 0 ? 'line one\nline two\twith tab \\ backslash' : null, n % 2 === 0,
    CREATED[n % 28], n / 7,
    '6F9619FF-8B86-D011-B42D-00C04FC964FF', blob,
  ];
}

function* rowsBetween(from: number, to: number): Generator<unknown[]> {
  for (let n = from; n < to; n++) yield benchRow(n);
}

function benchTable(i: number, rows: number): MemoryTable {
  const bound = (b: string | null, open: number): number => (b === null ? open : Math.min(Math.max(Number(b), 0), rows));
  return {
    model: benchModel(i, rows),
    shapes: BENCH_SHAPES,
    rows: () => rowsBetween(0, rows),
    rowsInRange: (r: KeyRange) => rowsBetween(bound(r.lo, 0), bound(r.hi, rows)),
    bounds: { min: rows > 0 ? '0' : null, max: rows > 0 ? String(rows - 1) : null },
  };
}

export function openBenchSource(args: BenchSourceArgs): MemoryRowSource {
  return new MemoryRowSource(Array.from({ length: args.tables }, (_, i) => benchTable(i, args.rows)));
}
