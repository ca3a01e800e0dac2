/**
 * The stage-2 SELECT for one table: an explicit column list with server-side conversions
 * (column-read.ts) so that exact values reach the COPY encoder.
 */
import { qualifiedName, type ColumnModel, type TableModel } from '../catalog/model.js';
import type { ValueShape } from '../catalog/value-shape.js';
import { UsageError } from '../errors.js';
import { columnRead, selectListItem } from './column-read.js';
import { quoteTsqlName, quoteTsqlTable } from './quote.js';
import { foldVariant } from './variant-read.js';

export interface SelectOptions {
  /**
   * WITH (NOLOCK): no shared locks, so writers are not blocked, at the price of dirty reads
   * (rows read twice or missed on page splits). Only for a source nobody writes to.
   */
  readonly nolock: boolean;
  /**
   * Which columns to read, by source name, in this order (e.g. without the computed columns
   * the target generates itself). Default: every column in column_id order.
   */
  readonly columns?: readonly string[];
}

export interface SelectPlan {
  readonly sql: string;
  /** The result columns in SELECT-list order: rows arrive as arrays in this order. */
  readonly columns: readonly { readonly name: string; readonly shape: ValueShape }[];
  /**
   * Folds the companion items (after the columns) back into their columns' values and drops
   * them, in place; absent when no column has one (the rows are used as they arrive).
   */
  readonly fold?: (row: unknown[]) => unknown[];
}

/**
 * No ORDER BY: COPY does not need order, and sorting a billion-row table would cost a full
 * sort (tempdb spill) on the source. Resume restarts a table from scratch, so no key order
 * is needed either. A type override in the config changes only the target column type: the
 * value is still read with the base type's shape and the encoder formats it.
 */
export function buildSelect(table: TableModel, options: SelectOptions): SelectPlan {
  const tableName = qualifiedName(table);
  const selected = pickColumns(table, options.columns);
  if (selected.length === 0) throw new UsageError(`Table ${tableName} has no columns to read`);
  const items = selected.map((c) => selectListItem(tableName, c));
  const companions = selected.flatMap((c, at) => {
    const companion = columnRead(tableName, c).companion;
    return companion === undefined ? [] : [{ at, name: c.name, sql: companion(quoteTsqlName(c.name)) }];
  });
  const list = [...items, ...companions.map((c, i) => `${c.sql} AS ${quoteTsqlName(`mssql2pg companion ${i}`)}`)].join(',\n       ');
  const hint = options.nolock ? ' WITH (NOLOCK)' : '';
  const width = selected.length;
  return {
    sql: `SELECT ${list}\nFROM ${quoteTsqlTable(table)}${hint}`,
    columns: selected.map((c) => ({ name: c.name, shape: columnRead(tableName, c).shape })),
    fold:
      companions.length === 0
        ? undefined
        : (row) => {
            companions.forEach((c, i) => (row[c.at] = foldVariant(`${tableName}.${c.name}`, row[c.at], row[width + i])));
            row.length = width;
            return row;
          },
  };
}

/** The rows of a plan as the encoder takes them: companions folded in (a no-op for most tables). */
export async function* foldedRows(rows: AsyncIterable<unknown[]>, fold: SelectPlan['fold']): AsyncGenerator<unknown[], void, undefined> {
  if (fold === undefined) return yield* rows;
  for await (const row of rows) yield fold(row);
}

/**
 * Exact row count, for checks after a copy. COUNT_BIG because COUNT(*) overflows past
 * 2^31 - 1 rows; its bigint `row_count` arrives from tedious as a decimal string.
 */
export function countRowsSql(table: TableModel, options: Pick<SelectOptions, 'nolock'>): string {
  const hint = options.nolock ? ' WITH (NOLOCK)' : '';
  return `SELECT COUNT_BIG(*) AS row_count FROM ${quoteTsqlTable(table)}${hint}`;
}

function pickColumns(table: TableModel, names: readonly string[] | undefined): readonly ColumnModel[] {
  if (names === undefined) return [...table.columns].sort((a, b) => a.columnId - b.columnId);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  return names.map((name) => {
    const column = byName.get(name);
    if (!column) throw new UsageError(`Table ${qualifiedName(table)} has no column ${name}`);
    return column;
  });
}
