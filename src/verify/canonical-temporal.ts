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
  return sameTimestampAt(value, micros, raw, 0, raw.length, suffix);
}

/** sameTimestampText on the field `text[start, end)`, read in place. */
export function sameTimestampAt(value: Date, micros: number, raw: string, start: number, end: number, suffix: string): boolean | null {
  const n = end - start - suffix.length;
  const at = start;
  if (n < 19 || (suffix !== '' && !raw.startsWith(suffix, end - suffix.length))) return null;
  if (raw.charCodeAt(at + 4) !== 45 || raw.charCodeAt(at + 7) !== 45 || raw.charCodeAt(at + 10) !== 32 || raw.charCodeAt(at + 13) !== 58 || raw.charCodeAt(at + 16) !== 58) return null;
  const y = digitsAt(raw, at, at + 4);
  if (y < 1) return null;
  let fraction = 0;
  if (n > 19) {
    if (raw.charCodeAt(at + 19) !== 46 || n > 26 || raw.charCodeAt(at + n - 1) === 48) return null;
    const digits = digitsAt(raw, at + 20, at + n);
    if (digits < 0) return null;
    fraction = digits * 10 ** (26 - n);
  }
  const month = digitsAt(raw, at + 5, at + 7);
  const day = digitsAt(raw, at + 8, at + 10);
  const h = digitsAt(raw, at + 11, at + 13);
  const mi = digitsAt(raw, at + 14, at + 16);
  const sec = digitsAt(raw, at + 17, at + 19);
  if (month < 1 || month > 12 || day < 1 || day > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return null;
  const seconds = daysFromCivil(y, month, day) * 86_400 + h * 3600 + mi * 60 + sec;
  return micros === fraction && Math.floor(value.getTime() / 1000) === seconds;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil): integer arithmetic, no Date. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** A datetime2/datetimeoffset value's microseconds, or null when rounding would carry into the next second (left to the full rendering). */
export function wholeMicros(value: unknown): number | null {
  if (!(value instanceof Date)) return null;
  const delta = (value as DriverDate).nanosecondsDelta ?? 0;
  const below = Math.round(delta * 1e7);
  if (!(below >= 0 && below < 10_000)) return null;
  const ms = value.getTime();
  const micros = roundToMicros((ms - Math.floor(ms / 1000) * 1000) * 10_000 + below);
  return micros === 1_000_000 ? null : micros;
}
