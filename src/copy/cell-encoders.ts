/**
 * One encoder per ValueShape: a non-null JS value → the exact COPY TEXT field. Each checks the
 * JS type first, because a mismatch is a reader bug and must never be silently stringified.
 * None of them needs COPY escaping except `text` and `variant` (JSON text): their outputs only
 * ever hold digits, letters, `-+.: ` and (for bytea) the escaped backslash.
 */

import { isDecimalNumberShape, type ValueShape } from '../catalog/value-shape.js';
import { CellEncodeFailure, shapeMismatch } from './errors.js';
import {
  encodeDateText,
  encodeTimeText,
  encodeTimestampText,
  encodeTimestamptzText,
} from './temporal-text.js';
import {
  createDecimalNumberEncoder,
  encodeDateValue,
  encodeTimestampValue,
  encodeTimestamptzValue,
  encodeTimeValue,
} from './native-values.js';
import { createTextFieldEncoder, type NulPolicy, type SurrogatePolicy } from './text-escape.js';
import { createVariantEncoder } from './variant-json.js';

export type CellEncoder = (value: unknown) => string;

export interface CellEncoderPolicies {
  readonly nul: NulPolicy;
  readonly surrogates: SurrogatePolicy;
}

const BIGINT_TEXT = /^-?\d{1,19}$/;
// Also accepts `.5`: PostgreSQL numeric input reads it exactly, and a leading-zero-less form
// costs nothing to allow, while failing a billion-row table on it would.
const DECIMAL_TEXT = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** `\\x` on the wire: bytea's hex prefix `\x`, with its backslash escaped for COPY TEXT. */
const BYTEA_HEX_PREFIX = '\\\\x';

function invalid(what: string, text: string): CellEncodeFailure {
  const shown = text.length > 80 ? `${JSON.stringify(text.slice(0, 80))}…` : JSON.stringify(text);
  return new CellEncodeFailure('invalid-format', `expected ${what}, got ${shown}`);
}

function encodeBoolean(value: unknown): string {
  if (value === true) return 't';
  if (value === false) return 'f';
  throw shapeMismatch('a boolean', value);
}

function encodeInteger(value: unknown): string {
  if (typeof value !== 'number') throw shapeMismatch('a number (safe integer)', value);
  if (!Number.isSafeInteger(value)) throw invalid('a safe integer', String(value));
  return String(value);
}

function encodeBigintText(value: unknown): string {
  if (typeof value !== 'string') throw shapeMismatch('a decimal integer string', value);
  if (!BIGINT_TEXT.test(value)) throw invalid('a decimal integer string (bigint)', value);
  return value;
}

function encodeDecimalText(value: unknown): string {
  if (typeof value !== 'string') throw shapeMismatch('a decimal string', value);
  if (!DECIMAL_TEXT.test(value)) throw invalid('a decimal string like -12.3400', value);
  return value;
}

/**
 * JS `String(n)` is the shortest text that reads back as the same double, which PostgreSQL's
 * float8 input (strtod) also reads exactly; for `real` columns it is also exact, since a value
 * widened from float32 rounds back to that same float32. Only -0 and the non-finite values
 * need help: String(-0) is "0", and PostgreSQL spells the others NaN/Infinity/-Infinity.
 */
function encodeFloat(value: unknown): string {
  if (typeof value !== 'number') throw shapeMismatch('a number', value);
  if (Number.isFinite(value)) return value === 0 && Object.is(value, -0) ? '-0' : String(value);
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

function encodeBinary(value: unknown): string {
  if (!Buffer.isBuffer(value)) throw shapeMismatch('a Buffer', value);
  return BYTEA_HEX_PREFIX + value.toString('hex');
}

function encodeUuid(value: unknown): string {
  if (typeof value !== 'string') throw shapeMismatch('a uuid string', value);
  if (!UUID.test(value)) throw invalid('a uuid like xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', value);
  return value.toLowerCase();
}

/** Picks the encoder for a shape once per column, so the per-row path is a plain call. */
export function createCellEncoder(shape: ValueShape, policies: CellEncoderPolicies): CellEncoder {
  if (isDecimalNumberShape(shape)) return createDecimalNumberEncoder(shape);
  switch (shape) {
    case 'boolean':
      return encodeBoolean;
    case 'integer':
      return encodeInteger;
    case 'bigint-text':
      return encodeBigintText;
    case 'decimal-text':
      return encodeDecimalText;
    case 'float':
      return encodeFloat;
    case 'text':
      return createTextFieldEncoder(policies.nul, policies.surrogates);
    case 'variant':
      return createVariantEncoder(policies.nul, policies.surrogates);
    case 'binary':
      return encodeBinary;
    case 'uuid':
      return encodeUuid;
    case 'date-text':
      return encodeDateText;
    case 'timestamp-text':
      return encodeTimestampText;
    case 'time-text':
      return encodeTimeText;
    case 'timestamptz-text':
      return encodeTimestamptzText;
    case 'date-value':
      return encodeDateValue;
    case 'timestamp-value':
      return encodeTimestampValue;
    case 'time-value':
      return encodeTimeValue;
    case 'timestamptz-value':
      return encodeTimestamptzValue;
    default: {
      const unknownShape: never = shape;
      throw new TypeError(`unknown value shape ${String(unknownShape)}`);
    }
  }
}
