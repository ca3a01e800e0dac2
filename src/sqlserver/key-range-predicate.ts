/**
 * The SQL Server side of one key range, `lo <= k < hi`, with real parameters: stage 2's chunk
 * reads and verify's range reads use the same predicate, so a range holds the same rows on
 * both (and the same rows as Postgres's side of it, src/postgres/key-range-sql.ts).
 *
 * Bounds travel as varchar parameters and are CAST to the key column's own type in the query:
 * a bigint or decimal(38,0) bound beyond 2^53 would lose digits as a JS number (tedious's
 * BigInt/Decimal parameters take numbers), and comparing with the column's own type keeps the
 * predicate a seek on the clustered index instead of converting every row.
 */
import type { ChunkKey, KeyRange } from '../plan/key-ranges.js';
import { quoteTsqlName } from './quote.js';

export interface RangePredicate {
  readonly where: string;
  readonly params: readonly { readonly name: 'lo' | 'hi'; readonly value: string }[];
}

/** `lo <= k < hi`; the first range (no lower bound) also takes NULL keys, so none is lost. */
export function rangePredicate(key: ChunkKey, range: KeyRange): RangePredicate {
  const k = quoteTsqlName(key.column);
  const parts: string[] = [];
  const params: { name: 'lo' | 'hi'; value: string }[] = [];
  if (range.lo !== null) {
    parts.push(`${k} >= CAST(@lo AS ${key.sqlType})`);
    params.push({ name: 'lo', value: range.lo });
  }
  if (range.hi !== null) {
    const below = `${k} < CAST(@hi AS ${key.sqlType})`;
    parts.push(range.lo === null && key.nullable ? `(${below} OR ${k} IS NULL)` : below);
    params.push({ name: 'hi', value: range.hi });
  }
  return { where: parts.length === 0 ? '1 = 1' : parts.join(' AND '), params };
}
