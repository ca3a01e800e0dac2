/**
 * A growable byte buffer that COPY fields are written into directly, so encoding a row costs no
 * per-value strings and no per-row Buffer: ASCII goes in byte by byte from `charCodeAt`, long
 * strings through Buffer's native UTF-8 writer.
 *
 * Callers `reserve(n)` before writing up to n bytes with the unchecked `byte`/`ascii` methods;
 * `ascii`/`utf8` reserve for themselves. `take()` hands the written bytes over and starts a
 * fresh buffer: a yielded chunk may still sit in a socket's write queue, so it is never reused.
 */

/** Strings at least this long go through Buffer's native writer (a call costs more than a short loop). */
const NATIVE_WRITE_MIN = 64;
/** Strings longer than this reserve their exact UTF-8 size (one extra native scan) instead of the worst case. */
const EXACT_SIZE_MIN = 16 * 1024;

export class CopyWriter {
  buf: Buffer;
  pos = 0;

  constructor(private readonly initialCapacity: number) {
    this.buf = Buffer.allocUnsafeSlow(initialCapacity);
  }

  /** Makes room for n more bytes (copying what was written into a larger buffer if needed). */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** One byte; the caller reserved room. */
  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  /** A string known to hold only code units below 0x80, e.g. digits; reserves for itself. */
  ascii(s: string): void {
    const length = s.length;
    if (length >= NATIVE_WRITE_MIN) {
      this.reserve(length);
      this.pos += this.buf.write(s, this.pos, length, 'latin1');
      return;
    }
    this.reserve(length);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < length; i++) buf[pos++] = s.charCodeAt(i);
    this.pos = pos;
  }

  /**
   * Any well-formed string as UTF-8; reserves for itself: 3 bytes per UTF-16 unit at most, or
   * for a long string its exact size, so a 100 MB value does not reserve 300 MB.
   */
  utf8(s: string): void {
    this.reserve(s.length <= EXACT_SIZE_MIN ? s.length * 3 : Buffer.byteLength(s, 'utf8'));
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** Hands over everything written so far and starts a new buffer. */
  take(): Buffer {
    const chunk = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafeSlow(this.initialCapacity);
    this.pos = 0;
    return chunk;
  }
}
