/**
 * Encodes one source row as one line of PostgreSQL COPY TEXT format with its defaults:
 * fields separated by a tab, NULL as `\N`, the line ended by `\n`. The matching statement is
 * `COPY t (c1, c2, ...) FROM STDIN` with no options, and the connection's client_encoding must
 * be UTF8 (chunks are UTF-8 bytes).
 */

import type { ValueShape } from '../catalog/value-shape.js';
import { CopyWriter } from './copy-writer.js';
import { fieldKind, fieldScale, referenceEncoder, writeField, type Reference } from './field-dispatch.js';
import {
  CellEncodeFailure,
  UnrepresentableValueError,
  ValueShapeError,
  type CopyValueError,
} from './errors.js';
import type { NulPolicy, SurrogatePolicy } from './text-escape.js';

export interface CopyColumn {
  /** Column name as the user knows it (for error messages). */
  readonly name: string;
  readonly shape: ValueShape;
}

export interface EncoderOptions {
  /** U+0000 in text: 'error' (default) fails with UnrepresentableValueError. */
  readonly nul?: NulPolicy;
  /** Lone UTF-16 surrogates in text: 'error' (default) or 'replace' with U+FFFD. */
  readonly surrogates?: SurrogatePolicy;
}

/** Writes one row's COPY TEXT line into a CopyWriter; on failure nothing of the row is left in it. */
export type RowWriter = (row: readonly unknown[], rowIndex: number, w: CopyWriter) => void;

/**
 * Encodes one row (values in column order, NULL as `null`) into a COPY TEXT line ending in `\n`.
 * `rowIndex` (0-based within the table) only serves error reporting.
 * Throws a CopyValueError subclass carrying the column, the row index and the row itself.
 * `writeRow` is the same encoding written straight into a buffer: encodeCopyChunks uses it, so
 * the chunks cost no string per value or row.
 */
export type RowEncoder = ((row: readonly unknown[], rowIndex: number) => string) & { readonly writeRow: RowWriter };

/**
 * A seam for tests only: wraps the encoder a stage-2 unit uses (src/load/copy-unit.ts), so a
 * test can plant an encoder fault (a wrong time-zone shift, a rounding slip) and show that
 * verify, which shares no code with this encoder, catches it. Nothing in the CLI builds one.
 */
export type EncoderFault = (encoder: RowEncoder, columns: readonly CopyColumn[]) => RowEncoder;

const TAB = 0x09;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const N = 0x4e;
/** A scratch buffer that grew past this for one huge row is dropped rather than kept. */
const SCRATCH_KEEP_BYTES = 1 << 20;

export function createRowEncoder(
  columns: readonly CopyColumn[],
  options: EncoderOptions = {},
): RowEncoder {
  if (columns.length === 0) throw new TypeError('COPY needs at least one column');
  const policies = { nul: options.nul ?? 'error', surrogates: options.surrogates ?? 'error' } as const;
  const kinds = Uint8Array.from(columns, (column) => fieldKind(column.shape));
  const scales = Uint8Array.from(columns, (column) => fieldScale(column.shape));
  const references: readonly Reference[] = columns.map((column) => referenceEncoder(column.shape, policies));
  const columnCount = columns.length;

  const writeRow: RowWriter = (row, rowIndex, w) => {
    if (row.length !== columnCount) throw wrongLength(columns, row, rowIndex);
    const start = w.pos;
    let columnIndex = 0;
    try {
      for (; columnIndex < columnCount; columnIndex++) {
        w.reserve(3);
        if (columnIndex > 0) w.byte(TAB);
        const value = row[columnIndex];
        if (value === null) {
          w.byte(BACKSLASH);
          w.byte(N);
        } else {
          writeField(kinds[columnIndex]!, scales[columnIndex]!, value, w, references[columnIndex]!);
        }
      }
      w.reserve(1);
      w.byte(NEWLINE);
    } catch (error) {
      w.pos = start;
      if (!(error instanceof CellEncodeFailure)) throw error;
      throw toCopyValueError(error, columns[columnIndex]!, rowIndex, row);
    }
  };

  let scratch = new CopyWriter(1024);
  const encodeLine = (row: readonly unknown[], rowIndex: number): string => {
    scratch.pos = 0;
    writeRow(row, rowIndex, scratch);
    const line = scratch.buf.toString('utf8', 0, scratch.pos);
    if (scratch.buf.length > SCRATCH_KEEP_BYTES) scratch = new CopyWriter(1024);
    return line;
  };
  return Object.assign(encodeLine, { writeRow });
}

function wrongLength(columns: readonly CopyColumn[], row: readonly unknown[], rowIndex: number): ValueShapeError {
  const column = columns[Math.min(row.length, columns.length - 1)]!;
  return new ValueShapeError({
    column: column.name,
    shape: column.shape,
    rowIndex,
    row,
    problem: 'shape-mismatch',
    reason: `row has ${row.length} values but the table has ${columns.length} columns (a source reader bug)`,
  });
}

function toCopyValueError(
  failure: CellEncodeFailure,
  column: CopyColumn,
  rowIndex: number,
  row: readonly unknown[],
): CopyValueError {
  const details = {
    column: column.name,
    shape: column.shape,
    rowIndex,
    row,
    problem: failure.problem,
    reason: failure.reason,
  };
  const unrepresentable = failure.problem === 'nul-character' || failure.problem === 'lone-surrogate';
  return unrepresentable ? new UnrepresentableValueError(details) : new ValueShapeError(details);
}
