/**
 * Integers, decimals, money and floats from their TDS bytes (MS-TDS 2.2.5.5.1) to COPY text,
 * without a JS value per cell. The text is what today's path writes for the same column:
 *   - integers as String(n) prints them (bigint: tedious's BigInt string);
 *   - decimal/numeric with exactly `scale` digits after the point and a leading `0` below 1,
 *     as SQL Server's CAST(... AS varchar) prints them (the text today's path reads beyond
 *     precision 15) and today's decimal-number writer prints them up to precision 15;
 *   - money/smallmoney as decimal(19,4)/decimal(10,4) text, today's CAST;
 *   - floats in the shortest round-trip form of String(n), `-0` kept (cell-encoders.ts).
 * Magnitudes of 2^53 and beyond (bigint, money, decimal up to 38 digits) are divided into
 * base-10^9 digit groups over 16-bit limbs, exact in double arithmetic (every partial
 * remainder stays below 10^9 · 2^16 < 2^53).
 */
import type { CopyWriter } from '../../copy/copy-writer.js';
import { writePadded, writeUnsignedInteger } from '../../copy/digits.js';

const DASH = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const TWO_32 = 4294967296;
/** hi · 2^32 + lo is below 2^53 (so an exact double) when hi is below this. */
const SAFE_HIGH = 0x200000;

const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** A safe integer with its sign, as String(n); the caller reserved 17 bytes. */
export function writeSafeSigned(n: number, w: CopyWriter): void {
  if (n < 0) {
    w.buf[w.pos++] = DASH;
    writeUnsignedInteger(-n, w);
  } else {
    writeUnsignedInteger(n, w);
  }
}

/**
 * A non-negative safe integer m scaled by 10^-scale with exactly `scale` decimals
 * (`negative` adds a sign unless m is 0); reserves for itself.
 */
export function writeScaled(m: number, scale: number, negative: boolean, w: CopyWriter): void {
  w.reserve(scale + 20);
  if (negative && m !== 0) w.buf[w.pos++] = DASH;
  if (scale === 0) {
    writeUnsignedInteger(m, w);
    return;
  }
  if (scale > 15) {
    // m < 2^53 < 10^16 <= 10^scale: the integer part is 0.
    w.buf[w.pos++] = ZERO;
    w.buf[w.pos++] = DOT;
    for (let i = 16; i < scale; i++) w.buf[w.pos++] = ZERO;
    writePadded(m, 16, w);
    return;
  }
  const f = POW10[scale]!;
  let whole = Math.floor(m / f);
  let frac = m - whole * f;
  // m / f is rounded: correct a quotient that landed on the neighbouring integer.
  if (frac < 0) {
    whole--;
    frac += f;
  } else if (frac >= f) {
    whole++;
    frac -= f;
  }
  writeUnsignedInteger(whole, w);
  w.buf[w.pos++] = DOT;
  writePadded(frac, scale, w);
}

/** Scratch for wide magnitudes: 16-bit limbs (most significant first) and the digits. */
const limbs = new Float64Array(8);
const digits = new Uint8Array(48);

/**
 * An unsigned magnitude of up to 128 bits (32-bit words, least significant first) scaled by
 * 10^-scale, as writeScaled writes it.
 */
export function writeWideScaled(w0: number, w1: number, w2: number, w3: number, scale: number, negative: boolean, w: CopyWriter): void {
  limbs[0] = w3 >>> 16;
  limbs[1] = w3 & 0xffff;
  limbs[2] = w2 >>> 16;
  limbs[3] = w2 & 0xffff;
  limbs[4] = w1 >>> 16;
  limbs[5] = w1 & 0xffff;
  limbs[6] = w0 >>> 16;
  limbs[7] = w0 & 0xffff;
  let end = digits.length;
  let first = 0;
  while (first < 8 && limbs[first] === 0) first++;
  while (first < 8) {
    let rem = 0;
    for (let i = first; i < 8; i++) {
      const cur = rem * 65536 + limbs[i]!;
      const q = Math.floor(cur / 1e9);
      rem = cur - q * 1e9;
      limbs[i] = q;
    }
    while (first < 8 && limbs[first] === 0) first++;
    // Nine digits of this group (leading zeros trimmed below, for the last group).
    for (let k = 0; k < 9; k++) {
      const q = Math.floor(rem / 10);
      digits[--end] = ZERO + (rem - q * 10);
      rem = q;
    }
  }
  while (end < digits.length - 1 && digits[end] === ZERO) end++;
  if (end === digits.length) digits[--end] = ZERO;
  writeDigitsScaled(end, scale, negative, w);
}

/** Writes digits[start..] with a point `scale` digits from the right. */
function writeDigitsScaled(start: number, scale: number, negative: boolean, w: CopyWriter): void {
  const count = digits.length - start;
  w.reserve(count + scale + 4);
  const buf = w.buf;
  let pos = w.pos;
  const isZero = count === 1 && digits[start] === ZERO;
  if (negative && !isZero) buf[pos++] = DASH;
  if (scale === 0) {
    for (let i = start; i < digits.length; i++) buf[pos++] = digits[i]!;
  } else if (count <= scale) {
    buf[pos++] = ZERO;
    buf[pos++] = DOT;
    for (let i = count; i < scale; i++) buf[pos++] = ZERO;
    for (let i = start; i < digits.length; i++) buf[pos++] = digits[i]!;
  } else {
    const point = digits.length - scale;
    for (let i = start; i < point; i++) buf[pos++] = digits[i]!;
    buf[pos++] = DOT;
    for (let i = point; i < digits.length; i++) buf[pos++] = digits[i]!;
  }
  w.pos = pos;
}

/** A signed 64-bit integer (low word unsigned, high word signed) scaled by 10^-scale. */
export function writeInt64Scaled(lo: number, hi: number, scale: number, w: CopyWriter): void {
  if (hi >= -SAFE_HIGH && hi < SAFE_HIGH) {
    const v = hi * TWO_32 + lo;
    writeScaled(Math.abs(v), scale, v < 0, w);
    return;
  }
  if (hi >= 0) {
    writeWideScaled(lo, hi, 0, 0, scale, false, w);
    return;
  }
  // Two's complement negation of the 64 bits.
  const nlo = (~lo + 1) >>> 0;
  const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
  writeWideScaled(nlo, nhi, 0, 0, scale, true, w);
}

/**
 * decimal/numeric (MS-TDS 2.2.5.5.1.6): a sign byte (1 positive, 0 negative) and a
 * little-endian magnitude of 4, 8, 12 or 16 bytes at src[p + 1 ..]; `length` is the value's
 * length byte (5, 9, 13 or 17).
 */
export function writeDecimal(src: Buffer, p: number, length: number, scale: number, w: CopyWriter): void {
  const negative = src[p] !== 1;
  const w0 = src.readUInt32LE(p + 1);
  const w1 = length > 5 ? src.readUInt32LE(p + 5) : 0;
  const w2 = length > 9 ? src.readUInt32LE(p + 9) : 0;
  const w3 = length > 13 ? src.readUInt32LE(p + 13) : 0;
  if (w3 === 0 && w2 === 0 && w1 < SAFE_HIGH) writeScaled(w1 * TWO_32 + w0, scale, negative, w);
  else writeWideScaled(w0, w1, w2, w3, scale, negative, w);
}

/** money (MS-TDS 2.2.5.5.1.4): the high 32 bits first, then the low 32 bits; 4 decimals. */
export function writeMoney(src: Buffer, p: number, w: CopyWriter): void {
  writeInt64Scaled(src.readUInt32LE(p + 4), src.readInt32LE(p), 4, w);
}

/** smallmoney: a 32-bit integer of 1/10,000 units. */
export function writeSmallMoney(src: Buffer, p: number, w: CopyWriter): void {
  const v = src.readInt32LE(p);
  writeScaled(Math.abs(v), 4, v < 0, w);
}

/** bigint: 8 bytes little-endian, two's complement. */
export function writeBigint(src: Buffer, p: number, w: CopyWriter): void {
  writeInt64Scaled(src.readUInt32LE(p), src.readInt32LE(p + 4), 0, w);
}

/**
 * float/real as today's writer prints the double tedious reads (readDoubleLE, or readFloatLE
 * widened exactly): plain digits for integral values below 1e15, else String(v) (the
 * shortest round-trip text, the one per-cell string of the numeric types), `-0` kept.
 */
export function writeDouble(v: number, w: CopyWriter): void {
  if (Number.isInteger(v) && Math.abs(v) < 1e15 && !Object.is(v, -0)) {
    w.reserve(17);
    writeSafeSigned(v, w);
  } else if (Number.isFinite(v)) {
    w.ascii(v === 0 ? '-0' : String(v));
  } else {
    w.ascii(Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');
  }
}
