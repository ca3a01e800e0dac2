/**
 * The stage-2 SELECT for one table: an explicit column list with server-side conversions
 * (column-read.ts) so that exact values reach the COPY encoder.
 */
import { qualifiedName, type ColumnModel, type TableModel } from '../catalog/model.js';
import type { ValueShape } from '../catalog/value-shape.js';
import { UsageError } from '../errors.js';
import { columnRead, selectListItem } from './column-read.js';
import { quoteTsqlTable } from './quote.js';

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
  const list = selected.map((c) => selectListItem(tableName, c)).join(',\n       ');
  const hint = options.nolock ? ' WITH (NOLOCK)' : '';
  return {
    sql: `SELECT ${list}\nFROM ${quoteTsqlTable(table)}${hint}`,
    columns: selected.map((c) => ({ name: c.name, shape: columnRead(tableName, c).shape })),
  };
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
