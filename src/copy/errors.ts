/**
 * Errors raised while encoding one row for COPY. Each carries the column, the 0-based row index
 * within the table and the whole row, so the data stage can name the table and the primary-key
 * value (`Table dbo.Orders (data) failed: row with OrderId=42: ...`) without the encoder knowing
 * which columns form the key.
 */

import { Mssql2pgError } from '../errors.js';
import type { ValueShape } from '../catalog/value-shape.js';

/** What a cell encoder found wrong with one value. */
export type CopyValueProblem =
  /** The JS type does not match the shape: a bug in the source reader, never stringified. */
  | 'shape-mismatch'
  /** Right JS type, but the text is not in the format the shape promises (reader bug or bad data). */
  | 'invalid-format'
  /** U+0000 in text: PostgreSQL text, varchar and xml cannot store it. */
  | 'nul-character'
  /** A lone UTF-16 surrogate: it has no exact UTF-8 encoding. */
  | 'lone-surrogate';

export interface CopyValueErrorDetails {
  readonly column: string;
  readonly shape: ValueShape;
  readonly rowIndex: number;
  readonly row: readonly unknown[];
  readonly problem: CopyValueProblem;
  readonly reason: string;
}

/** Base class: one value of one row could not be encoded. */
export class CopyValueError extends Mssql2pgError {
  readonly column: string;
  readonly shape: ValueShape;
  /** 0-based index of the row within the table (counting from `startRowIndex` on resume). */
  readonly rowIndex: number;
  /** The whole row as the reader delivered it, so the caller can pick the primary-key values. */
  readonly row: readonly unknown[];
  readonly problem: CopyValueProblem;

  constructor(details: CopyValueErrorDetails, options?: { cause?: unknown }) {
    super(`column ${details.column} (${details.shape}, row ${details.rowIndex}): ${details.reason}`, options);
    this.column = details.column;
    this.shape = details.shape;
    this.rowIndex = details.rowIndex;
    this.row = details.row;
    this.problem = details.problem;
  }
}

/**
 * The value is real source data that PostgreSQL cannot hold exactly (NUL character, lone
 * surrogate). The user decides: fix the source, or choose the `strip`/`replace` policy.
 */
export class UnrepresentableValueError extends CopyValueError {}

/** The reader delivered a value that does not match the column's ValueShape contract. */
export class ValueShapeError extends CopyValueError {}

/**
 * Thrown by the per-shape cell encoders, which know neither the column nor the row; the row
 * encoder catches it and throws the matching CopyValueError with the full context.
 */
export class CellEncodeFailure extends Error {
  constructor(
    readonly problem: CopyValueProblem,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'CellEncodeFailure';
  }
}

/** Describes a JS value's type for error messages without printing the (maybe huge) value. */
export function describeJsType(value: unknown): string {
  if (value === null) return 'null';
  if (Buffer.isBuffer(value)) return `Buffer(${value.length} bytes)`;
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'Date';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

/** The failure for a value of the wrong JS type; `expected` names the JS type the shape promises. */
export function shapeMismatch(expected: string, value: unknown): CellEncodeFailure {
  return new CellEncodeFailure(
    'shape-mismatch',
    `expected ${expected}, got ${describeJsType(value)} (a source reader bug: the value was not encoded)`,
  );
}
