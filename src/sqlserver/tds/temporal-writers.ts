/**
 * date, time, datetime2, datetimeoffset, datetime and smalldatetime from their TDS integers
 * (MS-TDS 2.2.5.5.1.8 and 2.2.5.5.1.9) to COPY text, by integer arithmetic instead of a Date.
 * The text is today's native writers' (src/copy/native-writers.ts, with native-values.ts as
 * the reference) for the Date tedious builds from the same integers:
 *   - the 7th fractional digit rounds half-up to microseconds and carries (a time may reach
 *     `24:00:00`), except that a carry out of 9999-12-31 23:59:59 keeps .999999
 *     (temporal-text.ts carryIntoSecond);
 *   - datetimeoffset is its UTC instant with `+00:00` (tedious drops the offset), and a carry
 *     is truncated wherever the end-of-time value can land in UTC (native-values.ts);
 *   - datetime's 1/300 s ticks become milliseconds with tedious's own expression.
 * A value outside years 0001-9999 or a time of day of 24 hours or more (which SQL Server never
 * sends) goes to today's reference encoder on the Date tedious would build, so even the error
 * is today's.
 */
import type { CopyWriter } from '../../copy/copy-writer.js';
import { writeMicrosFraction, writePadded, writeTwoDigits } from '../../copy/digits.js';
import { encodeDateValue, encodeTimestamptzValue, encodeTimestampValue, encodeTimeValue } from '../../copy/native-values.js';
import { civilDay, civilMonth, civilYear, setCivil } from '../../copy/civil-date.js';

const MS_PER_DAY = 86_400_000;
const MICROS_PER_DAY = 86_400_000_000;
const UNITS_PER_DAY = 864_000_000_000;
/** TDS date counts days from 0001-01-01; 1970-01-01 is day 719162, 9999-12-31 day 3652058. */
const DAYS_TO_1970 = 719_162;
const LAST_DAY = 3_652_058;
/** tedious's epochs and ratio (value-parser.ts). */
const UTC_EPOCH_1900 = Date.UTC(1900, 0, 1);
const UTC_EPOCH_2000 = Date.UTC(2000, 0, 1);
const THREE_AND_A_THIRD = 3 + 1 / 3;
const DASH = 0x2d;
const COLON = 0x3a;
const SPACE = 0x20;
const UTC_SUFFIX = [0x2b, 0x30, 0x30, 0x3a, 0x30, 0x30]; // +00:00


function writeCivilDate(w: CopyWriter): void {
  writePadded(civilYear, 4, w);
  w.buf[w.pos++] = DASH;
  writeTwoDigits(civilMonth, w);
  w.buf[w.pos++] = DASH;
  writeTwoDigits(civilDay, w);
}

/** hh:mm:ss[.ffffff] of a microsecond of the day, 0 .. 86_400_000_000 (the last is 24:00:00). */
function writeMicrosOfDay(micros: number, w: CopyWriter): void {
  const seconds = Math.floor(micros / 1_000_000);
  const hour = Math.floor(seconds / 3600);
  const minute = Math.floor((seconds - hour * 3600) / 60);
  writeTwoDigits(hour, w);
  w.buf[w.pos++] = COLON;
  writeTwoDigits(minute, w);
  w.buf[w.pos++] = COLON;
  writeTwoDigits(seconds - hour * 3600 - minute * 60, w);
  writeMicrosFraction(micros - seconds * 1_000_000, w);
}

/** 100 ns units → whole microseconds, half-up on the 7th digit. */
function roundedMicros(units: number): number {
  const micros = Math.floor(units / 10);
  return units - micros * 10 >= 5 ? micros + 1 : micros;
}

/** tedious's Date for a time / datetime2 / datetimeoffset, for the reference encoder. */
function tediousDate(ms: number, units: number): Date {
  const date = new Date(ms);
  Object.defineProperty(date, 'nanosecondsDelta', { enumerable: false, value: (units % 10000) / 1e7 });
  return date;
}

function tediousDateTime2(days: number, units: number): Date {
  return tediousDate(UTC_EPOCH_2000 + (days - 730119) * MS_PER_DAY + Math.trunc(units / 10000), units);
}

/** date: days since 0001-01-01. */
export function writeDate(days: number, w: CopyWriter): void {
  if (days > LAST_DAY) {
    w.ascii(encodeDateValue(new Date(UTC_EPOCH_2000 + (days - 730119) * MS_PER_DAY)));
    return;
  }
  setCivil(days - DAYS_TO_1970);
  w.reserve(10);
  writeCivilDate(w);
}

/** time: 100 ns units since midnight (already scaled to 7 digits). */
export function writeTime(units: number, w: CopyWriter): void {
  if (units >= UNITS_PER_DAY) {
    w.ascii(encodeTimeValue(tediousDate(units / 10000, units)));
    return;
  }
  w.reserve(16);
  writeMicrosOfDay(roundedMicros(units), w);
}

/** datetime2: days since 0001-01-01 and 100 ns units since midnight. */
export function writeDateTime2(days: number, units: number, w: CopyWriter): void {
  if (days > LAST_DAY || units >= UNITS_PER_DAY) {
    w.ascii(encodeTimestampValue(tediousDateTime2(days, units)));
    return;
  }
  let micros = roundedMicros(units);
  if (micros === MICROS_PER_DAY) {
    if (days === LAST_DAY) micros = MICROS_PER_DAY - 1; // 9999-12-31 23:59:59.999999, not year 10000
    else {
      days++;
      micros = 0;
    }
  }
  setCivil(days - DAYS_TO_1970);
  w.reserve(26);
  writeCivilDate(w);
  w.buf[w.pos++] = SPACE;
  writeMicrosOfDay(micros, w);
}

/** datetimeoffset: the UTC days and units (the offset that follows them is not kept). */
export function writeDateTimeOffset(days: number, units: number, w: CopyWriter): void {
  if (days > LAST_DAY || units >= UNITS_PER_DAY) {
    w.ascii(encodeTimestamptzValue(tediousDateTime2(days, units)));
    return;
  }
  let micros = roundedMicros(units);
  if (micros % 1_000_000 === 0 && micros !== Math.floor(units / 10)) {
    // The fraction carried into the next second. Where 9999-12-31 23:59:59.9999999 of some
    // offset can land in UTC (second :59 of 09:59-23:59 on 9999-12-31), keep .999999.
    const secondOfDay = micros / 1_000_000 - 1;
    if (days === LAST_DAY && secondOfDay % 60 === 59 && secondOfDay >= (9 * 60 + 59) * 60) micros -= 1;
  }
  if (micros === MICROS_PER_DAY) {
    days++;
    micros = 0;
  }
  setCivil(days - DAYS_TO_1970);
  w.reserve(32);
  writeCivilDate(w);
  w.buf[w.pos++] = SPACE;
  writeMicrosOfDay(micros, w);
  for (let i = 0; i < 6; i++) w.buf[w.pos++] = UTC_SUFFIX[i]!;
}

/** datetime and smalldatetime, as tedious's epoch milliseconds (whole milliseconds only). */
function writeEpochMillis(ms: number, w: CopyWriter): void {
  const days = Math.floor(ms / MS_PER_DAY);
  const msOfDay = ms - days * MS_PER_DAY;
  setCivil(days);
  if (civilYear < 1 || civilYear > 9999) {
    w.ascii(encodeTimestampValue(new Date(ms)));
    return;
  }
  w.reserve(26);
  writeCivilDate(w);
  w.buf[w.pos++] = SPACE;
  writeMicrosOfDay(msOfDay * 1000, w);
}

/** datetime: days since 1900-01-01 (signed) and 1/300 s ticks since midnight. */
export function writeDateTime(days: number, ticks: number, w: CopyWriter): void {
  writeEpochMillis(UTC_EPOCH_1900 + days * MS_PER_DAY + Math.round(ticks * THREE_AND_A_THIRD), w);
}

/** smalldatetime: days since 1900-01-01 and minutes since midnight. */
export function writeSmallDateTime(days: number, minutes: number, w: CopyWriter): void {
  writeEpochMillis(UTC_EPOCH_1900 + days * MS_PER_DAY + minutes * 60000, w);
}
