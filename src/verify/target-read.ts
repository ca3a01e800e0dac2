/**
 * The target side of a comparison: the rows as Postgres stores them, each value in its column's
 * own text output, streamed with `COPY (SELECT …) TO STDOUT` (the fastest way out of Postgres,
 * with its own backpressure) and never parsed into JS types. The session prints every type the
 * one way the canonical texts expect: DateStyle ISO, TimeZone UTC, shortest exact floats, hex
 * bytea.
 */
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { quotePgIdent } from '../ddl/quote.js';
import type { KeyRange } from '../plan/key-ranges.js';
import { pgRangeCondition } from '../postgres/key-range-sql.js';
import { CopyTextParser, type TargetRow } from './copy-text-parse.js';
import type { TargetColumn } from './target-columns.js';

const SESSION =
  "SELECT set_config('DateStyle', 'ISO, YMD', false), set_config('TimeZone', 'UTC', false), " +
  "set_config('extra_float_digits', '1', false), set_config('bytea_output', 'hex', false), " +
  "set_config('IntervalStyle', 'postgres', false)";

export interface TargetQuery {
  /** Quoted `"schema"."table"`. */
  readonly table: string;
  readonly columns: readonly TargetColumn[];
  /** The range of this key column (target name); null reads the whole table. */
  readonly range: { readonly column: string; readonly range: KeyRange } | null;
  /** Target columns to order by; empty for no order. */
  readonly orderBy: readonly string[];
}

/** Spatial columns of a PostGIS target print as hex EWKB; EWKT is what the source side reads. */
function selectItem(c: TargetColumn): string {
  const q = quotePgIdent(c.name);
  return c.baseType === 'geometry' || c.baseType === 'geography' ? `ST_AsEWKT(${q})` : q;
}

export function targetSelect(q: TargetQuery): string {
  const where = q.range === null ? '' : ` WHERE ${pgRangeCondition(q.range.column, q.range.range)}`;
  const order = q.orderBy.length === 0 ? '' : ` ORDER BY ${q.orderBy.map(quotePgIdent).join(', ')}`;
  return `SELECT ${q.columns.map(selectItem).join(', ')} FROM ${q.table}${where}${order}`;
}

/**
 * Batches of rows (one per network chunk), and the bytes read so far through `onBytes`. Ending
 * early (an error, an abort, a consumer that stops) discards the connection: it is in the middle
 * of a COPY, and dropping it is what stops the server's side.
 */
export async function* readTargetRows(pool: pg.Pool, q: TargetQuery, signal: AbortSignal, onBytes: (n: number) => void): AsyncGenerator<TargetRow[]> {
  signal.throwIfAborted();
  const client = await pool.connect();
  // A socket error on a checked-out client is also thrown by the COPY in flight; without a
  // listener it would be an uncaught exception.
  const onError = (): void => {};
  client.on('error', onError);
  let finished = false;
  try {
    await client.query(SESSION);
    const stream = client.query(copyTo(`COPY (${targetSelect(q)}) TO STDOUT`));
    const onAbort = (): void => void stream.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const parser = new CopyTextParser(q.columns.length);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        onBytes(chunk.length);
        const rows = parser.push(chunk);
        if (rows.length > 0) yield rows;
      }
      parser.end();
      finished = true;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  } finally {
    if (finished) client.removeListener('error', onError);
    client.release(!finished);
  }
}
