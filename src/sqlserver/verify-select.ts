/**
 * verify's SELECT for one table, or one key range of it: every column by verify's own read
 * (verify-read.ts), in column_id order, ordered by the key the comparison merges on (integer
 * columns order the same in SQL Server and Postgres) or in no particular order for a
 * comparison that does not need one.
 */
import { qualifiedName, type TableModel } from '../catalog/model.js';
import type { VerifyShape, VerifyVariant } from '../catalog/verify-shape.js';
import { Mssql2pgError, UsageError } from '../errors.js';
import type { ChunkKey, KeyRange } from '../plan/key-ranges.js';
import { rangePredicate, type RangePredicate } from './key-range-predicate.js';
import { quoteTsqlName, quoteTsqlTable } from './quote.js';
import { verifyColumnRead } from './verify-read.js';

export interface VerifySelectOptions {
  readonly nolock: boolean;
  /** Only this range of the key; null reads the whole table. */
  readonly range: { readonly key: ChunkKey; readonly range: KeyRange } | null;
  /** Source column names to ORDER BY (ascending); empty for no order. */
  readonly orderBy: readonly string[];
}

export interface VerifySelect {
  readonly sql: string;
  readonly params: RangePredicate['params'];
  readonly columns: readonly { readonly name: string; readonly shape: VerifyShape }[];
  /** Folds multi-item columns (sql_variant) into one value each, in place; absent when every column is one item. */
  readonly fold?: (row: unknown[]) => unknown[];
}

export function buildVerifySelect(table: TableModel, o: VerifySelectOptions): VerifySelect {
  const tableName = qualifiedName(table);
  const columns = [...table.columns].sort((a, b) => a.columnId - b.columnId);
  if (columns.length === 0) throw new UsageError(`Table ${tableName} has no columns to read`);
  const reads = columns.map((c) => ({ column: c, read: verifyColumnRead(tableName, c) }));
  const items = reads.flatMap(({ column, read }) => read.items(quoteTsqlName(column.name)));
  const where = o.range === null ? null : rangePredicate(o.range.key, o.range.range);
  const order = o.orderBy.length === 0 ? '' : `\nORDER BY ${o.orderBy.map(quoteTsqlName).join(', ')}`;
  const hint = o.nolock ? ' WITH (NOLOCK)' : '';
  const sql = `SELECT ${items.join(',\n       ')}\nFROM ${quoteTsqlTable(table)}${hint}${where === null ? '' : `\nWHERE ${where.where}`}${order}`;
  const widths = reads.map(({ column, read }) => read.items(quoteTsqlName(column.name)).length);
  return {
    sql,
    params: where?.params ?? [],
    columns: reads.map(({ column, read }) => ({ name: column.name, shape: read.shape })),
    fold: widths.every((w) => w === 1) ? undefined : folder(tableName, reads.map((r) => r.column.name), widths),
  };
}

/** Rows arrive with a variant's three items side by side; each becomes one VerifyVariant. */
function folder(tableName: string, names: readonly string[], widths: readonly number[]): (row: unknown[]) => unknown[] {
  return (row) => {
    const out: unknown[] = [];
    let at = 0;
    widths.forEach((w, i) => {
      out.push(w === 1 ? row[at] : variantOf(`${tableName}.${names[i]}`, row[at], row[at + 1], row[at + 2]));
      at += w;
    });
    return out;
  };
}

function variantOf(column: string, native: unknown, baseType: unknown, text: unknown): VerifyVariant | null {
  if (baseType === null || baseType === undefined) {
    if (native === null || native === undefined) return null;
    throw new Mssql2pgError(`sql_variant column ${column}: SQL Server sent a value but no base type for it`);
  }
  return { baseType: String(baseType).toLowerCase(), native, text: text === null || text === undefined ? null : String(text) };
}
