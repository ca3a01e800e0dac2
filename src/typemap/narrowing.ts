/**
 * What a type override gives up: stage 1 lists every override whose Postgres type cannot hold
 * every value of the SQL Server column (money → numeric(19,2) drops 2 decimals, nvarchar(100) →
 * varchar(50) refuses longer values), so the choice is made knowingly; verify then reports the
 * values it changed in their own group, which `verify --accept-override` accepts by name.
 * Pure: the column model and the override text in, a sentence or null out. An override into
 * another kind of type (an integer into boolean, text into jsonb) gets a general sentence: what
 * survives depends on the values.
 */
import type { ColumnModel } from '../catalog/model.js';

interface Capacity {
  readonly kind: 'exact' | 'float' | 'text' | 'binary' | 'time' | 'other';
  /** exact numbers: the largest integer part (null: unbounded) and the digits after the point (null: any). */
  readonly maxInteger?: bigint | null;
  readonly scale?: number | null;
  /** float: significant bits of the mantissa. */
  readonly mantissaBits?: number;
  /** text: characters (null: unbounded). */
  readonly chars?: number | null;
  /** time: fractional-second digits, and whether it has a date and a time of day. */
  readonly fraction?: number;
  readonly hasDate?: boolean;
  readonly hasTime?: boolean;
}

const INTEGER_MAX: Readonly<Record<string, bigint>> = {
  tinyint: 255n,
  smallint: 32767n,
  int: 2147483647n,
  bigint: 9223372036854775807n,
  int2: 32767n,
  int4: 2147483647n,
  int8: 9223372036854775807n,
};
const digitsMax = (digits: number): bigint => 10n ** BigInt(Math.max(0, digits)) - 1n;

function sourceCapacity(c: ColumnModel): Capacity {
  const t = c.type.toLowerCase();
  if (t === 'tinyint' || t === 'smallint' || t === 'int' || t === 'bigint') return { kind: 'exact', maxInteger: INTEGER_MAX[t]!, scale: 0 };
  if (t === 'decimal' || t === 'numeric') return { kind: 'exact', maxInteger: digitsMax(c.precision - c.scale), scale: c.scale };
  if (t === 'money') return { kind: 'exact', maxInteger: 922337203685477n, scale: 4 };
  if (t === 'smallmoney') return { kind: 'exact', maxInteger: 214748n, scale: 4 };
  if (t === 'bit') return { kind: 'exact', maxInteger: 1n, scale: 0 };
  if (t === 'real' || (t === 'float' && c.precision <= 24)) return { kind: 'float', mantissaBits: 24 };
  if (t === 'float') return { kind: 'float', mantissaBits: 53 };
  if (t === 'char' || t === 'varchar') return { kind: 'text', chars: c.maxLength === -1 ? null : c.maxLength };
  if (t === 'nchar' || t === 'nvarchar') return { kind: 'text', chars: c.maxLength === -1 ? null : c.maxLength / 2 };
  if (t === 'sysname') return { kind: 'text', chars: 128 };
  if (['text', 'ntext', 'xml', 'hierarchyid', 'geography', 'geometry'].includes(t)) return { kind: 'text', chars: null };
  if (['binary', 'varbinary', 'image', 'timestamp', 'rowversion'].includes(t)) return { kind: 'binary' };
  if (t === 'date') return { kind: 'time', fraction: 0, hasDate: true, hasTime: false };
  if (t === 'datetime') return { kind: 'time', fraction: 3, hasDate: true, hasTime: true };
  if (t === 'smalldatetime') return { kind: 'time', fraction: 0, hasDate: true, hasTime: true };
  if (t === 'datetime2' || t === 'datetimeoffset') return { kind: 'time', fraction: Math.min(c.scale, 6), hasDate: true, hasTime: true };
  if (t === 'time') return { kind: 'time', fraction: Math.min(c.scale, 6), hasDate: false, hasTime: true };
  return { kind: 'other' };
}

function targetCapacity(pgType: string): Capacity {
  const t = pgType.trim().toLowerCase().replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;
  if ((m = /^(?:numeric|decimal)\s*\(\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?\)$/.exec(t))) {
    const p = Number(m[1]);
    const s = m[2] === undefined ? 0 : Number(m[2]);
    return { kind: 'exact', maxInteger: digitsMax(p - s), scale: s };
  }
  if (t === 'numeric' || t === 'decimal') return { kind: 'exact', maxInteger: null, scale: null };
  if (t === 'smallint' || t === 'int2') return { kind: 'exact', maxInteger: INTEGER_MAX['int2']!, scale: 0 };
  if (t === 'integer' || t === 'int' || t === 'int4') return { kind: 'exact', maxInteger: INTEGER_MAX['int4']!, scale: 0 };
  if (t === 'bigint' || t === 'int8') return { kind: 'exact', maxInteger: INTEGER_MAX['int8']!, scale: 0 };
  if (t === 'real' || t === 'float4') return { kind: 'float', mantissaBits: 24 };
  if (t === 'double precision' || t === 'float8' || t === 'float') return { kind: 'float', mantissaBits: 53 };
  if ((m = /^(?:varchar|character varying|char|character|bpchar)\s*\(\s*(\d+)\s*\)$/.exec(t))) return { kind: 'text', chars: Number(m[1]) };
  if (t === 'text' || t === 'varchar' || t === 'character varying' || t === 'citext') return { kind: 'text', chars: null };
  if (t === 'bytea') return { kind: 'binary' };
  if (t === 'date') return { kind: 'time', fraction: 0, hasDate: true, hasTime: false };
  if ((m = /^(timestamptz|timestamp|time)(?:\s*\(\s*(\d)\s*\))?( with(?:out)? time zone)?$/.exec(t))) {
    const hasDate = m[1] !== 'time';
    return { kind: 'time', fraction: m[2] === undefined ? 6 : Number(m[2]), hasDate, hasTime: true };
  }
  return { kind: 'other' };
}

/** Why an override cannot hold every value of the column, or null when it can. */
export function describeNarrowing(column: ColumnModel, pgType: string): string | null {
  const from = sourceCapacity(column);
  const to = targetCapacity(pgType);
  if (from.kind === 'other' || to.kind === 'text' && to.chars === null) return null;
  if (from.kind !== to.kind) {
    if (from.kind === 'exact' && to.kind === 'float') {
      return `${pgType} keeps about ${to.mantissaBits === 24 ? 7 : 15} significant digits; longer ${column.type} values are rounded`;
    }
    if (to.kind === 'text') return narrowText(column, null, to.chars ?? null);
    return `${column.type} values become ${pgType}, another kind of type: what survives depends on the values (verify shows every value that changed)`;
  }
  switch (from.kind) {
    case 'exact':
      return narrowExact(column, pgType, from, to);
    case 'float':
      return (to.mantissaBits ?? 53) < (from.mantissaBits ?? 53) ? `${pgType} keeps about 7 significant digits of a ${column.type}; the rest is rounded` : null;
    case 'text':
      return narrowText(column, from.chars ?? null, to.chars ?? null);
    case 'time':
      return narrowTime(column, pgType, from, to);
    default:
      return null;
  }
}

function narrowExact(column: ColumnModel, pgType: string, from: Capacity, to: Capacity): string | null {
  const parts: string[] = [];
  if (to.scale !== null && to.scale !== undefined && (from.scale ?? 0) > to.scale) {
    const lost = (from.scale ?? 0) - to.scale;
    parts.push(`drops ${lost} decimal digit${lost === 1 ? '' : 's'} (scale ${from.scale} → ${to.scale}): values are rounded`);
  }
  if (to.maxInteger !== null && to.maxInteger !== undefined && (from.maxInteger ?? 0n) > to.maxInteger) {
    parts.push(`holds integer parts up to ${to.maxInteger} where ${column.type} goes up to ${from.maxInteger}: larger values fail to load`);
  }
  return parts.length === 0 ? null : `${pgType} ${parts.join('; it ')}`;
}

function narrowText(column: ColumnModel, chars: number | null, limit: number | null): string | null {
  if (limit === null || (chars !== null && chars <= limit)) return null;
  return `${column.type}${chars === null ? '' : `(${chars})`} values longer than ${limit} characters fail to load (Postgres refuses them; only trailing spaces beyond the limit are cut silently)`;
}

function narrowTime(column: ColumnModel, pgType: string, from: Capacity, to: Capacity): string | null {
  if (from.hasTime === true && to.hasTime !== true) return `${pgType} drops the time of day of ${column.type} values`;
  if (from.hasDate === true && to.hasDate !== true) return `${pgType} drops the date of ${column.type} values`;
  if ((to.fraction ?? 6) < (from.fraction ?? 0)) return `${pgType} rounds the fractional seconds to ${to.fraction} digit${to.fraction === 1 ? '' : 's'} (${column.type} has ${from.fraction})`;
  return null;
}
