/**
 * The comparison itself, inside Postgres: the source range (in the scratch table, loaded by
 * stage 2's own reader and encoder) against the same range of the target, with the meaning of
 * `EXCEPT ALL` both ways: duplicates count, and no key or ordering shared with SQL Server is
 * needed.
 */
import { quotePgIdent } from '../ddl/quote.js';
import type { KeyRange } from '../plan/key-ranges.js';

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
  /** Target key column and the range `lo <= k < hi` limiting the target side; null compares the whole table. */
  readonly range: ({ readonly column: string } & KeyRange) | null;
  readonly limit?: number;
}

/**
 * One query returning the rows that differ, as text values followed by their side: 'missing'
 * (in the source more times than in the target) or 'extra' (in the target more times). Both
 * sides are tagged +1 / -1, UNION ALL'd and grouped by every column: a group whose tags do
 * not sum to zero differs. This is EXCEPT ALL both ways in one scan of each side, and the
 * hash aggregate spills to disk past work_mem, so memory stays bounded on any range size.
 *
 * Non-key columns are compared as their text output (`::text`): every Postgres type has one,
 * while some have no equality operator that grouping could use (json, xml, point), and two
 * values of one column type with the same text are the same value as far as a copy goes. Key
 * columns stay in their own type so that the examples sort by key (integers numerically), and
 * the two versions of a changed row come out next to each other. At most `limit` rows per
 * direction can be shown, so up to twice that many are returned.
 */
export function buildCompareQuery(input: CompareQueryInput): { text: string; values: string[] } {
  const limit = input.limit ?? MAX_EXAMPLES;
  const keys = new Set(input.keyColumns);
  const alias = (i: number): string => `c${i}`;
  const list = input.columns.map((c, i) => `${keys.has(c) ? quotePgIdent(c) : `${quotePgIdent(c)}::text`} AS ${alias(i)}`).join(', ');
  const values: string[] = [];
  const where: string[] = [];
  if (input.range) {
    // Untyped parameters take the key column's own type (bigint, numeric(38,0), …), so a
    // decimal key beyond 2^63 compares exactly and the target's index on the key is used.
    const key = quotePgIdent(input.range.column);
    if (input.range.lo !== null) {
      values.push(input.range.lo);
      where.push(`${key} >= $${values.length}`);
    }
    if (input.range.hi !== null) {
      values.push(input.range.hi);
      // The first range also holds NULL keys, as the source read of it does (rangePredicate).
      where.push(input.range.lo === null ? `(${key} < $${values.length} OR ${key} IS NULL)` : `${key} < $${values.length}`);
    }
  }
  const aliases = input.columns.map((_, i) => alias(i)).join(', ');
  const out = input.columns.map((_, i) => `d.${alias(i)}::text`).join(', ');
  const keyAliases = input.columns.flatMap((c, i) => (keys.has(c) ? [`d.${alias(i)}`] : []));
  const order = ` ORDER BY ${[...keyAliases, 'side'].join(', ')}`;
  const targetWhere = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  const text =
    `SELECT ${out}, CASE WHEN d.n > 0 THEN 'missing' ELSE 'extra' END AS side FROM (\n` +
    `  SELECT ${aliases}, sum(tag) AS n FROM (\n` +
    `    SELECT ${list}, 1 AS tag FROM ${input.scratch}\n` +
    `    UNION ALL\n` +
    `    SELECT ${list}, -1 AS tag FROM ${input.target}${targetWhere}\n` +
    `  ) u GROUP BY ${aliases} HAVING sum(tag) <> 0\n` +
    `) d${order} LIMIT ${2 * limit}`;
  return { text, values };
}

/** Exact count of the target side of a range (or the whole table). */
export function buildTargetCountQuery(target: string): string {
  return `SELECT count(*)::text AS count FROM ${target}`;
}
