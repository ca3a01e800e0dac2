/**
 * binary/varbinary/image as bytea hex (`\\x` in COPY TEXT: bytea's `\x` with its backslash
 * escaped) and uniqueidentifier in SQL Server's mixed-endian byte order (MS-TDS 2.2.5.5.1.7:
 * the first three groups are little-endian), lower-case, as today's uuid writer prints
 * tedious's upper-case string.
 */
import type { CopyWriter } from '../../copy/copy-writer.js';

/** Byte pairs of the lower-case hex digits of 0..255. */
const HEX = Buffer.from(Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0')).join(''), 'latin1');
const BACKSLASH = 0x5c;
const DASH = 0x2d;

/** The `\\x` that opens a bytea value. */
export function writeHexPrefix(w: CopyWriter): void {
  w.reserve(3);
  const buf = w.buf;
  buf[w.pos++] = BACKSLASH;
  buf[w.pos++] = BACKSLASH;
  buf[w.pos++] = 0x78; // x
}

/** Hex digits of src[start, end): one piece of a bytea value. */
export function writeHexPiece(src: Buffer, start: number, end: number, w: CopyWriter): void {
  w.reserve(2 * (end - start));
  const buf = w.buf;
  let pos = w.pos;
  for (let i = start; i < end; i++) {
    const h = src[i]! << 1;
    buf[pos++] = HEX[h]!;
    buf[pos++] = HEX[h + 1]!;
  }
  w.pos = pos;
}

/** Byte order of the 16 GUID bytes in the text form, -1 for a dash. */
const GUID_ORDER = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];

export function writeGuid(src: Buffer, p: number, w: CopyWriter): void {
  w.reserve(36);
  const buf = w.buf;
  let pos = w.pos;
  for (let i = 0; i < GUID_ORDER.length; i++) {
    const k = GUID_ORDER[i]!;
    if (k < 0) {
      buf[pos++] = DASH;
    } else {
      const h = src[p + k]! << 1;
      buf[pos++] = HEX[h]!;
      buf[pos++] = HEX[h + 1]!;
    }
  }
  w.pos = pos;
}
