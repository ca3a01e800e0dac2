/**
 * Date and time text from SQL Server (CONVERT style 23 / 126 and datetimeoffset text) to the
 * text PostgreSQL's date, timestamp, time and timestamptz inputs read exactly.
 *
 * Rounding, on purpose: SQL Server keeps up to 7 fractional digits (100 ns); PostgreSQL keeps 6
 * (1 µs). Left to PostgreSQL, the 7th digit would be rounded by its own input routine, whose
 * behaviour on halves is an implementation detail. We round here instead, half-up on the 7th
 * digit (…0000005 → …000001), and carry into seconds, minutes, hours, days, months and years,
 * so the value written is a documented, tested function of the source value:
 *   2020-12-31T23:59:59.9999995 → 2021-01-01 00:00:00
 *   23:59:59.9999995 (time)      → 24:00:00 (PostgreSQL time accepts 24:00:00)
 *   9999-12-31T23:59:59.9999995  → 9999-12-31 23:59:59.999999 (the one exception: see below)
 * The exception: a carry that would leave SQL Server's range (into year 10000) truncates
 * instead. 9999-12-31 23:59:59.9999999 is SQL Server's "end of time" sentinel (system-versioned
 * temporal tables write it into every current row's period end); applications compare against
 * it, and a year-10000 value would break those comparisons while gaining nothing.
 * For datetimeoffset the carry happens in the wall time of its own offset, which is exact
 * because the offset is fixed. Trailing zeros of the fraction are dropped.
 */

import { CellEncodeFailure, shapeMismatch } from './errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;
const TIMESTAMPTZ =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))? ?(?:([+-])(\d{2}):(\d{2})|Z)$/;

/** SQL Server datetimeoffset offsets range from -14:00 to +14:00. */
const MAX_OFFSET_MINUTES = 14 * 60;

/** A wall-clock value being normalised; `micros` is the fraction in whole microseconds. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

/**
 * Rounds up to 7 fractional digits to whole microseconds, half-up on the 7th digit.
 * Returns 1_000_000 when the rounding carries into the next second.
 */
function roundedMicros(fraction: string | undefined): number {
  if (fraction === undefined) return 0;
  if (fraction.length <= 6) return Number(fraction.padEnd(6, '0'));
  const micros = Number(fraction.slice(0, 6));
  return fraction.charCodeAt(6) >= 0x35 /* '5' */ ? micros + 1 : micros;
}

/** `.ffffff` without trailing zeros, or '' for a whole second. */
export function formatFraction(micros: number): string {
  if (micros === 0) return '';
  let digits = String(micros).padStart(6, '0');
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 0x30 /* '0' */) end--;
  digits = digits.slice(0, end);
  return `.${digits}`;
}

function invalid(what: string, text: string): CellEncodeFailure {
  // Temporal text is short and never secret-bearing, so quoting it helps the user find the row.
  return new CellEncodeFailure('invalid-format', `expected ${what}, got ${JSON.stringify(text)}`);
}

/** Checks field ranges; SQL Server never produces seconds = 60 (no leap seconds). */
export function isValidWallTime(t: WallTime): boolean {
  return (
    t.year >= 1 &&
    t.month >= 1 &&
    t.month <= 12 &&
    t.day >= 1 &&
    t.day <= daysInMonth(t.year, t.month) &&
    t.hour <= 23 &&
    t.minute <= 59 &&
    t.second <= 59
  );
}

/** Applies a rounded-up fraction of 1_000_000 µs as +1 second, carrying as far as needed. */
export function carryIntoSecond(t: WallTime): void {
  if (t.micros < 1_000_000) return;
  if (t.year === 9999 && t.month === 12 && t.day === 31 && t.hour === 23 && t.minute === 59 && t.second === 59) {
    t.micros = 999_999;
    return;
  }
  t.micros = 0;
  if (++t.second < 60) return;
  t.second = 0;
  if (++t.minute < 60) return;
  t.minute = 0;
  if (++t.hour < 24) return;
  t.hour = 0;
  if (++t.day <= daysInMonth(t.year, t.month)) return;
  t.day = 1;
  if (++t.month <= 12) return;
  t.month = 1;
  t.year++;
}

function wallTimeFrom(match: RegExpExecArray): WallTime {
  return {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6]),
    micros: roundedMicros(match[7]),
  };
}

export function formatWallTime(t: WallTime): string {
  return (
    `${pad4(t.year)}-${pad2(t.month)}-${pad2(t.day)} ` +
    `${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}${formatFraction(t.micros)}`
  );
}

/** date-text: `YYYY-MM-DD`, years 0001-9999, passed through after validation. */
export function encodeDateText(value: unknown): string {
  if (typeof value !== 'string') throw shapeMismatch('a YYYY-MM-DD string', value);
  const match = DATE.exec(value);
  if (match === null) throw invalid('YYYY-MM-DD', value);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw invalid('a valid calendar date', value);
  }
  return value;
}

/** timestamp-text: `YYYY-MM-DD[T ]hh:mm:ss[.f{1,7}]` → `YYYY-MM-DD hh:mm:ss[.ffffff]`. */
export function encodeTimestampText(value: unknown): string {
  if (typeof value !== 'string') throw shapeMismatch('a YYYY-MM-DDThh:mm:ss[.fffffff] string', value);
  const match = TIMESTAMP.exec(value);
  if (match === null) throw invalid('YYYY-MM-DDThh:mm:ss[.fffffff]', value);
  const wallTime = wallTimeFrom(match);
  if (!isValidWallTime(wallTime)) throw invalid('a valid date and time', value);
  carryIntoSecond(wallTime);
  return formatWallTime(wallTime);
}

/** time-text: `hh:mm:ss[.f{1,7}]` → `hh:mm:ss[.ffffff]`; rounding may reach `24:00:00`. */
export function encodeTimeText(value: unknown): string {
  if (typeof value !== 'string') throw shapeMismatch('a hh:mm:ss[.fffffff] string', value);
  const match = TIME.exec(value);
  if (match === null) throw invalid('hh:mm:ss[.fffffff]', value);
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  const second = Number(match[3]);
  if (hour > 23 || minute > 59 || second > 59) throw invalid('a valid time of day', value);
  return formatTimeOfDay(hour, minute, second, roundedMicros(match[4]));
}

/** `hh:mm:ss[.ffffff]` of a valid time of day whose rounded fraction may be 1_000_000 µs. */
export function formatTimeOfDay(hour: number, minute: number, second: number, micros: number): string {
  if (micros === 1_000_000) {
    micros = 0;
    second++;
    if (second === 60) [second, minute] = [0, minute + 1];
    if (minute === 60) [minute, hour] = [0, hour + 1];
    // hour may now be 24 (only as 24:00:00): PostgreSQL's time type accepts exactly that.
  }
  return `${pad2(hour)}:${pad2(minute)}:${pad2(second)}${formatFraction(micros)}`;
}

/**
 * timestamptz-text: `YYYY-MM-DD[T ]hh:mm:ss[.f{1,7}][ ]{+|-}hh:mm` or `...Z`
 * → `YYYY-MM-DD hh:mm:ss[.ffffff]+hh:mm` (Z written as +00:00).
 */
export function encodeTimestamptzText(value: unknown): string {
  if (typeof value !== 'string') {
    throw shapeMismatch('a YYYY-MM-DD hh:mm:ss[.fffffff] +hh:mm string', value);
  }
  const match = TIMESTAMPTZ.exec(value);
  if (match === null) throw invalid('YYYY-MM-DD hh:mm:ss[.fffffff] {+|-}hh:mm', value);
  const wallTime = wallTimeFrom(match);
  const sign = match[8] ?? '+';
  const offsetHours = match[9] === undefined ? 0 : Number(match[9]);
  const offsetMinutes = match[10] === undefined ? 0 : Number(match[10]);
  if (
    !isValidWallTime(wallTime) ||
    offsetMinutes > 59 ||
    offsetHours * 60 + offsetMinutes > MAX_OFFSET_MINUTES
  ) {
    throw invalid('a valid date, time and offset (-14:00 to +14:00)', value);
  }
  carryIntoSecond(wallTime);
  return `${formatWallTime(wallTime)}${sign}${pad2(offsetHours)}:${pad2(offsetMinutes)}`;
}
