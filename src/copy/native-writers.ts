/**
 * Fast paths for the native shapes (native-values.ts is the reference): the calendar fields
 * come from the Date's time value with integer arithmetic instead of the slower getUTC*
 * calls, and go straight into the CopyWriter. A value that needs a carry (rounding up into the
 * next second), lies outside years 0001-9999 or is not what the shape promises goes to the
 * reference encoder, which decides and words the error.
 */

import type { CopyWriter } from './copy-writer.js';
import { writeMicrosFraction, writePadded, writeTwoDigits, writeUnsignedInteger } from './digits.js';
import { civilDay, civilMonth, civilYear, setCivil } from './civil-date.js';

type Reference = (value: unknown) => string;

const MS_PER_DAY = 86_400_000;
const DASH = 0x2d;
const COLON = 0x3a;
const SPACE = 0x20;
const DOT = 0x2e;
/** `+00:00`: a datetimeoffset's UTC instant, as the text path writes a zero offset. */
const UTC_SUFFIX = Buffer.from('+00:00', 'latin1');


/** The Date's time value, or NaN when it is not a valid Date. */
function timeValue(value: unknown): number {
  return value instanceof Date ? value.getTime() : NaN;
}

/** 100 ns units below the millisecond from tedious's nanosecondsDelta; -1 when malformed. */
function subMilliUnits(value: Date): number {
  const delta = (value as Date & { nanosecondsDelta?: unknown }).nanosecondsDelta;
  if (delta === undefined) return 0;
  if (typeof delta !== 'number') return -1;
  const units = Math.round(delta * 1e7);
  return units >= 0 && units <= 9999 ? units : -1;
}

/**
 * Microseconds of the second (half-up on the 7th digit) for a valid value whose rounding does
 * not carry into the next second; -1 otherwise.
 */
function fastMicros(value: Date, msOfDay: number): number {
  const units = subMilliUnits(value);
  if (units < 0) return -1;
  const total = (msOfDay % 1000) * 10_000 + units;
  const micros = Math.floor(total / 10);
  const rounded = total - micros * 10 >= 5 ? micros + 1 : micros;
  return rounded < 1_000_000 ? rounded : -1;
}

function writeDate(w: CopyWriter): void {
  writePadded(civilYear, 4, w);
  w.byte(DASH);
  writeTwoDigits(civilMonth, w);
  w.byte(DASH);
  writeTwoDigits(civilDay, w);
}

function writeTimeOfDay(msOfDay: number, micros: number, w: CopyWriter): void {
  const seconds = Math.floor(msOfDay / 1000);
  const hour = Math.floor(seconds / 3600);
  const minute = Math.floor((seconds - hour * 3600) / 60);
  writeTwoDigits(hour, w);
  w.byte(COLON);
  writeTwoDigits(minute, w);
  w.byte(COLON);
  writeTwoDigits(seconds - hour * 3600 - minute * 60, w);
  writeMicrosFraction(micros, w);
}

/** timestamp-value, or with `utc` timestamptz-value: false when the reference must decide. */
function writeFastTimestamp(value: unknown, utc: boolean, w: CopyWriter): boolean {
  const ms = timeValue(value);
  if (Number.isNaN(ms)) return false;
  const days = Math.floor(ms / MS_PER_DAY);
  const msOfDay = ms - days * MS_PER_DAY;
  setCivil(days);
  if (civilYear < 1 || civilYear > 9999) return false;
  const micros = fastMicros(value as Date, msOfDay);
  if (micros < 0) return false;
  w.reserve(32);
  writeDate(w);
  w.byte(SPACE);
  writeTimeOfDay(msOfDay, micros, w);
  if (utc) for (let i = 0; i < UTC_SUFFIX.length; i++) w.byte(UTC_SUFFIX[i]!);
  return true;
}

export function writeTimestampValue(value: unknown, w: CopyWriter, reference: Reference): void {
  if (!writeFastTimestamp(value, false, w)) w.ascii(reference(value));
}

export function writeTimestamptzValue(value: unknown, w: CopyWriter, reference: Reference): void {
  if (!writeFastTimestamp(value, true, w)) w.ascii(reference(value));
}

export function writeDateValue(value: unknown, w: CopyWriter, reference: Reference): void {
  const ms = timeValue(value);
  const days = Math.floor(ms / MS_PER_DAY);
  if (!Number.isNaN(ms) && ms === days * MS_PER_DAY && subMilliUnits(value as Date) === 0) {
    setCivil(days);
    if (civilYear >= 1 && civilYear <= 9999) {
      w.reserve(10);
      writeDate(w);
      return;
    }
  }
  w.ascii(reference(value));
}

export function writeTimeValue(value: unknown, w: CopyWriter, reference: Reference): void {
  const ms = timeValue(value);
  if (ms >= 0 && ms < MS_PER_DAY) {
    const micros = fastMicros(value as Date, ms);
    if (micros >= 0) {
      w.reserve(16);
      writeTimeOfDay(ms, micros, w);
      return;
    }
  }
  w.ascii(reference(value));
}

/** Below 10^15: a decimal of precision ≤ 15 (see createDecimalNumberEncoder for exactness). */
const MAX_UNSCALED = 999_999_999_999_999;

/** decimal-number:scale, where factor = 10^scale. */
export function writeDecimalNumber(value: unknown, scale: number, w: CopyWriter, reference: Reference): void {
  if (typeof value === 'number') {
    const factor = POWERS_OF_TEN[scale]!;
    const magnitude = Math.abs(value);
    const unscaled = Math.round(magnitude * factor);
    if (unscaled <= MAX_UNSCALED && unscaled / factor === magnitude) {
      w.reserve(18);
      if (value < 0 && unscaled !== 0) w.byte(DASH);
      if (scale === 0) {
        writeUnsignedInteger(unscaled, w);
      } else {
        const whole = Math.floor(unscaled / factor);
        writeUnsignedInteger(whole, w);
        w.byte(DOT);
        writePadded(unscaled - whole * factor, scale, w);
      }
      return;
    }
  }
  w.ascii(reference(value));
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);
