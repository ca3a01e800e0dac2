/**
 * Which field writer a column uses, and the call that runs it for each value.
 */

import { decimalNumberScale, isDecimalNumberShape, type ValueShape } from '../catalog/value-shape.js';
import { createCellEncoder, type CellEncoderPolicies } from './cell-encoders.js';
import type { CopyWriter } from './copy-writer.js';
import {
  writeBigintText,
  writeBinary,
  writeBoolean,
  writeDecimalText,
  writeFloat,
  writeInteger,
  writeUuid,
  type Reference,
} from './field-writers.js';
import {
  writeDateValue,
  writeDecimalNumber,
  writeTimestamptzValue,
  writeTimestampValue,
  writeTimeValue,
} from './native-writers.js';
import { writeText } from './text-writer.js';

export type { Reference } from './field-writers.js';

function writeByReference(value: unknown, w: CopyWriter, reference: Reference): void {
  w.utf8(reference(value));
}

/**
 * Which writer a column uses, as a small integer: the row loop switches on it, so every call
 * site below sees one function and V8 can inline it (an array of closures called from one
 * site would be megamorphic, and that call cost more than most fields).
 */
export const enum FieldKind {
  Boolean,
  Integer,
  BigintText,
  DecimalText,
  Float,
  Text,
  Binary,
  Uuid,
  DecimalNumber,
  DateValue,
  TimestampValue,
  TimeValue,
  TimestamptzValue,
  Other,
}

export function fieldKind(shape: ValueShape): FieldKind {
  if (isDecimalNumberShape(shape)) return FieldKind.DecimalNumber;
  switch (shape) {
    case 'boolean':
      return FieldKind.Boolean;
    case 'integer':
      return FieldKind.Integer;
    case 'bigint-text':
      return FieldKind.BigintText;
    case 'decimal-text':
      return FieldKind.DecimalText;
    case 'float':
      return FieldKind.Float;
    case 'text':
      return FieldKind.Text;
    case 'binary':
      return FieldKind.Binary;
    case 'uuid':
      return FieldKind.Uuid;
    case 'date-value':
      return FieldKind.DateValue;
    case 'timestamp-value':
      return FieldKind.TimestampValue;
    case 'time-value':
      return FieldKind.TimeValue;
    case 'timestamptz-value':
      return FieldKind.TimestamptzValue;
    default:
      return FieldKind.Other;
  }
}

/** The reference encoder of a shape, for the writers' fallbacks. */
export function referenceEncoder(shape: ValueShape, policies: CellEncoderPolicies): Reference {
  return createCellEncoder(shape, policies);
}

/** The scale of a decimal-number shape, 0 for every other shape. */
export function fieldScale(shape: ValueShape): number {
  return isDecimalNumberShape(shape) ? decimalNumberScale(shape) : 0;
}

/** Writes one non-null value of a column of the given kind (and scale, for decimal-number). */
export function writeField(kind: FieldKind, scale: number, value: unknown, w: CopyWriter, reference: Reference): void {
  switch (kind) {
    case FieldKind.Boolean:
      return writeBoolean(value, w, reference);
    case FieldKind.Integer:
      return writeInteger(value, w, reference);
    case FieldKind.BigintText:
      return writeBigintText(value, w, reference);
    case FieldKind.DecimalText:
      return writeDecimalText(value, w, reference);
    case FieldKind.Float:
      return writeFloat(value, w, reference);
    case FieldKind.Text:
      return writeText(value, w, reference);
    case FieldKind.Binary:
      return writeBinary(value, w, reference);
    case FieldKind.Uuid:
      return writeUuid(value, w, reference);
    case FieldKind.DecimalNumber:
      return writeDecimalNumber(value, scale, w, reference);
    case FieldKind.DateValue:
      return writeDateValue(value, w, reference);
    case FieldKind.TimestampValue:
      return writeTimestampValue(value, w, reference);
    case FieldKind.TimeValue:
      return writeTimeValue(value, w, reference);
    case FieldKind.TimestamptzValue:
      return writeTimestamptzValue(value, w, reference);
    default:
      return writeByReference(value, w, reference);
  }
}
