/**
 * Stage 2's read of a unit through the TDS decoder (src/sqlserver/tds): the same rows as
 * readTable / readTableRange (same columns in column_id order, same isolation, same half-open
 * key range with real parameters), each column selected as the decoder wants it
 * (decoderSelectExpression: native where the wire bytes are exact), decoded straight into
 * COPY text. A unit the decoder cannot read exactly comes back as a fallback with its reason,
 * before any row, and goes through today's path instead.
 */
import type { ConnectionPool } from 'mssql';
import { qualifiedName, type TableModel } from '../catalog/model.js';
import type { ChunkKey, KeyRange } from '../plan/key-ranges.js';
import type { CopyReadOptions, CopyTextRead } from './contract.js';
import { isolationStatement, translateIsolationError } from './isolation.js';
import { rangePredicate } from './key-range-read.js';
import { quoteTsqlName, quoteTsqlTable } from './quote.js';
import { decoderSelectExpression } from './tds/decoder-select.js';
import { readCopyChunks } from './tds/read-copy-chunks.js';

export interface DecoderSelect {
  readonly sql: string;
  readonly columns: readonly string[];
  readonly params: readonly { readonly name: string; readonly value: string }[];
}

/** The decoder path's batch for a unit, or the reason there is none (a column type it cannot select). */
export function buildDecoderSelect(
  table: TableModel,
  range: { readonly key: ChunkKey; readonly range: KeyRange } | null,
  options: Pick<CopyReadOptions, 'isolation' | 'nolock'>,
): DecoderSelect | { readonly fallback: string } {
  const columns = [...table.columns].sort((a, b) => a.columnId - b.columnId);
  const list: string[] = [];
  for (const c of columns) {
    const quoted = quoteTsqlName(c.name);
    const expression = decoderSelectExpression(qualifiedName(table), c, quoted);
    if (expression === null) return { fallback: `column ${c.name} has type ${c.type}, which the decoder does not select` };
    list.push(expression === quoted ? quoted : `${expression} AS ${quoted}`);
  }
  const predicate = range === null ? null : rangePredicate(range.key, range.range);
  const hint = options.nolock ? ' WITH (NOLOCK)' : '';
  // SET and SELECT in one batch (or one sp_executesql), so both run on the same connection.
  const sql =
    `${isolationStatement(options.isolation)};\nSELECT ${list.join(',\n       ')}\nFROM ${quoteTsqlTable(table)}${hint}` +
    (predicate === null ? '' : `\nWHERE ${predicate.where}`);
  return { sql, columns: columns.map((c) => c.name), params: predicate?.params ?? [] };
}

export async function readCopyText(
  pool: ConnectionPool,
  database: string,
  table: TableModel,
  range: { readonly key: ChunkKey; readonly range: KeyRange } | null,
  options: CopyReadOptions,
): Promise<CopyTextRead | { readonly fallback: string }> {
  const select = buildDecoderSelect(table, range, options);
  if ('fallback' in select) return select;
  let read;
  try {
    read = await readCopyChunks(pool, { sql: select.sql, params: select.params, signal: options.signal, encoder: options.encoder });
  } catch (error) {
    throw translateIsolationError(error, database);
  }
  if ('fallback' in read) return read;
  if (read.columns.length !== select.columns.length) {
    // The server sent another result shape than the SELECT asks for: never guess which field is which.
    await read.chunks.return(undefined);
    return { fallback: `the result has ${read.columns.length} columns, the SELECT ${select.columns.length}` };
  }
  return { columns: select.columns, chunks: translated(read.chunks, database) };
}

async function* translated(
  chunks: AsyncIterable<{ readonly bytes: Buffer; readonly rows: number }>,
  database: string,
): AsyncGenerator<{ readonly bytes: Buffer; readonly rows: number }, void, undefined> {
  try {
    yield* chunks;
  } catch (error) {
    throw translateIsolationError(error, database);
  }
}
