/**
 * The SQL Server side of key-range chunks (issue 8 §2): MIN/MAX of the chunk key, and the
 * stage-2 SELECT restricted to one half-open range with real parameters.
 *
 * Bounds travel as varchar parameters and are CAST to the key column's own type in the query:
 * a bigint or decimal(38,0) bound beyond 2^53 would lose digits as a JS number (tedious's
 * BigInt/Decimal parameters take numbers), and comparing with the column's own type keeps the
 * predicate a seek on the clustered index instead of converting every row.
 */
import type { ConnectionPool } from 'mssql';
import mssql from 'mssql';
import type { TableModel } from '../catalog/model.js';
import type { ChunkKey, KeyRange } from '../plan/key-ranges.js';
import type { KeyBounds, ReadTableOptions, TableRead } from '../stages/row-source.js';
import { isolationStatement, translateIsolationError } from './isolation.js';
import { quoteIdentifier, quoteTable } from './quote.js';
import { readRows } from './row-stream.js';
import { buildSelect } from './select-builder.js';

/** varchar(40) holds any decimal(38,0) with its sign; CONVERT to text keeps every digit. */
export function keyBoundsSql(table: TableModel, key: ChunkKey, nolock: boolean): string {
  const k = quoteIdentifier(key.column);
  const hint = nolock ? ' WITH (NOLOCK)' : '';
  return `SELECT CONVERT(varchar(40), MIN(${k})) AS lo, CONVERT(varchar(40), MAX(${k})) AS hi\nFROM ${quoteTable(table)}${hint}`;
}

export interface RangePredicate {
  readonly where: string;
  readonly params: readonly { readonly name: 'lo' | 'hi'; readonly value: string }[];
}

/** `lo <= k < hi`; the first range (no lower bound) also takes NULL keys, so none is lost. */
export function rangePredicate(key: ChunkKey, range: KeyRange): RangePredicate {
  const k = quoteIdentifier(key.column);
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

export async function readKeyBounds(pool: ConnectionPool, table: TableModel, key: ChunkKey, nolock: boolean): Promise<KeyBounds> {
  const request = pool.request();
  request.arrayRowMode = false;
  const result = await request.query<{ lo: string | null; hi: string | null }>(keyBoundsSql(table, key, nolock));
  const row = result.recordset?.[0];
  return { min: row?.lo ?? null, max: row?.hi ?? null };
}

export function readTableRange(
  pool: ConnectionPool,
  database: string,
  table: TableModel,
  key: ChunkKey,
  range: KeyRange,
  options: ReadTableOptions,
): TableRead {
  const plan = buildSelect(table, { nolock: options.nolock });
  const predicate = rangePredicate(key, range);
  // SET and SELECT in one parameterized batch (sp_executesql), so both run on one connection.
  const batch = `${isolationStatement(options.isolation)};\n${plan.sql}\nWHERE ${predicate.where}`;
  return { columns: plan.columns, rows: streamRange(pool, database, batch, predicate, options.signal) };
}

async function* streamRange(
  pool: ConnectionPool,
  database: string,
  batch: string,
  predicate: RangePredicate,
  signal: AbortSignal,
): AsyncGenerator<unknown[], void, undefined> {
  const request = new mssql.Request(pool);
  for (const p of predicate.params) request.input(p.name, mssql.VarChar(40), p.value);
  try {
    yield* readRows(request, batch, signal);
  } catch (error) {
    throw translateIsolationError(error, database);
  }
}
