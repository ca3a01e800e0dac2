/**
 * sql_variant → jsonb: `{"type": <base type>, "value": <exact text>}`. A sql_variant holds a
 * value of one of 24 base types; the reader (src/sqlserver/variant-read.ts) hands over the base
 * type and the value as tedious decodes it for that type (exact for every base type but the
 * decimal family and datetimeoffset, which arrive as exact server text instead). Each base type
 * is written as the text that SQL Server would print for it with every digit, documented in the
 * README ("sql_variant"), so a reader gets the base type back with `v->>'type'` and the value
 * with `v->>'value'`, cast to the type it names.
 *
 * The value is always a JSON string: a JSON number would be read back as a double by most
 * clients, and `0.1` money or a 19-digit bigint would not survive that. A base type this file
 * does not know, or a value that is not in the form its base type promises, fails the row (the
 * stage names the column and the row key) rather than being written some other way.
 */
import type { VariantValue } from '../catalog/value-shape.js';
import { CellEncodeFailure, describeJsType } from './errors.js';
import { escapeCopyText, type NulPolicy, type SurrogatePolicy, createTextPolicy } from './text-escape.js';

interface TediousDate extends Date {
  readonly nanosecondsDelta?: number;
}

const INTEGER = /^-?\d{1,19}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const OFFSET_TIME = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))? ([+-]\d{2}:\d{2})$/;

function fail(baseType: string, what: string, value: unknown): CellEncodeFailure {
  const shown = typeof value === 'string' ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value) : describeJsType(value);
  return new CellEncodeFailure('invalid-format', `sql_variant with base type ${baseType}: expected ${what}, got ${shown}`);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const iso = (d: Date): string => d.toISOString();

/** `.1234567` with trailing zeros dropped, or '' for a whole second. */
function fraction(hundredNanos: number): string {
  if (hundredNanos === 0) return '';
  return `.${pad(hundredNanos, 7).replace(/0+$/, '')}`;
}

function dateOf(baseType: string, value: unknown): TediousDate {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw fail(baseType, 'a Date', value);
  return value as TediousDate;
}

/** Milliseconds plus tedious's nanosecondsDelta, in 100 ns units of the second. */
function hundredNanosOf(baseType: string, d: TediousDate): number {
  const delta = d.nanosecondsDelta ?? 0;
  const units = Math.round(delta * 1e7);
  if (!(units >= 0 && units <= 9999)) throw fail(baseType, 'a Date whose nanosecondsDelta is below 0.001', iso(d));
  return d.getUTCMilliseconds() * 10_000 + units;
}

function ymd(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

function hms(d: Date): string {
  return `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

/** The shortest decimal that reads back as this float32 (real), e.g. 0.1 rather than 0.10000000149011612. */
function shortestReal(n: number): string {
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(n.toPrecision(p));
    if (Math.fround(candidate) === n) return String(candidate);
  }
  return String(n);
}

function finiteNumber(baseType: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(baseType, 'a finite number', v);
  return v;
}

/** The exact text of one base type's value (strings before the text policies). */
function variantText(baseType: string, v: unknown): string {
  switch (baseType) {
    case 'bit':
      if (typeof v !== 'boolean') throw fail(baseType, 'a boolean', v);
      return v ? '1' : '0';
    case 'tinyint':
    case 'smallint':
    case 'int':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw fail(baseType, 'an integer', v);
      return String(v);
    case 'bigint':
      if (typeof v !== 'string' || !INTEGER.test(v)) throw fail(baseType, 'a decimal integer string', v);
      return v;
    case 'float': {
      const n = finiteNumber(baseType, v);
      return Object.is(n, -0) ? '-0' : String(n);
    }
    case 'real': {
      const n = finiteNumber(baseType, v);
      if (Math.fround(n) !== n) throw fail(baseType, 'a number that is a float32', v);
      return Object.is(n, -0) ? '-0' : shortestReal(n);
    }
    case 'decimal':
    case 'numeric':
    case 'money':
    case 'smallmoney':
      if (typeof v !== 'string' || !DECIMAL.test(v)) throw fail(baseType, 'exact decimal text from the server', v);
      return v;
    case 'date':
      return ymd(dateOf(baseType, v));
    case 'time': {
      const d = dateOf(baseType, v);
      return `${hms(d)}${fraction(hundredNanosOf(baseType, d))}`;
    }
    case 'datetime':
    case 'smalldatetime':
    case 'datetime2': {
      const d = dateOf(baseType, v);
      return `${ymd(d)} ${hms(d)}${fraction(hundredNanosOf(baseType, d))}`;
    }
    case 'datetimeoffset': {
      const m = typeof v === 'string' ? OFFSET_TIME.exec(v) : null;
      if (m === null) throw fail(baseType, 'server text like 2024-01-02 03:04:05.1234567 +01:00', v);
      return `${m[1]}${m[2] === undefined ? '' : fraction(Number(m[2].padEnd(7, '0')))} ${m[3]}`;
    }
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar':
      if (typeof v !== 'string') throw fail(baseType, 'a string', v);
      return v;
    case 'binary':
    case 'varbinary':
      if (!Buffer.isBuffer(v)) throw fail(baseType, 'a Buffer', v);
      return v.toString('hex');
    case 'uniqueidentifier':
      if (typeof v !== 'string' || !UUID.test(v)) throw fail(baseType, 'a uuid string', v);
      return v.toLowerCase();
    default:
      throw new CellEncodeFailure(
        'invalid-format',
        `sql_variant base type ${JSON.stringify(baseType)} is not one mssql2pg knows how to carry exactly`,
      );
  }
}

const STRING_BASE_TYPES: ReadonlySet<string> = new Set(['char', 'varchar', 'nchar', 'nvarchar']);

function isVariantValue(v: unknown): v is VariantValue {
  return typeof v === 'object' && v !== null && typeof (v as { baseType?: unknown }).baseType === 'string' && 'value' in v;
}

/** The COPY TEXT field of a sql_variant value (a jsonb), under the text policies for U+0000 and lone surrogates. */
export function createVariantEncoder(nul: NulPolicy, surrogates: SurrogatePolicy): (v: unknown) => string {
  const policy = createTextPolicy(nul, surrogates);
  return (v) => {
    if (!isVariantValue(v)) throw fail('?', 'a { baseType, value } pair from the sql_variant reader', v);
    const text = variantText(v.baseType, v.value);
    // Strings are the user's data: Postgres jsonb cannot hold U+0000 or a lone surrogate either.
    const exact = STRING_BASE_TYPES.has(v.baseType) ? policy(text) : text;
    return escapeCopyText(JSON.stringify({ type: v.baseType, value: exact }));
  };
}
