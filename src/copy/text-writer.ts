/**
 * The text field writer: COPY TEXT escaping and UTF-8 encoding in one pass over the string,
 * for the common case of short, well-formed text without U+0000. A long string, or one holding
 * U+0000 or a lone surrogate, goes to the reference encoder (text-escape.ts), which applies
 * the NUL and surrogate policies and owns their error messages; a long string that needs no
 * rewriting comes back unchanged from it and is written by Buffer's native UTF-8 encoder.
 */

import type { CopyWriter } from './copy-writer.js';

/** Beyond this many UTF-16 units the native regex checks and UTF-8 writer beat a JS loop. */
const SHORT_TEXT = 256;
const BACKSLASH = 0x5c;

export function writeText(value: unknown, w: CopyWriter, reference: (value: unknown) => string): void {
  if (typeof value !== 'string' || value.length > SHORT_TEXT || !writeShortText(value, w)) {
    w.utf8(reference(value));
  }
}

/**
 * Writes the escaped UTF-8 of `s`, or writes nothing and returns false when it meets U+0000 or
 * a lone surrogate. Worst case 3 bytes per UTF-16 unit: an escape is 2, a BMP character at
 * most 3, a surrogate pair 4 for 2 units.
 */
function writeShortText(s: string, w: CopyWriter): boolean {
  const length = s.length;
  w.reserve(length * 3);
  const buf = w.buf;
  let pos = w.pos;
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== BACKSLASH) {
        buf[pos++] = c;
      } else if (c === BACKSLASH) {
        buf[pos++] = BACKSLASH;
        buf[pos++] = BACKSLASH;
      } else if (c === 0x09) {
        buf[pos++] = BACKSLASH;
        buf[pos++] = 0x74; // t
      } else if (c === 0x0a) {
        buf[pos++] = BACKSLASH;
        buf[pos++] = 0x6e; // n
      } else if (c === 0x0d) {
        buf[pos++] = BACKSLASH;
        buf[pos++] = 0x72; // r
      } else if (c === 0) {
        return false;
      } else {
        buf[pos++] = c; // other control characters pass through
      }
    } else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      buf[pos++] = 0xe0 | (c >> 12);
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else {
      const next = s.charCodeAt(i + 1); // NaN past the end
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
      const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
      buf[pos++] = 0xf0 | (cp >> 18);
      buf[pos++] = 0x80 | ((cp >> 12) & 0x3f);
      buf[pos++] = 0x80 | ((cp >> 6) & 0x3f);
      buf[pos++] = 0x80 | (cp & 0x3f);
      i++;
    }
  }
  w.pos = pos;
  return true;
}
