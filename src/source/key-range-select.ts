/**
 * The source side of `mssql2pg verify`: exact row count with the key's bounds, and the stage-2
 * SELECT limited to one key range. Kept apart from buildSelect: the column list and its
 * conversions are buildSelect's own (the same reader as stage 2), only a WHERE is added.
 */
import type { TableModel } from '../catalog/model.js';
import { buildSelect, type SelectPlan } from './select-builder.js';
import { quoteIdentifier, quoteTable } from './quote.js';

export interface KeyRangeBounds {
  readonly from: bigint | null;
  readonly to: bigint | null;
}

export interface ParameterisedSelect extends SelectPlan {
  /** bigint parameters, by name without the @, passed as decimal text (tedious's BigInt accepts it). */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * COUNT_BIG with the key's MIN and MAX in one statement. The bounds go through
 * CONVERT(varchar(20)) for the same reason stage 2 reads bigint that way: a bigint must never
 * pass through a JS number. COUNT_BIG arrives from tedious as a decimal string.
 */
export function keyStatsSql(table: TableModel, keyColumn: string, options: { readonly nolock: boolean }): string {
  const key = quoteIdentifier(keyColumn);
  const hint = options.nolock ? ' WITH (NOLOCK)' : '';
  return (
    `SELECT COUNT_BIG(*) AS row_count, CONVERT(varchar(20), MIN(${key})) AS min_key, ` +
    `CONVERT(varchar(20), MAX(${key})) AS max_key FROM ${quoteTable(table)}${hint}`
  );
}

/**
 * Stage 2's SELECT with `WHERE key >= @from AND key <= @to` (an open end leaves its half out).
 * Parameters rather than literals, so that one plan is reused for every range of a table.
 */
export function buildKeyRangeSelect(
  table: TableModel,
  keyColumn: string,
  range: KeyRangeBounds,
  options: { readonly nolock: boolean },
): ParameterisedSelect {
  const plan = buildSelect(table, { nolock: options.nolock });
  const key = quoteIdentifier(keyColumn);
  const conditions: string[] = [];
  const params: Record<string, string> = {};
  if (range.from !== null) {
    conditions.push(`${key} >= @key_from`);
    params.key_from = range.from.toString();
  }
  if (range.to !== null) {
    conditions.push(`${key} <= @key_to`);
    params.key_to = range.to.toString();
  }
  const where = conditions.length > 0 ? `\nWHERE ${conditions.join(' AND ')}` : '';
  return { sql: `${plan.sql}${where}`, columns: plan.columns, params };
}
