/**
 * verify's reference rendering of SQL Server date/time values, as Postgres prints the target
 * type (DateStyle ISO, TimeZone UTC): `2024-01-02 03:04:05.123457`, trailing fractional zeros
 * dropped, no fraction for a whole second. Written apart from stage 2's encoder, from the
 * documented rules of the copy (README, "Type mapping"), which are mappings on purpose and so
 * not differences:
 *   - the 7th fractional digit of datetime2/time/datetimeoffset rounds half-up to microseconds,
 *     with carry (`23:59:59.9999995` is the next second; time becomes `24:00:00`);
 *   - no carry into year 10000: the end-of-time value `9999-12-31 23:59:59.9999999` keeps
 *     `.999999`;
 *   - datetimeoffset is its UTC instant; tedious does not deliver the offset, so the end-of-time
 *     rule applies wherever that value can land in UTC (second :59 of a minute from 09:59 to
 *     23:59 on 9999-12-31, for offsets +00:00 to +14:00).
 */

interface DriverDate extends Date {
  readonly nanosecondsDelta?: number;
}

export class TemporalValueError extends Error {}

/** `00` … `99`: two-digit fields are looked up, not padded, on the per-row path. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
const pad2 = (n: number): string => TWO_DIGITS[n] ?? String(n).padStart(2, '0');

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function checked(value: unknown, what: string): DriverDate {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new TemporalValueError(`expected a Date (${what})`);
  return value as DriverDate;
}

/** Fraction of the second in 100 ns units: milliseconds, plus nanosecondsDelta (seconds, a multiple of 1e-7 below 0.001). */
function hundredNanos(d: DriverDate): number {
  const delta = d.nanosecondsDelta ?? 0;
  const below = Math.round(delta * 1e7);
  if (!(below >= 0 && below < 10_000)) throw new TemporalValueError(`nanosecondsDelta ${String(delta)} is not below 0.001 s`);
  return d.getUTCMilliseconds() * 10_000 + below;
}

/** `.123457` (microseconds, trailing zeros dropped) or ''. */
function microsText(micros: number): string {
  if (micros === 0) return '';
  let s = pad(micros, 6);
  while (s.endsWith('0')) s = s.slice(0, -1);
  return `.${s}`;
}

function ymd(d: Date): string {
  const y = d.getUTCFullYear();
  return `${y >= 1000 ? String(y) : pad(y, 4)}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function hms(d: Date): string {
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** Whole microseconds of 100 ns units, half-up: 1_000_000 means a carry into the next second. */
function roundToMicros(units: number): number {
  return Math.floor((units + 5) / 10);
}

/** The wall time with its microseconds, carried into the next second when the rounding says so, except into year 10000. */
function wallTime(d: DriverDate, keepBelowCarry: (d: Date) => boolean): string {
  let micros = roundToMicros(hundredNanos(d));
  let at: Date = d;
  if (micros === 1_000_000) {
    const next = new Date(Math.floor(d.getTime() / 1000) * 1000 + 1000);
    if (next.getUTCFullYear() > 9999 || keepBelowCarry(d)) micros = 999_999;
    else {
      at = next;
      micros = 0;
    }
  }
  return `${ymd(at)} ${hms(at)}${microsText(micros)}`;
}

const never = (): boolean => false;

/** date: `YYYY-MM-DD`. */
export function dateText(value: unknown): string {
  return ymd(checked(value, 'date'));
}

/** datetime, smalldatetime: their milliseconds as tedious gives them (.000/.003/.007 for datetime). */
export function datetimeText(value: unknown): string {
  const d = checked(value, 'datetime');
  return `${ymd(d)} ${hms(d)}${microsText(d.getUTCMilliseconds() * 1000)}`;
}

/** datetime2(n): rounded to microseconds. */
export function datetime2Text(value: unknown): string {
  return wallTime(checked(value, 'datetime2'), never);
}

/** time(n): rounded to microseconds; the carry of 23:59:59.9999995 is Postgres's `24:00:00`. */
export function timeText(value: unknown): string {
  const d = checked(value, 'time');
  const micros = roundToMicros(hundredNanos(d));
  if (micros === 1_000_000) {
    const seconds = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds() + 1;
    return `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  }
  return `${hms(d)}${microsText(micros)}`;
}

/** Where the end-of-time value 9999-12-31 23:59:59.9999999 with an offset of +00:00 … +14:00 lies in UTC. */
function mayBeEndOfTime(d: Date): boolean {
  const minuteOfDay = d.getUTCHours() * 60 + d.getUTCMinutes();
  return d.getUTCFullYear() === 9999 && d.getUTCMonth() === 11 && d.getUTCDate() === 31 && d.getUTCSeconds() === 59 && minuteOfDay >= 9 * 60 + 59;
}

/** datetimeoffset: the UTC instant, as Postgres prints a timestamptz in UTC (`+00`). */
export function datetimeoffsetText(value: unknown): string {
  return `${wallTime(checked(value, 'datetimeoffset'), mayBeEndOfTime)}+00`;
}

/** Digits of `text[from, to)` as a number, or -1 when one is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Whether Postgres's text of a timestamp (`YYYY-MM-DD HH:MM:SS[.ffffff]`, then `suffix`) is
 * the instant of `value` at microseconds (`micros` from wholeMicros), without building the
 * canonical text: true only when the text is in Postgres's own form and says the same second
 * and microsecond; false or null otherwise (null: let the full rendering decide, e.g. on a carry).
 */
export function sameTimestampText(value: Date, micros: number, raw: string, suffix: string): boolean | null {
  const n = raw.length - suffix.length;
  if (n < 19 || !raw.endsWith(suffix) || raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45 || raw.charCodeAt(10) !== 32 || raw.charCodeAt(13) !== 58 || raw.charCodeAt(16) !== 58) return null;
  const y = digitsAt(raw, 0, 4);
  if (y < 100) return null; // Date.UTC reads years 0-99 as 1900-1999
  let fraction = 0;
  if (n > 19) {
    if (raw.charCodeAt(19) !== 46 || n > 26 || raw.charCodeAt(n - 1) === 48) return null;
    const digits = digitsAt(raw, 20, n);
    if (digits < 0) return null;
    fraction = digits * 10 ** (26 - n);
  }
  const seconds = Date.UTC(y, digitsAt(raw, 5, 7) - 1, digitsAt(raw, 8, 10), digitsAt(raw, 11, 13), digitsAt(raw, 14, 16), digitsAt(raw, 17, 19));
  if (Number.isNaN(seconds)) return null;
  return Math.floor(value.getTime() / 1000) * 1000 === seconds && micros === fraction;
}

/** A datetime2/datetimeoffset value's microseconds, or null when rounding would carry into the next second (left to the full rendering). */
export function wholeMicros(value: unknown): number | null {
  if (!(value instanceof Date)) return null;
  const delta = (value as DriverDate).nanosecondsDelta ?? 0;
  const below = Math.round(delta * 1e7);
  if (!(below >= 0 && below < 10_000)) return null;
  const micros = roundToMicros(value.getUTCMilliseconds() * 10_000 + below);
  return micros === 1_000_000 ? null : micros;
}
