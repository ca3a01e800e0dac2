/**
 * Fast path for timestamp-text (`YYYY-MM-DD[T ]hh:mm:ss[.f{1,7}]`, the shape every datetime2
 * column had when read as text): read by character codes instead of a regular expression and
 * written as `YYYY-MM-DD hh:mm:ss[.ffffff]`. Anything it does not fully recognise, and every
 * value whose rounding carries into the next second, goes to the reference encoder
 * (temporal-text.ts), which owns the rounding rules and the error messages.
 */

import type { CopyWriter } from './copy-writer.js';
import { writeMicrosFraction, writeTwoDigits } from './digits.js';
import { daysInMonth } from './temporal-text.js';

const SPACE = 0x20;
const DASH = 0x2d;
const COLON = 0x3a;

/** The two-digit number at s[i], s[i + 1], or -1 unless both are ASCII digits. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 0x30;
  const b = s.charCodeAt(i + 1) - 0x30;
  return a >>> 0 > 9 || b >>> 0 > 9 ? -1 : a * 10 + b;
}

/** Whole microseconds of the 1-7 fraction digits after `.` at index 19, half-up on the 7th; -1 if malformed. */
function fractionMicros(s: string): number {
  const length = s.length;
  if (length === 19) return 0;
  if (s.charCodeAt(19) !== 0x2e || length < 21 || length > 27) return -1;
  let micros = 0;
  for (let i = 20; i < 26; i++) {
    const d = i < length ? s.charCodeAt(i) - 0x30 : 0;
    if (d >>> 0 > 9) return -1;
    micros = micros * 10 + d;
  }
  if (length === 27) {
    const seventh = s.charCodeAt(26) - 0x30;
    if (seventh >>> 0 > 9) return -1;
    if (seventh >= 5) micros++;
  }
  return micros;
}

/**
 * Writes a timestamp-text value the fast path can handle and returns true, or writes nothing
 * and returns false (then the reference encoder decides).
 */
function writeFast(s: string, w: CopyWriter): boolean {
  if (s.length < 19) return false;
  const t = s.charCodeAt(10);
  if (
    s.charCodeAt(4) !== DASH ||
    s.charCodeAt(7) !== DASH ||
    (t !== 0x54 /* T */ && t !== SPACE) ||
    s.charCodeAt(13) !== COLON ||
    s.charCodeAt(16) !== COLON
  ) {
    return false;
  }
  const century = twoDigits(s, 0);
  const yy = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  if (century < 0 || yy < 0 || hour < 0 || minute < 0 || second < 0) return false;
  const year = century * 100 + yy;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 59) return false;
  const micros = fractionMicros(s);
  if (micros < 0 || micros >= 1_000_000) return false; // a carry: the reference encoder rounds it
  w.reserve(26);
  writeTwoDigits(century, w);
  writeTwoDigits(yy, w);
  w.byte(DASH);
  writeTwoDigits(month, w);
  w.byte(DASH);
  writeTwoDigits(day, w);
  w.byte(SPACE);
  writeTwoDigits(hour, w);
  w.byte(COLON);
  writeTwoDigits(minute, w);
  w.byte(COLON);
  writeTwoDigits(second, w);
  writeMicrosFraction(micros, w);
  return true;
}

export function writeTimestampText(value: unknown, w: CopyWriter, reference: (value: unknown) => string): void {
  if (typeof value !== 'string' || !writeFast(value, w)) w.ascii(reference(value));
}
