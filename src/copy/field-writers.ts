/**
 * Per-shape writers that put one non-null value's COPY TEXT field straight into a CopyWriter
 * (text, temporal and native shapes have their own files; field-dispatch.ts picks one).
 *
 * Each has a fast path for the common, well-formed value and otherwise defers to the string
 * encoder of the same shape (cell-encoders.ts), which stays the reference: it decides every
 * unusual case (rounding carries, validation errors and their messages) and its output is
 * written as is. So the bytes are identical by construction wherever the fast path declines,
 * and test/unit/copy-writers.test.ts compares the two where it does not.
 */

import type { CopyWriter } from './copy-writer.js';
import { writeUnsignedInteger } from './digits.js';

/** The reference string encoder of a column's shape (cell-encoders.ts). */
export type Reference = (value: unknown) => string;

const T = 0x74; // 't'
const F = 0x66; // 'f'
const BACKSLASH = 0x5c;
const X = 0x78;
const DASH = 0x2d;
const DOT = 0x2e;

/** Byte pairs of the lower-case hex digits of 0..255. */
const HEX = Buffer.from(Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0')).join(''), 'latin1');

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function writeBoolean(value: unknown, w: CopyWriter, reference: Reference): void {
  if (value === true || value === false) {
    w.reserve(1);
    w.byte(value ? T : F);
  } else {
    w.ascii(reference(value)); // throws the shape mismatch
  }
}

export function writeInteger(value: unknown, w: CopyWriter, reference: Reference): void {
  if (typeof value === 'number' && Number.isSafeInteger(value)) writeSigned(value, w);
  else w.ascii(reference(value));
}

function writeSigned(value: number, w: CopyWriter): void {
  w.reserve(17);
  if (value < 0) {
    w.byte(DASH);
    writeUnsignedInteger(-value, w);
  } else {
    writeUnsignedInteger(value, w); // also -0, written as 0 like String(-0)
  }
}

/**
 * Copies `s` while checking that it is `-?` and then 1..maxDigits ASCII digits; on a mismatch
 * it rewinds and returns false.
 */
function copySignedDigits(s: string, maxDigits: number, w: CopyWriter): boolean {
  const length = s.length;
  const first = length > 0 && s.charCodeAt(0) === DASH ? 1 : 0;
  if (length <= first || length - first > maxDigits) return false;
  w.reserve(length);
  const buf = w.buf;
  const start = w.pos;
  if (first === 1) buf[start] = DASH;
  for (let i = first; i < length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return false;
    buf[start + i] = c;
  }
  w.pos = start + length;
  return true;
}

/** bigint-text: `-?\d{1,19}`. */
export function writeBigintText(value: unknown, w: CopyWriter, reference: Reference): void {
  if (typeof value !== 'string' || !copySignedDigits(value, 19, w)) w.ascii(reference(value));
}

/** decimal-text: `-?(\d+(\.\d+)?|\.\d+)`, copied while it is checked. */
function copyDecimalText(s: string, w: CopyWriter): boolean {
  const length = s.length;
  w.reserve(length);
  const buf = w.buf;
  const start = w.pos;
  let i = 0;
  if (length > 0 && s.charCodeAt(0) === DASH) buf[start + i++] = DASH;
  const intStart = i;
  // Bounds checked before each charCodeAt: reading past the end would deoptimise the loop.
  for (; i < length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) break;
    buf[start + i] = c;
  }
  if (i < length) {
    if (s.charCodeAt(i) !== DOT) return false;
    buf[start + i++] = DOT;
    const fracStart = i;
    for (; i < length; i++) {
      const c = s.charCodeAt(i);
      if (!isDigit(c)) return false;
      buf[start + i] = c;
    }
    if (i === fracStart) return false;
  } else if (i === intStart) {
    return false;
  }
  w.pos = start + length;
  return true;
}

export function writeDecimalText(value: unknown, w: CopyWriter, reference: Reference): void {
  if (typeof value !== 'string' || !copyDecimalText(value, w)) w.ascii(reference(value));
}

/** Integral doubles below 1e15 print as plain digits in String(n): write them without a string. */
export function writeFloat(value: unknown, w: CopyWriter, reference: Reference): void {
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e15 && !Object.is(value, -0)) {
    writeSigned(value, w);
  } else {
    w.ascii(reference(value));
  }
}

export function writeBinary(value: unknown, w: CopyWriter, reference: Reference): void {
  if (!Buffer.isBuffer(value)) {
    w.ascii(reference(value));
    return;
  }
  const length = value.length;
  w.reserve(3 + 2 * length);
  const buf = w.buf;
  let pos = w.pos;
  buf[pos++] = BACKSLASH;
  buf[pos++] = BACKSLASH;
  buf[pos++] = X;
  for (let i = 0; i < length; i++) {
    const h = value[i]! << 1;
    buf[pos++] = HEX[h]!;
    buf[pos++] = HEX[h + 1]!;
  }
  w.pos = pos;
}

/** Any UTF-16 code unit → its lower-case hex digit, `-` for `-`, 0 for anything else (64 KiB: no range check per character). */
const UUID_CHARS = (() => {
  const table = new Uint8Array(65536);
  for (const c of '0123456789abcdef-') table[c.charCodeAt(0)] = c.charCodeAt(0);
  for (const c of 'ABCDEF') table[c.charCodeAt(0)] = c.toLowerCase().charCodeAt(0);
  return table;
})();

/** The 8 (or 4, 12) hex digits of s[from, to) written lower-case at buf[at...]; false at anything else. */
function copyHexRun(s: string, from: number, to: number, buf: Buffer, at: number): boolean {
  for (let i = from; i < to; i++) {
    const out = UUID_CHARS[s.charCodeAt(i)]!;
    if (out === 0 || out === DASH) return false;
    buf[at + i] = out;
  }
  return true;
}

/** uuid: 8-4-4-4-12 hex digits, written lower-case as they are checked. */
function copyUuid(s: string, w: CopyWriter): boolean {
  if (s.length !== 36) return false;
  w.reserve(36);
  const buf = w.buf;
  const p = w.pos;
  if (
    s.charCodeAt(8) !== DASH ||
    s.charCodeAt(13) !== DASH ||
    s.charCodeAt(18) !== DASH ||
    s.charCodeAt(23) !== DASH ||
    !copyHexRun(s, 0, 8, buf, p) ||
    !copyHexRun(s, 9, 13, buf, p) ||
    !copyHexRun(s, 14, 18, buf, p) ||
    !copyHexRun(s, 19, 23, buf, p) ||
    !copyHexRun(s, 24, 36, buf, p)
  ) {
    return false;
  }
  buf[p + 8] = DASH;
  buf[p + 13] = DASH;
  buf[p + 18] = DASH;
  buf[p + 23] = DASH;
  w.pos = p + 36;
  return true;
}

export function writeUuid(value: unknown, w: CopyWriter, reference: Reference): void {
  if (typeof value !== 'string' || !copyUuid(value, w)) w.ascii(reference(value));
}
