// The VerifySource double. It stands for SQL Server answering verify's own SELECT
// (src/sqlserver/verify-select.ts), not stage 2's: each value is delivered the way tedious
// delivers it for verify's expression of that column (src/sqlserver/verify-read.ts, shapes in
// src/catalog/verify-shape.ts), converted from the MemoryTable's rows, which hold the source's
// values as stage 2's reader delivers them (or, for readability, the reference ISO texts of
// the date/time types). An ORDER BY is honoured, ranges hold the same rows as stage 2's, and
// `load` is the stage-2 reader over the same rows (MemoryRowSource), for verify --repair.
import { qualifiedName, type ColumnModel, type TableModel } from '../../src/catalog/model.js';
import type { ValueShape, VariantValue } from '../../src/catalog/value-shape.js';
import { verifyDecimalScale, type VerifyShape, type VerifyVariant } from '../../src/catalog/verify-shape.js';
import { rangeContains } from '../../src/plan/key-ranges.js';
import type { VerifyRead, VerifyReadOptions, VerifySource } from '../../src/sqlserver/contract.js';
import { VARIANT_TEXT_BASE_TYPES, verifyColumnRead } from '../../src/sqlserver/verify-read.js';
import { MemoryRowSource, type MemoryTable, type RowHook } from './memory-row-source.js';
import { tdsDateTime2, tediousDateTime2, tediousTime } from './tedious-values.js';

interface DriverDate extends Date {
  readonly nanosecondsDelta?: number;
}

export class MemoryVerifySource extends MemoryRowSource implements VerifySource {
  /** verify's reads so far, as `dbo.T [lo,hi)` for a range or `dbo.T` for a whole table, in order. */
  readonly verifyReads: string[] = [];

  constructor(
    private readonly list: readonly MemoryTable[],
    rowHook?: RowHook,
  ) {
    super(list, rowHook);
  }

  get load(): this {
    return this;
  }

  // One pass without holding the rows: generated tables can be millions of rows (benchmarks).
  async countRows(table: TableModel): Promise<number> {
    const entry = this.entry(table);
    let rows = 0;
    for (const _ of typeof entry.rows === 'function' ? entry.rows() : entry.rows) rows++;
    return rows;
  }

  readForVerify(table: TableModel, options: VerifyReadOptions): VerifyRead {
    const entry = this.entry(table);
    const name = qualifiedName(table);
    const order = [...table.columns.keys()].sort((a, b) => table.columns[a]!.columnId - table.columns[b]!.columnId);
    const reads = order.map((i) => ({ index: i, column: table.columns[i]!, shape: verifyColumnRead(name, table.columns[i]!).shape }));
    const range = options.range;
    let source: Iterable<readonly unknown[]>;
    if (range === null) {
      this.verifyReads.push(name);
      source = typeof entry.rows === 'function' ? entry.rows() : entry.rows;
    } else {
      const label = `${name} [${range.range.lo ?? '-inf'},${range.range.hi ?? '+inf'})`;
      this.verifyReads.push(label);
      this.rangeReads.push(label);
      const at = table.columns.findIndex((c) => c.name === range.key.column);
      const all = entry.rowsInRange ? entry.rowsInRange(range.range) : typeof entry.rows === 'function' ? entry.rows() : entry.rows;
      source = filter(all, (row) => rangeContains(range.range, keyOf(row[at])));
    }
    const ordered = options.orderBy.length === 0 ? source : sortedBy(source, options.orderBy.map((c) => table.columns.findIndex((m) => m.name === c)));
    const hook = this.hookFor(name);
    // In batches, as the SQL Server reader hands them over (readRowBatches).
    async function* rows(): AsyncGenerator<readonly (readonly unknown[])[]> {
      let rowIndex = 0;
      let batch: (readonly unknown[])[] = [];
      for (const row of ordered) {
        options.signal.throwIfAborted();
        await hook?.(rowIndex++);
        batch.push(reads.map((r) => asTediousDelivers(row[r.index] ?? null, entry.shapes[r.index]!, r.shape, r.column)));
        if (batch.length === 100) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    }
    return { columns: reads.map((r) => ({ name: r.column.name, shape: r.shape })), rows: rows() };
  }

  /** The row hook, called for verify's reads as for stage 2's (attempts counted per table). */
  private hookFor(table: string): ((rowIndex: number) => void | Promise<void>) | undefined {
    const hook = this.hook;
    if (hook === undefined) return undefined;
    const attempt = (this.attempts.get(table) ?? 0) + 1;
    this.attempts.set(table, attempt);
    return (rowIndex) => hook({ table, attempt, rowIndex });
  }

  private entry(table: TableModel): MemoryTable {
    const entry = this.list.find((t) => qualifiedName(t.model) === qualifiedName(table));
    if (!entry) throw new Error(`MemoryVerifySource has no table ${qualifiedName(table)}`);
    return entry;
  }
}

function* filter(rows: Iterable<readonly unknown[]>, keep: (row: readonly unknown[]) => boolean): Generator<readonly unknown[]> {
  for (const row of rows) if (keep(row)) yield row;
}

/** ORDER BY integer columns, ascending, as SQL Server sorts them. */
function sortedBy(rows: Iterable<readonly unknown[]>, at: readonly number[]): (readonly unknown[])[] {
  const all = [...rows];
  return all.sort((a, b) => {
    for (const i of at) {
      const x = keyOf(a[i]);
      const y = keyOf(b[i]);
      if (x === y) continue;
      if (x === null) return -1;
      if (y === null) return 1;
      return x < y ? -1 : 1;
    }
    return 0;
  });
}

function keyOf(value: unknown): bigint | null {
  if (value === null || value === undefined) return null;
  return BigInt(value as number | string | bigint);
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function dateOfText(text: string): Date {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date;
}

/** A stored value as tedious would hand it over for verify's expression of the column. */
function asTediousDelivers(value: unknown, stored: ValueShape, shape: VerifyShape, column: ColumnModel): unknown {
  if (value === null) return null;
  if (verifyDecimalScale(shape) !== null) return typeof value === 'string' ? Number(value) : value;
  switch (shape) {
    case 'date':
      return stored === 'date-text' ? dateOfText(value as string) : value;
    case 'datetime':
    case 'datetime2':
    case 'datetimeoffset':
      return stored.endsWith('-text') ? fromText(value as string) : value;
    case 'time':
      if (stored !== 'time-text') return value;
      return tediousTime(tdsDateTime2(`1970-01-01 ${value as string}`).value);
    case 'variant':
      return variantAsRead(value as VariantValue, column);
    default:
      return value;
  }
}

function fromText(text: string): Date {
  const { days, value } = tdsDateTime2(text);
  return tediousDateTime2(days, value);
}

/** SQL Server's CAST(... AS varchar) of a date/time value, with 7 fractional digits (datetime2(7)). */
function fraction7(d: DriverDate): string {
  const units = d.getUTCMilliseconds() * 10_000 + Math.round((d.nanosecondsDelta ?? 0) * 1e7);
  return pad(units, 7);
}

const ymd = (d: Date): string => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
const hms = (d: Date): string => `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;

/** verify reads a variant as its native value, its base type, and for some base types the server's CAST text. */
function variantAsRead(v: VariantValue, _column: ColumnModel): VerifyVariant {
  if (!VARIANT_TEXT_BASE_TYPES.has(v.baseType)) return { baseType: v.baseType, native: v.value, text: null };
  const value = v.value;
  let text: string;
  switch (v.baseType) {
    case 'bit':
      text = value === true ? '1' : '0';
      break;
    case 'date':
      text = ymd(value as Date);
      break;
    case 'time':
      text = `${hms(value as Date)}.${fraction7(value as DriverDate)}`;
      break;
    case 'datetime2':
      text = `${ymd(value as Date)} ${hms(value as Date)}.${fraction7(value as DriverDate)}`;
      break;
    case 'datetime':
      text = `${ymd(value as Date)} ${hms(value as Date)}.${pad((value as Date).getUTCMilliseconds(), 3)}`;
      break;
    case 'smalldatetime':
      text = `${ymd(value as Date)} ${hms(value as Date)}`;
      break;
    default:
      // The integers as numbers or bigint strings, the decimal family and datetimeoffset already as the server's text.
      text = String(value);
  }
  return { baseType: v.baseType, native: value, text };
}
