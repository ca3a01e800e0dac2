/**
 * The target side of a key range, `lo <= k < hi`, as Postgres SQL: the same half-open ranges the
 * SQL Server side reads (src/sqlserver/key-range-read.ts), with NULL keys in the first range.
 *
 * Bounds are written as quoted literals, not parameters, so the condition also works where
 * Postgres takes no parameters (`COPY (SELECT …) TO STDOUT`). A quoted literal has no type of
 * its own and takes the key column's (bigint, numeric(38,0), …): exact beyond 2^63, and the
 * index on the key is used. Bounds are checked to be integers, so nothing else gets in.
 */
import { quotePgIdent } from '../ddl/quote.js';
import { Mssql2pgError } from '../errors.js';
import type { KeyRange } from '../plan/key-ranges.js';

const INTEGER = /^-?\d+$/;

function literal(bound: string): string {
  if (!INTEGER.test(bound)) throw new Mssql2pgError(`internal: key range bound ${JSON.stringify(bound)} is not an integer`);
  return `'${bound}'`;
}

/** The WHERE condition of one range of `column` (unquoted target name); `TRUE` for an unbounded range. */
export function pgRangeCondition(column: string, range: KeyRange): string {
  const k = quotePgIdent(column);
  const parts: string[] = [];
  if (range.lo !== null) parts.push(`${k} >= ${literal(range.lo)}`);
  if (range.hi !== null) {
    const below = `${k} < ${literal(range.hi)}`;
    parts.push(range.lo === null ? `(${below} OR ${k} IS NULL)` : below);
  }
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}
