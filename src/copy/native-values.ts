/**
 * Encoders for the values tedious hands over natively (the `*-value` and `decimal-number:s`
 * shapes of src/catalog/value-shape.ts). Each writes exactly the text its `*-text` twin writes
 * for the same source value, with the same rounding: the 7th fractional digit rounds half-up
 * into microseconds and carries, except into year 10000 (see temporal-text.ts).
 * The one difference: datetimeoffset arrives as its UTC instant, so it is written in UTC
 * (`+00:00`), the same instant as the text path's local time and offset (see
 * encodeTimestamptzValue for the end-of-time value).
 */

import { decimalNumberScale, type DecimalNumberShape } from '../catalog/value-shape.js';
import { CellEncodeFailure, shapeMismatch } from './errors.js';
import {
  carryIntoSecond,
  formatTimeOfDay,
  formatWallTime,
  isValidWallTime,
  pad2,
  pad4,
  type WallTime,
} from './temporal-text.js';

/** tedious's Date subclass-less extra: the fraction below the millisecond, in seconds. */
interface TediousDate extends Date {
  readonly nanosecondsDelta?: number;
}

function invalid(what: string, shown: string): CellEncodeFailure {
  return new CellEncodeFailure('invalid-format', `expected ${what}, got ${shown}`);
}

function describeDate(date: Date, delta: unknown): string {
  return `${date.toISOString()} with nanosecondsDelta ${String(delta)}`;
}

/** A valid Date, or the failure a reader bug deserves. */
function checkedDate(value: unknown, expected: string): TediousDate {
  if (!(value instanceof Date)) throw shapeMismatch(expected, value);
  if (Number.isNaN(value.getTime())) throw invalid(expected, 'an Invalid Date');
  return value as TediousDate;
}

/**
 * The fraction of the second in 100 ns units (0..9_999_999): milliseconds from the Date, the
 * rest from nanosecondsDelta, which tedious computes as (n % 10000) / 1e7 for an integer n, so
 * Math.round(delta * 1e7) recovers n exactly.
 */
function hundredNanos(date: TediousDate, expected: string): number {
  const millis = date.getUTCMilliseconds() * 10_000;
  const delta = date.nanosecondsDelta;
  if (delta === undefined) return millis;
  const units = typeof delta === 'number' ? Math.round(delta * 1e7) : NaN;
  if (!(units >= 0 && units <= 9999)) throw invalid(`${expected} (nanosecondsDelta in [0, 0.001))`, describeDate(date, delta));
  return millis + units;
}

/** Whole microseconds, half-up on the 7th digit: may be 1_000_000 (a carry). */
function roundedMicros(units: number): number {
  const micros = Math.floor(units / 10);
  return units - micros * 10 >= 5 ? micros + 1 : micros;
}

function wallTimeOf(date: TediousDate, expected: string): WallTime {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    micros: roundedMicros(hundredNanos(date, expected)),
  };
}

function inSqlServerRange(t: WallTime): boolean {
  return t.year <= 9999 && isValidWallTime(t);
}

/** date-value: a Date at UTC midnight → `YYYY-MM-DD`. */
export function encodeDateValue(value: unknown): string {
  const expected = 'a Date at UTC midnight (date)';
  const date = checkedDate(value, expected);
  const t = wallTimeOf(date, expected);
  if (t.hour !== 0 || t.minute !== 0 || t.second !== 0 || t.micros !== 0 || !inSqlServerRange(t)) {
    throw invalid(expected + ' in years 0001-9999', date.toISOString());
  }
  return `${pad4(t.year)}-${pad2(t.month)}-${pad2(t.day)}`;
}

/** timestamp-value: wall time in the UTC fields (+ nanosecondsDelta) → `YYYY-MM-DD hh:mm:ss[.ffffff]`. */
export function encodeTimestampValue(value: unknown): string {
  const expected = 'a Date (datetime2/datetime)';
  const date = checkedDate(value, expected);
  const t = wallTimeOf(date, expected);
  if (!inSqlServerRange(t)) throw invalid(`${expected} in years 0001-9999`, date.toISOString());
  carryIntoSecond(t);
  return formatWallTime(t);
}

/** time-value: a Date on 1970-01-01 UTC (+ nanosecondsDelta) → `hh:mm:ss[.ffffff]`, possibly `24:00:00`. */
export function encodeTimeValue(value: unknown): string {
  const expected = 'a Date on 1970-01-01 UTC (time)';
  const date = checkedDate(value, expected);
  const t = wallTimeOf(date, expected);
  if (t.year !== 1970 || t.month !== 1 || t.day !== 1) throw invalid(expected, date.toISOString());
  return formatTimeOfDay(t.hour, t.minute, t.second, t.micros);
}

/**
 * Where SQL Server's end-of-time value 9999-12-31 23:59:59.9999999 lands in UTC for the offsets
 * it can have (+00:00 to +14:00; a negative one would put the instant past year 9999): second
 * :59 of a minute from 09:59 to 23:59 UTC on 9999-12-31.
 */
function mayBeEndOfTime(t: WallTime): boolean {
  return t.year === 9999 && t.month === 12 && t.day === 31 && t.second === 59 && t.hour * 60 + t.minute >= 9 * 60 + 59;
}

/**
 * timestamptz-value: the UTC instant (+ nanosecondsDelta) → `YYYY-MM-DD hh:mm:ss[.ffffff]+00:00`.
 * The text path truncates the end-of-time value in its own offset, which tedious does not
 * deliver; so a carry is truncated wherever that value can land in UTC (mayBeEndOfTime), the
 * same instant the text path writes. Elsewhere the 7th digit rounds and carries as usual.
 */
export function encodeTimestamptzValue(value: unknown): string {
  const expected = 'a Date (datetimeoffset)';
  const date = checkedDate(value, expected);
  const t = wallTimeOf(date, expected);
  if (!inSqlServerRange(t)) throw invalid(`${expected} in years 0001-9999`, date.toISOString());
  if (t.micros === 1_000_000 && mayBeEndOfTime(t)) t.micros = 999_999;
  carryIntoSecond(t);
  return `${formatWallTime(t)}+00:00`;
}

/** Below 10^15: a decimal of precision ≤ 15, whose integer tedious divided without loss. */
const MAX_UNSCALED = 999_999_999_999_999;

/**
 * decimal-number:s → the decimal with exactly s digits after the point, as SQL Server's own
 * CAST(... AS varchar) prints it (`0.0000001000`, never `1e-7`).
 *
 * Exactness: the column's value is M / 10^s for an integer |M| < 10^15 < 2^53. tedious reads M
 * exactly and divides by 10^s (exact for s ≤ 22), so the number is M / 10^s correctly rounded,
 * with relative error ≤ 2^-53. Multiplying back by 10^s adds at most another 2^-53, so the
 * product is within |M| · 2^-52 < 0.23 of M and Math.round gives M back. The check that M /
 * 10^s reproduces the very same number rejects anything the reader did not promise (a value
 * with more decimals than the scale, or beyond 15 digits).
 */
export function createDecimalNumberEncoder(shape: DecimalNumberShape): (value: unknown) => string {
  const scale = decimalNumberScale(shape);
  if (!Number.isInteger(scale) || scale < 0 || scale > 15) throw new TypeError(`bad decimal-number shape ${shape}`);
  const factor = 10 ** scale;
  return function encodeDecimalNumber(value: unknown): string {
    if (typeof value !== 'number') throw shapeMismatch(`a number (decimal, scale ${scale})`, value);
    const magnitude = Math.abs(value);
    const unscaled = Math.round(magnitude * factor);
    if (!(unscaled <= MAX_UNSCALED) || unscaled / factor !== magnitude) {
      throw invalid(`a decimal of at most 15 digits with scale ${scale}`, String(value));
    }
    const sign = value < 0 && unscaled !== 0 ? '-' : '';
    if (scale === 0) return sign + String(unscaled);
    const digits = String(unscaled).padStart(scale + 1, '0');
    const point = digits.length - scale;
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  };
}
