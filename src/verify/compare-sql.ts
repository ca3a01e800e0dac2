/**
 * The comparison itself, inside Postgres: the source range (in the scratch table, loaded by
 * stage 2's own reader and encoder) against the same range of the target, `EXCEPT ALL` both
 * ways. EXCEPT ALL counts duplicates and needs no key and no ordering shared with SQL Server.
 */
import { quoteIdent } from '../ddl/quote.js';

/** Examples kept per direction and range: the report shows at most 10 differing rows. */
export const MAX_EXAMPLES = 10;

export interface CompareQueryInput {
  /** Quoted `"schema"."table"` of the scratch copy and of the target. */
  readonly scratch: string;
  readonly target: string;
  /** Target column names (unquoted), in the order of the report's values. */
  readonly columns: readonly string[];
  /** Target names of the primary-key columns (empty when the table has none). */
  readonly keyColumns: readonly string[];
  /** Integer key column and range bounds limiting the target side; null compares the whole table. */
  readonly range: { readonly column: string; readonly from: bigint | null; readonly to: bigint | null } | null;
  readonly limit?: number;
}

/**
 * One query returning up to `limit` rows per direction, each row as text values followed by
 * its side: 'missing' (in the source, not in the target) or 'extra' (in the target only).
 *
 * Non-key columns are compared as their text output (`::text`): every Postgres type has one,
 * while some have no equality operator that EXCEPT could use (json, xml, point), and two
 * values of one column type with the same text are the same value as far as a copy goes. Key
 * columns stay in their own type so that the examples sort by key (integers numerically).
 */
export function buildCompareQuery(input: CompareQueryInput): { text: string; values: string[] } {
  const limit = input.limit ?? MAX_EXAMPLES;
  const keys = new Set(input.keyColumns);
  const list = input.columns.map((c) => (keys.has(c) ? quoteIdent(c) : `${quoteIdent(c)}::text`)).join(', ');
  const values: string[] = [];
  const where: string[] = [];
  if (input.range) {
    const key = quoteIdent(input.range.column);
    if (input.range.from !== null) {
      values.push(input.range.from.toString());
      where.push(`${key} >= $${values.length}::bigint`);
    }
    if (input.range.to !== null) {
      values.push(input.range.to.toString());
      where.push(`${key} <= $${values.length}::bigint`);
    }
  }
  const targetSide = `SELECT ${list} FROM ${input.target}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;
  const sourceSide = `SELECT ${list} FROM ${input.scratch}`;
  const out = input.columns.map((c, i) => `d.${quoteIdent(c)}::text AS v${i}`).join(', ');
  const order = input.keyColumns.length > 0 ? ` ORDER BY ${input.keyColumns.map((k) => `d.${quoteIdent(k)}`).join(', ')}` : '';
  const direction = (side: string, left: string, right: string): string =>
    `(SELECT ${out}, '${side}' AS side FROM (${left} EXCEPT ALL ${right}) d${order} LIMIT ${limit})`;
  return {
    text: `${direction('missing', sourceSide, targetSide)}\nUNION ALL\n${direction('extra', targetSide, sourceSide)}`,
    values,
  };
}

/** Exact count of the target side of a range (or the whole table). */
export function buildTargetCountQuery(target: string): string {
  return `SELECT count(*)::text FROM ${target}`;
}
