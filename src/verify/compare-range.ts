/**
 * One range of one table, in two steps that verify overlaps (range i+1 loads while range i is
 * compared): stage 2's reader and encoder COPY the source rows into a scratch table, then
 * Postgres compares them with the same range of the target.
 */
import type pg from 'pg';
import { createRowEncoder, encodeCopyChunks, type EncoderOptions } from '../copy/index.js';
import { copyIntoTable } from '../postgres/copy-into-table.js';
import type { KeyRange } from '../plan/key-ranges.js';
import type { TableRead } from '../sqlserver/contract.js';
import { buildCompareQuery } from './compare-sql.js';
import type { DiffRow, Side } from './differences.js';

export interface RangeTarget {
  readonly pool: pg.Pool;
  /** Quoted name of the target table. */
  readonly target: string;
  /** Target column names, in the order of the read's columns. */
  readonly columns: readonly string[];
  readonly keyColumns: readonly string[];
  /** Target name of the key the ranges are on; null when the table is compared whole. */
  readonly rangeColumn: string | null;
  readonly encoder: EncoderOptions;
  readonly signal: AbortSignal;
  /** Rows of each COPY chunk as it goes (progress). */
  readonly onRows: (rowsInChunk: number) => void;
}

export interface RangeResult {
  readonly rows: readonly DiffRow[];
  /** The query returned its row limit (twice the examples per direction): there may be more. */
  readonly truncated: boolean;
}

/** Replaces the scratch table's rows with the source range; returns Postgres's `COPY n`. */
export async function loadRange(read: TableRead, t: RangeTarget, scratch: string): Promise<number> {
  const encodeRow = createRowEncoder(read.columns, t.encoder);
  const chunks = encodeCopyChunks(read.rows, encodeRow, { onRows: t.onRows });
  return copyIntoTable({
    pool: t.pool,
    qualifiedTarget: scratch,
    columns: t.columns,
    clear: { mode: 'truncate', freeze: false },
    chunks,
    signal: t.signal,
    identityColumns: [],
    // Rows read and `COPY n` are compared by stage 2; here a short read would show up as
    // missing rows anyway, by key.
    verify: () => {},
  });
}

export async function compareLoadedRange(t: RangeTarget, scratch: string, range: KeyRange, limit: number): Promise<RangeResult> {
  t.signal.throwIfAborted();
  const query = buildCompareQuery({
    scratch,
    target: t.target,
    columns: t.columns,
    keyColumns: t.keyColumns,
    range: t.rangeColumn === null ? null : { column: t.rangeColumn, lo: range.lo, hi: range.hi },
    limit,
  });
  const result = await t.pool.query<(string | null)[]>({ text: query.text, values: query.values, rowMode: 'array' });
  const rows = result.rows.map((r): DiffRow => ({ side: r[r.length - 1] as Side, values: r.slice(0, -1) }));
  return { rows, truncated: rows.length >= 2 * limit };
}
