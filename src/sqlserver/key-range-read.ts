/**
 * The SQL Server side of key ranges, for stage-2 chunks and verify's ranges alike: MIN/MAX of
 * the key, and the stage-2 SELECT restricted to one half-open range (key-range-predicate.ts).
 */
import type { ConnectionPool } from 'mssql';
import { mssql } from './driver-modules.js';
import type { TableModel } from '../catalog/model.js';
import type { ChunkKey, KeyRange } from '../plan/key-ranges.js';
import type { KeyBounds, KeyBoundsOptions, ReadTableOptions, TableRead } from './contract.js';
import { isolationStatement, translateIsolationError } from './isolation.js';
import { queryRows } from './query-rows.js';
import { rangePredicate, type RangePredicate } from './key-range-predicate.js';
import { quoteTsqlName, quoteTsqlTable } from './quote.js';
import { readRows } from './row-stream.js';
import { buildSelect, foldedRows, type SelectPlan } from './select-builder.js';

export { rangePredicate, type RangePredicate };

/** varchar(40) holds any decimal(38,0) with its sign; CAST to text keeps every digit (integers have one style). */
export function keyBoundsSql(table: TableModel, key: ChunkKey, nolock: boolean): string {
  const k = quoteTsqlName(key.column);
  const hint = nolock ? ' WITH (NOLOCK)' : '';
  return `SELECT CAST(MIN(${k}) AS varchar(40)) AS lo, CAST(MAX(${k}) AS varchar(40)) AS hi\nFROM ${quoteTsqlTable(table)}${hint}`;
}

export async function readKeyBounds(pool: ConnectionPool, table: TableModel, key: ChunkKey, options: KeyBoundsOptions): Promise<KeyBounds> {
  return keyBoundsOf(await queryRows(pool, keyBoundsSql(table, key, options.nolock), options.signal));
}

/** The MIN/MAX row as tedious returns it: CONVERTed text, NULL both on an empty table. */
export function keyBoundsOf(rows: readonly { readonly lo?: unknown; readonly hi?: unknown }[]): KeyBounds {
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return { min: text(rows[0]?.lo), max: text(rows[0]?.hi) };
}

export interface RangeSelect extends SelectPlan {
  readonly params: RangePredicate['params'];
}

/** Stage 2's SELECT (same columns and conversions) limited to one range of the key. */
export function buildRangeSelect(table: TableModel, key: ChunkKey, range: KeyRange, options: { readonly nolock: boolean }): RangeSelect {
  const plan = buildSelect(table, { nolock: options.nolock });
  const predicate = rangePredicate(key, range);
  return { sql: `${plan.sql}\nWHERE ${predicate.where}`, columns: plan.columns, fold: plan.fold, params: predicate.params };
}

export function readTableRange(
  pool: ConnectionPool,
  database: string,
  table: TableModel,
  key: ChunkKey,
  range: KeyRange,
  options: ReadTableOptions,
): TableRead {
  const select = buildRangeSelect(table, key, range, { nolock: options.nolock });
  // SET and SELECT in one parameterized batch (sp_executesql), so both run on one connection.
  const batch = `${isolationStatement(options.isolation)};\n${select.sql}`;
  return { columns: select.columns, rows: foldedRows(streamRange(pool, database, batch, select.params, options.signal), select.fold) };
}

async function* streamRange(
  pool: ConnectionPool,
  database: string,
  batch: string,
  params: RangePredicate['params'],
  signal: AbortSignal,
): AsyncGenerator<unknown[], void, undefined> {
  const request = new mssql.Request(pool);
  for (const p of params) request.input(p.name, mssql.VarChar(40), p.value);
  try {
    yield* readRows(request, batch, signal);
  } catch (error) {
    throw translateIsolationError(error, database);
  }
}
