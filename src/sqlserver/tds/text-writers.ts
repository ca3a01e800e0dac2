/**
 * Text bytes from the wire → the escaped UTF-8 of a COPY TEXT field, written straight into the
 * CopyWriter, one piece at a time (a whole value, or one PLP chunk of it). Escaping is today's
 * (src/copy/text-writer.ts): backslash, tab, newline and carriage return; every other
 * character, control characters included, passes through. NUL and lone surrogates follow the
 * policy (text-policy.ts). Call `finish*` once after the value's last piece.
 *
 * The pieces of one value may split a UTF-16 code unit, a surrogate pair or a UTF-8 sequence
 * anywhere: TextState carries what is left over.
 */
import type { CopyWriter } from '../../copy/copy-writer.js';
import type { SbcsTable } from './code-page.js';
import { loneSurrogateFailure, maxBytesPerUnit, NulMode, nulFailure, type TextPolicy, type TextState } from './text-policy.js';

const BACKSLASH = 0x5c;

/**
 * Writes one ASCII character with COPY TEXT escaping at w.pos (room reserved); returns the new
 * position. NUL is left to the caller.
 */
function writeAsciiSpecial(c: number, buf: Buffer, pos: number): number {
  buf[pos++] = BACKSLASH;
  buf[pos++] = c === BACKSLASH ? BACKSLASH : c === 0x09 ? 0x74 : c === 0x0a ? 0x6e : 0x72;
  return pos;
}

/** Whether an ASCII character needs the escape above. */
function isSpecial(c: number): boolean {
  return c === BACKSLASH || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** U+0000 at unit `index`: stripped, replaced, or remembered for the error at the end. */
function writeNul(policy: TextPolicy, st: TextState, index: number, buf: Buffer, pos: number): number {
  if (policy.nulMode === NulMode.Strip) return pos;
  if (policy.nulMode === NulMode.Replace) {
    const r = policy.nulReplacement;
    for (let k = 0; k < r.length; k++) buf[pos++] = r[k]!;
    return pos;
  }
  if (st.nulAt < 0) st.nulAt = index;
  return pos;
}

/** A lone surrogate at unit `index`: U+FFFD, or today's failure. */
function writeLone(policy: TextPolicy, codeUnit: number, index: number, buf: Buffer, pos: number): number {
  if (!policy.replaceSurrogates) throw loneSurrogateFailure(codeUnit, index);
  buf[pos++] = 0xef;
  buf[pos++] = 0xbf;
  buf[pos++] = 0xbd;
  return pos;
}

/** One piece of a UTF-16LE value (nchar, nvarchar, ntext, xml), as tedious reads it with toString('ucs2'). */
export function writeUtf16Piece(src: Buffer, start: number, end: number, w: CopyWriter, st: TextState, policy: TextPolicy): void {
  if (start >= end) return;
  w.reserve(((end - start + 2) >> 1) * maxBytesPerUnit(policy) + 8);
  const buf = w.buf;
  let pos = w.pos;
  let i = start;
  let units = st.units;
  if (st.carry >= 0) {
    // The unit split across the previous piece and this one.
    const c = st.carry | (src[i++]! << 8);
    st.carry = -1;
    pos = writeUnitSlowly(c, units++, policy, st, buf, pos);
  }
  while (st.high >= 0 && i + 1 < end) {
    const c = src[i]! | (src[i + 1]! << 8);
    i += 2;
    pos = writeUnitSlowly(c, units++, policy, st, buf, pos);
  }
  for (; i + 1 < end; i += 2) {
    const c = src[i]! | (src[i + 1]! << 8);
    if (c < 0x80) {
      if (c >= 0x20 && c !== BACKSLASH) buf[pos++] = c;
      else if (c === 0) pos = writeNul(policy, st, units, buf, pos);
      else if (isSpecial(c)) pos = writeAsciiSpecial(c, buf, pos);
      else buf[pos++] = c;
    } else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      buf[pos++] = 0xe0 | (c >> 12);
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else if (c <= 0xdbff) {
      if (i + 3 >= end) {
        // The low surrogate, if any, is in the next piece.
        st.high = c;
        st.highAt = units++;
        i += 2;
        break;
      }
      const next = src[i + 2]! | (src[i + 3]! << 8);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pos = writePair(c, next, buf, pos);
        i += 2;
        units++;
      } else {
        pos = writeLone(policy, c, units, buf, pos);
      }
    } else {
      pos = writeLone(policy, c, units, buf, pos);
    }
    units++;
  }
  if (i < end) st.carry = src[i]!;
  st.units = units;
  w.pos = pos;
}

/** One unit at the edge of a piece, where a pending high surrogate (st.high) may pair with it. */
function writeUnitSlowly(c: number, index: number, policy: TextPolicy, st: TextState, buf: Buffer, pos: number): number {
  if (st.high >= 0) {
    const high = st.high;
    st.high = -1;
    if (c >= 0xdc00 && c <= 0xdfff) return writePair(high, c, buf, pos);
    pos = writeLone(policy, high, st.highAt, buf, pos);
  }
  if (c >= 0xd800 && c <= 0xdbff) {
    st.high = c;
    st.highAt = index;
    return pos;
  }
  if (c < 0x80) {
    if (c === 0) return writeNul(policy, st, index, buf, pos);
    if (isSpecial(c)) return writeAsciiSpecial(c, buf, pos);
    buf[pos++] = c;
  } else if (c < 0x800) {
    buf[pos++] = 0xc0 | (c >> 6);
    buf[pos++] = 0x80 | (c & 0x3f);
  } else if (c < 0xd800 || c > 0xdfff) {
    buf[pos++] = 0xe0 | (c >> 12);
    buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
    buf[pos++] = 0x80 | (c & 0x3f);
  } else {
    pos = writeLone(policy, c, index, buf, pos);
  }
  return pos;
}

function writePair(high: number, low: number, buf: Buffer, pos: number): number {
  const cp = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
  buf[pos++] = 0xf0 | (cp >> 18);
  buf[pos++] = 0x80 | ((cp >> 12) & 0x3f);
  buf[pos++] = 0x80 | ((cp >> 6) & 0x3f);
  buf[pos++] = 0x80 | (cp & 0x3f);
  return pos;
}

/**
 * The end of a UTF-16 value: a dangling high surrogate is lone; an odd last byte is dropped,
 * as toString('ucs2') drops it; a NUL under the 'error' policy fails now.
 */
export function finishUtf16(w: CopyWriter, st: TextState, policy: TextPolicy): void {
  if (st.high >= 0) {
    w.reserve(3);
    w.pos = writeLone(policy, st.high, st.highAt, w.buf, w.pos);
    st.high = -1;
  }
  if (st.nulAt >= 0) throw nulFailure(st.nulAt);
}

/** One piece of a char/varchar/text value in a single-byte code page (code-page.ts). */
export function writeSbcsPiece(src: Buffer, start: number, end: number, table: SbcsTable, w: CopyWriter, st: TextState, policy: TextPolicy): void {
  w.reserve((end - start) * maxBytesPerUnit(policy));
  const buf = w.buf;
  let pos = w.pos;
  const chars = table.chars;
  const utf8 = table.utf8;
  const len = table.len;
  const base = st.units - start;
  for (let i = start; i < end; i++) {
    const b = src[i]!;
    const c = chars[b]!;
    if (c < 0x80) {
      if (c >= 0x20 && c !== BACKSLASH) buf[pos++] = c;
      else if (c === 0) pos = writeNul(policy, st, base + i, buf, pos);
      else if (isSpecial(c)) pos = writeAsciiSpecial(c, buf, pos);
      else buf[pos++] = c;
    } else {
      const at = b << 2;
      const n = len[b]!;
      buf[pos++] = utf8[at]!;
      if (n > 1) buf[pos++] = utf8[at + 1]!;
      if (n > 2) buf[pos++] = utf8[at + 2]!;
    }
  }
  st.units += end - start;
  w.pos = pos;
}

/** The end of a single-byte code page value. */
export function finishSbcs(st: TextState): void {
  if (st.nulAt >= 0) throw nulFailure(st.nulAt);
}

/**
 * One piece of a value in a UTF-8 collation, decoded as iconv-lite (and so Node's
 * StringDecoder, the WHATWG decoder) does: every maximal invalid subsequence becomes one
 * U+FFFD, and a BOM as the value's first character is dropped (iconv-lite strips it by
 * default). Valid sequences are re-encoded from their code point, which gives back the same
 * bytes (UTF-8 is canonical).
 */
export function writeUtf8Piece(src: Buffer, start: number, end: number, w: CopyWriter, st: TextState, policy: TextPolicy): void {
  w.reserve((end - start + 1) * maxBytesPerUnit(policy) + 4);
  const buf = w.buf;
  let pos = w.pos;
  for (let i = start; i < end; i++) {
    const b = src[i]!;
    if (st.needed === 0) {
      if (b < 0x80) {
        if (b >= 0x20 && b !== BACKSLASH) buf[pos++] = b;
        else if (b === 0) pos = writeNul(policy, st, st.units, buf, pos);
        else if (isSpecial(b)) pos = writeAsciiSpecial(b, buf, pos);
        else buf[pos++] = b;
        st.units++;
      } else if (b >= 0xc2 && b <= 0xdf) {
        st.needed = 1;
        st.codePoint = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) st.lower = 0xa0;
        else if (b === 0xed) st.upper = 0x9f;
        st.needed = 2;
        st.codePoint = b & 0x0f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) st.lower = 0x90;
        else if (b === 0xf4) st.upper = 0x8f;
        st.needed = 3;
        st.codePoint = b & 0x07;
      } else {
        pos = writeReplacement(buf, pos, st);
      }
      continue;
    }
    if (b < st.lower || b > st.upper) {
      // Not a continuation here: the sequence so far is one U+FFFD and this byte starts over.
      resetSequence(st);
      pos = writeReplacement(buf, pos, st);
      i--;
      continue;
    }
    st.lower = 0x80;
    st.upper = 0xbf;
    st.codePoint = (st.codePoint << 6) | (b & 0x3f);
    if (++st.seen < st.needed) continue;
    const cp = st.codePoint;
    resetSequence(st);
    if (cp === 0xfeff && st.units === 0 && !st.bomDropped) {
      st.bomDropped = true; // iconv-lite's stripBOM: the first character only
      continue;
    }
    pos = writeCodePoint(cp, buf, pos);
    st.units += cp >= 0x10000 ? 2 : 1;
  }
  w.pos = pos;
}

function resetSequence(st: TextState): void {
  st.needed = 0;
  st.seen = 0;
  st.codePoint = 0;
  st.lower = 0x80;
  st.upper = 0xbf;
}

function writeReplacement(buf: Buffer, pos: number, st: TextState): number {
  buf[pos++] = 0xef;
  buf[pos++] = 0xbf;
  buf[pos++] = 0xbd;
  st.units++;
  return pos;
}

/** A code point of 0x80 or more (never a surrogate: the decoder above excludes them). */
function writeCodePoint(cp: number, buf: Buffer, pos: number): number {
  if (cp < 0x800) {
    buf[pos++] = 0xc0 | (cp >> 6);
    buf[pos++] = 0x80 | (cp & 0x3f);
  } else if (cp < 0x10000) {
    buf[pos++] = 0xe0 | (cp >> 12);
    buf[pos++] = 0x80 | ((cp >> 6) & 0x3f);
    buf[pos++] = 0x80 | (cp & 0x3f);
  } else {
    buf[pos++] = 0xf0 | (cp >> 18);
    buf[pos++] = 0x80 | ((cp >> 12) & 0x3f);
    buf[pos++] = 0x80 | ((cp >> 6) & 0x3f);
    buf[pos++] = 0x80 | (cp & 0x3f);
  }
  return pos;
}

/** The end of a UTF-8 value: an unfinished sequence is one U+FFFD (WHATWG end of stream). */
export function finishUtf8(w: CopyWriter, st: TextState): void {
  if (st.needed !== 0) {
    resetSequence(st);
    w.reserve(3);
    w.pos = writeReplacement(w.buf, w.pos, st);
  }
  if (st.nulAt >= 0) throw nulFailure(st.nulAt);
}
