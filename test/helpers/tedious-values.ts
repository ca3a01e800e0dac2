// Native values built exactly the way tedious 19 (src/value-parser.ts, useUTC: true) builds
// them from the TDS integers, so encoder tests feed the same JS values a SQL Server read
// delivers. The TDS integers are computed here from a wall-clock text with BigInt arithmetic,
// independently of the encoder's own code.

/** Days from 0001-01-01 to y-m-d (proleptic Gregorian), the TDS date count. */
export function tdsDays(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // years 0-99 too, unlike Date.UTC
  const origin = new Date(0);
  origin.setUTCFullYear(1, 0, 1);
  return Math.round((d.getTime() - origin.getTime()) / 86_400_000);
}

/** tedious readTime: `value` 100 ns units since midnight (already scaled to 7 digits). */
export function tediousTime(value: number): Date {
  const date = new Date(Date.UTC(1970, 0, 1, 0, 0, 0, value / 10000));
  Object.defineProperty(date, 'nanosecondsDelta', { enumerable: false, value: (value % 10000) / Math.pow(10, 7) });
  return date;
}

/** tedious readDate. */
export function tediousDate(days: number): Date {
  return new Date(Date.UTC(2000, 0, days - 730118));
}

/** tedious readDateTime2 (and readDateTimeOffset, whose days and time are UTC). */
export function tediousDateTime2(days: number, value: number): Date {
  const time = tediousTime(value);
  const date = new Date(Date.UTC(2000, 0, days - 730118, 0, 0, 0, +time));
  Object.defineProperty(date, 'nanosecondsDelta', { enumerable: false, value: (time as Date & { nanosecondsDelta: number }).nanosecondsDelta });
  return date;
}

/** tedious readDateTime: days since 1900-01-01 and 1/300 s ticks since midnight. */
export function tediousDateTime(days: number, threeHundredthsOfSecond: number): Date {
  const milliseconds = Math.round(threeHundredthsOfSecond * (3 + 1 / 3));
  return new Date(Date.UTC(1900, 0, 1 + days, 0, 0, 0, milliseconds));
}

/** tedious readSmallDateTime. */
export function tediousSmallDateTime(days: number, minutes: number): Date {
  return new Date(Date.UTC(1900, 0, 1 + days, 0, minutes));
}

/** tedious readNumeric: the unsigned integer M, its sign and the column's scale. */
export function tediousNumeric(unscaled: bigint, scale: number): number {
  const sign = unscaled < 0n ? -1 : 1;
  const magnitude = Number(unscaled < 0n ? -unscaled : unscaled); // exact below 2^53 (read as 4 or 8 bytes)
  return (magnitude * sign) / Math.pow(10, scale);
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(?: ?([+-])(\d{2}):(\d{2}))?$/;

/** Days and 100 ns units of a wall time; with an offset, of its UTC instant. */
export function tdsDateTime2(text: string): { days: number; value: number } {
  const m = WALL.exec(text);
  if (!m) throw new Error(`bad wall time ${text}`);
  const days = BigInt(tdsDays(Number(m[1]), Number(m[2]), Number(m[3])));
  const units = BigInt(((Number(m[4]) * 60 + Number(m[5])) * 60 + Number(m[6])) * 10_000_000 + Number((m[7] ?? '').padEnd(7, '0')));
  const offset = m[8] === undefined ? 0n : BigInt((m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) * 60) * 10_000_000n;
  const total = days * 864_000_000_000n + units - offset;
  return { days: Number(total / 864_000_000_000n), value: Number(total % 864_000_000_000n) };
}

/** The value tedious delivers for a datetime2/datetimeoffset text (offset → UTC instant). */
export function tediousFromText(text: string): Date {
  const { days, value } = tdsDateTime2(text);
  return tediousDateTime2(days, value);
}
