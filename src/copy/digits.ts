/** Decimal digits of integers written straight into a CopyWriter, without String(n). */

import type { CopyWriter } from './copy-writer.js';

/** How many decimal digits a non-negative integer below 2^53 has. */
export function digitCount(n: number): number {
  if (n < 1e4) return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4;
  if (n < 1e8) return n < 1e5 ? 5 : n < 1e6 ? 6 : n < 1e7 ? 7 : 8;
  let digits = 9;
  for (let limit = 1e9; n >= limit && digits < 16; limit *= 10) digits++;
  return digits;
}

/** The two ASCII digits of 0..99, as byte pairs: halves the divisions per number. */
const PAIRS = Buffer.from(Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).join(''), 'latin1');

/**
 * A non-negative integer below 2^53 (so every step below is exact), as String(n) prints it;
 * the caller reserved 16 bytes.
 */
export function writeUnsignedInteger(n: number, w: CopyWriter): void {
  const end = w.pos + digitCount(n);
  writePaddedAt(n, w.buf, end);
  w.pos = end;
}

/** Writes n's digits so that the last one lands at end - 1; stops when n is used up. */
function writePaddedAt(n: number, buf: Buffer, end: number): void {
  let pos = end;
  while (n >= 2147483648) {
    const q = Math.floor(n / 10);
    buf[--pos] = 0x30 + (n - q * 10);
    n = q;
  }
  // Below 2^31 the quotients fit int32 arithmetic.
  while (n >= 100) {
    const q = (n / 100) | 0;
    const r = (n - q * 100) << 1;
    buf[--pos] = PAIRS[r + 1]!;
    buf[--pos] = PAIRS[r]!;
    n = q;
  }
  if (n >= 10) {
    buf[--pos] = PAIRS[(n << 1) + 1]!;
    buf[--pos] = PAIRS[n << 1]!;
  } else {
    buf[--pos] = 0x30 + n;
  }
}

/** Exactly `width` digits of an integer n < 2^53, zero-padded on the left (n must fit); the caller reserved room. */
export function writePadded(n: number, width: number, w: CopyWriter): void {
  const buf = w.buf;
  let pos = w.pos + width;
  w.pos = pos;
  let left = width;
  for (; n >= 2147483648; left--) {
    const q = Math.floor(n / 10);
    buf[--pos] = 0x30 + (n - q * 10);
    n = q;
  }
  // Below 2^31 the quotients fit int32 arithmetic.
  for (; left >= 2; left -= 2) {
    const q = (n / 100) | 0;
    const r = (n - q * 100) << 1;
    buf[--pos] = PAIRS[r + 1]!;
    buf[--pos] = PAIRS[r]!;
    n = q;
  }
  if (left === 1) buf[--pos] = 0x30 + n;
}

/** Two digits of 0..99 at the writer's position; the caller reserved room. */
export function writeTwoDigits(n: number, w: CopyWriter): void {
  const buf = w.buf;
  const pos = w.pos;
  buf[pos] = PAIRS[n << 1]!;
  buf[pos + 1] = PAIRS[(n << 1) + 1]!;
  w.pos = pos + 2;
}

/**
 * A fraction of a second in whole microseconds (1..999999) as `.ffffff` without trailing
 * zeros; nothing for 0. The caller reserved 7 bytes.
 */
export function writeMicrosFraction(micros: number, w: CopyWriter): void {
  if (micros === 0) return;
  let width = 6;
  while (micros % 10 === 0) {
    micros /= 10;
    width--;
  }
  w.byte(0x2e); // '.'
  writePadded(micros, width, w);
}
