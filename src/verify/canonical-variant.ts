/**
 * verify's reference rendering of a sql_variant: `{"type": <base type>, "value": <text>}` as
 * Postgres prints that jsonb, from verify's own read of the variant (src/sqlserver/
 * verify-read.ts: server text for the integers, decimals, money and every date/time base type;
 * tedious's value for float, real, the strings, binary and uniqueidentifier). The value texts
 * follow the documented mapping (README, "sql_variant"): every digit, fractional seconds without
 * trailing zeros, binary as lowercase hex, uniqueidentifier in lowercase.
 */
import type { VerifyVariant } from '../catalog/verify-shape.js';
import { floatText, realText } from './canonical-numbers.js';

export class VariantValueError extends Error {}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** time, datetime2, datetimeoffset as their CAST to varchar prints them; the fraction has the declared scale's digits. */
const TIME = /^(\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?$/;
const OFFSET = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))? ([+-]\d{2}:\d{2})$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function trimmedFraction(digits: string | undefined): string {
  const d = (digits ?? '').replace(/0+$/, '');
  return d === '' ? '' : `.${d}`;
}

function expect(v: VerifyVariant, ok: boolean, what: string): void {
  if (!ok) throw new VariantValueError(`sql_variant with base type ${v.baseType}: expected ${what}`);
}

function matched(v: VerifyVariant, pattern: RegExp, what: string): RegExpExecArray {
  const m = v.text === null ? null : pattern.exec(v.text);
  if (m === null) throw new VariantValueError(`sql_variant with base type ${v.baseType}: expected ${what}, got ${JSON.stringify(v.text)}`);
  return m;
}

/** The value's text, before any policy for U+0000 and lone surrogates (strings only). */
function valueText(v: VerifyVariant): string {
  switch (v.baseType) {
    case 'bit':
      return matched(v, /^[01]$/, 'bit text 0 or 1')[0];
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint':
      return matched(v, INTEGER, 'integer text')[0];
    case 'decimal':
    case 'numeric':
    case 'money':
    case 'smallmoney':
      return matched(v, DECIMAL, 'exact decimal text')[0];
    case 'date':
      return matched(v, DATE, 'YYYY-MM-DD')[0];
    case 'time': {
      const m = matched(v, TIME, 'hh:mm:ss.nnnnnnn');
      return `${m[1]}${trimmedFraction(m[2])}`;
    }
    case 'datetime':
    case 'smalldatetime':
    case 'datetime2': {
      const m = matched(v, DATETIME, 'YYYY-MM-DD hh:mm:ss.nnnnnnn');
      return `${m[1]}${trimmedFraction(m[2])}`;
    }
    case 'datetimeoffset': {
      const m = matched(v, OFFSET, 'YYYY-MM-DD hh:mm:ss.nnnnnnn +hh:mm');
      return `${m[1]}${trimmedFraction(m[2])} ${m[3]}`;
    }
    case 'float':
      expect(v, typeof v.native === 'number' && Number.isFinite(v.native), 'a finite number');
      return floatText(v.native as number);
    case 'real':
      expect(v, typeof v.native === 'number' && Math.fround(v.native) === v.native, 'a float32 number');
      return realText(v.native as number);
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar':
      expect(v, typeof v.native === 'string', 'a string');
      return v.native as string;
    case 'binary':
    case 'varbinary':
      expect(v, Buffer.isBuffer(v.native), 'a Buffer');
      return (v.native as Buffer).toString('hex');
    case 'uniqueidentifier':
      expect(v, typeof v.native === 'string' && GUID.test(v.native), 'a uniqueidentifier string');
      return (v.native as string).toLowerCase();
    default:
      throw new VariantValueError(`sql_variant base type ${JSON.stringify(v.baseType)} cannot be carried exactly`);
  }
}

const STRING_TYPES: ReadonlySet<string> = new Set(['char', 'varchar', 'nchar', 'nvarchar']);

/** jsonb's text output: keys ordered by length (`type` before `value`), a space after each colon and comma. */
export function jsonbTypeValue(type: string, value: string): string {
  return `{"type": ${JSON.stringify(type)}, "value": ${JSON.stringify(value)}}`;
}

/** The canonical text of a variant; `strings` applies the text policies to string base types. */
export function variantText(value: unknown, strings: (s: string) => string): string {
  const v = value as VerifyVariant;
  if (typeof v !== 'object' || v === null || typeof v.baseType !== 'string') throw new VariantValueError('expected a sql_variant read by verify');
  const text = valueText(v);
  return jsonbTypeValue(v.baseType, STRING_TYPES.has(v.baseType) ? strings(text) : text);
}

/** A target jsonb text in the same normal form (key order and spacing are jsonb's, but a hand-edited value may differ). */
export function normalVariantJson(raw: string): string {
  try {
    const parsed = JSON.parse(raw) as { type?: unknown; value?: unknown };
    if (typeof parsed === 'object' && parsed !== null && typeof parsed.type === 'string' && typeof parsed.value === 'string' && Object.keys(parsed).length === 2) {
      return jsonbTypeValue(parsed.type, parsed.value);
    }
  } catch {
    // Not JSON: compared as it is.
  }
  return raw;
}
