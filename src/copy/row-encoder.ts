/**
 * Encodes one source row as one line of PostgreSQL COPY TEXT format with its defaults:
 * fields separated by a tab, NULL as `\N`, the line ended by `\n`. The matching statement is
 * `COPY t (c1, c2, ...) FROM STDIN` with no options, and the connection's client_encoding must
 * be UTF8 (chunks are UTF-8 bytes).
 */

import type { ValueShape } from '../catalog/value-shape.js';
import { createCellEncoder, type CellEncoder } from './cell-encoders.js';
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

/**
 * Encodes one row (values in column order, NULL as `null`) into a COPY TEXT line ending in `\n`.
 * `rowIndex` (0-based within the table) only serves error reporting.
 * Throws a CopyValueError subclass carrying the column, the row index and the row itself.
 */
export type RowEncoder = (row: readonly unknown[], rowIndex: number) => string;

const COPY_NULL = '\\N';

export function createRowEncoder(
  columns: readonly CopyColumn[],
  options: EncoderOptions = {},
): RowEncoder {
  if (columns.length === 0) throw new TypeError('COPY needs at least one column');
  const policies = { nul: options.nul ?? 'error', surrogates: options.surrogates ?? 'error' } as const;
  const cellEncoders: readonly CellEncoder[] = columns.map((column) =>
    createCellEncoder(column.shape, policies),
  );
  const columnCount = columns.length;

  return function encodeRow(row: readonly unknown[], rowIndex: number): string {
    if (row.length !== columnCount) {
      throw new ValueShapeError({
        column: columns[Math.min(row.length, columnCount - 1)]!.name,
        shape: columns[Math.min(row.length, columnCount - 1)]!.shape,
        rowIndex,
        row,
        problem: 'shape-mismatch',
        reason: `row has ${row.length} values but the table has ${columnCount} columns (a source reader bug)`,
      });
    }
    let columnIndex = 0;
    try {
      let line = '';
      for (; columnIndex < columnCount; columnIndex++) {
        const value = row[columnIndex];
        const field = value === null ? COPY_NULL : cellEncoders[columnIndex]!(value);
        line = columnIndex === 0 ? field : `${line}\t${field}`;
      }
      return `${line}\n`;
    } catch (error) {
      if (!(error instanceof CellEncodeFailure)) throw error;
      throw toCopyValueError(error, columns[columnIndex]!, rowIndex, row);
    }
  };
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
