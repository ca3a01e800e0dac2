/**
 * How one column is compared: the source value's canonical text (canonical-source.ts), the
 * target's text as Postgres prints it in the column's own type, and when the two are the same
 * value. In the default mapping the texts are equal whenever the values are; where they are not
 * (a type override gave the target another scale or type), both sides are compared in a normal
 * form of the value's kind: decimals by value (`12.50` = `12.5000`), floats as the double (or
 * float32) the target type holds, booleans, hex and uuids case- and spelling-insensitively.
 * Nothing is coerced through the target's type first: a value the target type cannot hold
 * exactly stays different.
 */
import type { ColumnModel } from '../catalog/model.js';
import { verifyDecimalScale, type VerifyShape } from '../catalog/verify-shape.js';
import { floatText, normalDecimal } from './canonical-numbers.js';
import { sourceText } from './canonical-source.js';
import { sameTimestampText, wholeMicros } from './canonical-temporal.js';
import { normalVariantJson } from './canonical-variant.js';
import type { TargetColumn, TypeChange } from './target-columns.js';

export interface ColumnCheck {
  /** Source column name (the report's). */
  readonly name: string;
  readonly target: TargetColumn;
  /** Canonical text of a non-null source value; throws for a value that cannot have been copied exactly. */
  readonly source: (value: unknown) => string;
  /** Whether a non-null target text holds the same value as a non-null source value. */
  readonly equals: (value: unknown, raw: string) => boolean;
  /** Normal forms in which equal values have equal texts, for comparisons by text (tables without a key). */
  readonly sourceKey: (text: string) => string;
  readonly targetKey: (raw: string) => string;
  /** Set when the target column's type is not the one stage 1 maps this column to by default. */
  readonly typeChange: TypeChange | null;
}

type Kind = 'number' | 'float' | 'real' | 'boolean' | 'text' | 'hex' | 'uuid' | 'variant' | 'spatial' | 'exact';

function kindOf(shape: VerifyShape, column: ColumnModel): Kind {
  if (verifyDecimalScale(shape) !== null) return 'number';
  switch (shape) {
    case 'int':
    case 'bigint':
    case 'decimal-text':
      return 'number';
    case 'float':
      return 'float';
    case 'real':
      return 'real';
    case 'bit':
      return 'boolean';
    case 'bytes':
      return 'hex';
    case 'guid':
      return 'uuid';
    case 'variant':
      return 'variant';
    case 'string':
      return column.type === 'geography' || column.type === 'geometry' ? 'spatial' : 'text';
    default:
      return 'exact';
  }
}

const identity = (s: string): string => s;
const NUMERIC_TARGETS: ReadonlySet<string> = new Set(['int2', 'int4', 'int8', 'numeric']);
const TRUE_TEXTS: ReadonlySet<string> = new Set(['t', 'true', '1', 'y', 'yes', 'on']);
const FALSE_TEXTS: ReadonlySet<string> = new Set(['f', 'false', '0', 'n', 'no', 'off']);

/** A float text as the double it stands for; in a float4 target, as the float32 Postgres stored. */
function floatKey(float4: boolean): (raw: string) => string {
  return (raw) => {
    const n = Number(raw);
    if (raw.trim() === '' || (Number.isNaN(n) && raw !== 'NaN')) return raw;
    return floatText(float4 ? Math.fround(n) : n);
  };
}

/** EWKT as SQL Server (`POINT (1 2)`) and PostGIS (`POINT(1 2)`) print it: spacing aside. */
function spatialKey(raw: string): string {
  return raw.replace(/\s*\(\s*/g, '(').replace(/\s*\)/g, ')').replace(/\s*,\s*/g, ',').replace(/\s+/g, ' ').trim();
}

function keysOf(kind: Kind, target: TargetColumn): { sourceKey: (s: string) => string; targetKey: (s: string) => string } {
  switch (kind) {
    case 'number':
      return { sourceKey: normalDecimal, targetKey: normalDecimal };
    case 'float':
      return { sourceKey: floatKey(false), targetKey: floatKey(target.baseType === 'float4') };
    case 'real':
      // The source text is the shortest one of a float32: read back as a float32, it is that value.
      return { sourceKey: floatKey(true), targetKey: floatKey(target.baseType === 'float4') };
    case 'boolean': {
      const key = (s: string): string => (TRUE_TEXTS.has(s.toLowerCase()) ? 't' : FALSE_TEXTS.has(s.toLowerCase()) ? 'f' : s);
      return { sourceKey: key, targetKey: key };
    }
    case 'hex':
    case 'uuid': {
      const lower = (s: string): string => s.toLowerCase();
      return { sourceKey: lower, targetKey: lower };
    }
    case 'variant':
      return { sourceKey: identity, targetKey: normalVariantJson };
    case 'spatial':
      return { sourceKey: spatialKey, targetKey: spatialKey };
    default:
      return { sourceKey: identity, targetKey: identity };
  }
}

export function columnCheck(
  column: ColumnModel,
  shape: VerifyShape,
  target: TargetColumn,
  strings: (s: string) => string,
  typeChange: TypeChange | null,
): ColumnCheck {
  const source = sourceText(shape, strings);
  const kind = kindOf(shape, column);
  const { sourceKey, targetKey } = keysOf(kind, target);
  // The same text is the same value, except for floats: `0.1` in a double column is not the
  // float32 0.1 a real column holds.
  const sameText = kind !== 'float' && kind !== 'real';
  const general = (value: unknown, raw: string): boolean => {
    const text = source(value);
    return (sameText && text === raw) || sourceKey(text) === targetKey(raw);
  };
  return { name: column.name, target, source, equals: fastEquals(shape, target, general), sourceKey, targetKey, typeChange };
}

/**
 * Cheaper tests for the common cases, each true exactly when the general test is: a string
 * equal to its target text (no rewrite can make it equal otherwise), an integer read by Postgres
 * as the same number, a float that is the very double (or float32) the target holds.
 */
function fastEquals(shape: VerifyShape, target: TargetColumn, general: (v: unknown, raw: string) => boolean): (v: unknown, raw: string) => boolean {
  switch (shape) {
    case 'string':
      return (v, raw) => v === raw || general(v, raw);
    case 'int':
      if (!NUMERIC_TARGETS.has(target.baseType)) return general;
      return (v, raw) => Number(raw) === v || general(v, raw);
    case 'bigint':
    case 'decimal-text':
      return (v, raw) => v === raw || general(v, raw);
    case 'float':
    case 'real':
      if (target.baseType !== 'float8' && target.baseType !== 'float4') return general;
      return target.baseType === 'float4'
        ? (v, raw) => Object.is(Math.fround(Number(raw)), v) || general(v, raw)
        : (v, raw) => Object.is(Number(raw), v) || general(v, raw);
    case 'bit':
      if (target.baseType !== 'bool') return general;
      return (v, raw) => raw === (v === true ? 't' : v === false ? 'f' : '?') || general(v, raw);
    case 'guid':
      return (v, raw) => (typeof v === 'string' && sameIgnoringAsciiCase(v, raw)) || general(v, raw);
    case 'bytes':
      return (v, raw) => (Buffer.isBuffer(v) && isHexOf(raw, v)) || general(v, raw);
    case 'datetime2':
    case 'datetimeoffset': {
      const suffix = shape === 'datetime2' ? '' : '+00';
      if (target.baseType !== (shape === 'datetime2' ? 'timestamp' : 'timestamptz')) return general;
      return (v, raw) => {
        const micros = wholeMicros(v);
        const same = micros === null ? null : sameTimestampText(v as Date, micros, raw, suffix);
        return same ?? general(v, raw);
      };
    }
    default:
      return general;
  }
}

/** `6F9619FF-…` against Postgres's lower-case uuid text, without building the lower-case copy. */
function sameIgnoringAsciiCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && !(x >= 0x41 && x <= 0x5a && x + 0x20 === y)) return false;
  }
  return true;
}

const HEX_DIGITS = '0123456789abcdef';

/** Whether `raw` is Postgres's `\\x…` (lower-case hex) of exactly these bytes. */
function isHexOf(raw: string, bytes: Buffer): boolean {
  if (raw.length !== 2 + 2 * bytes.length || raw.charCodeAt(0) !== 0x5c || raw.charCodeAt(1) !== 0x78) return false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (raw.charCodeAt(2 + 2 * i) !== HEX_DIGITS.charCodeAt(b >> 4) || raw.charCodeAt(3 + 2 * i) !== HEX_DIGITS.charCodeAt(b & 15)) return false;
  }
  return true;
}
