/**
 * ROW and NBCROW (MS-TDS 2.2.7.19 / 2.2.7.15) → one COPY TEXT line: fields separated by a tab,
 * NULL as `\N`, the line ended by `\n`, every value written by its column's writer
 * (column-plan.ts) straight from the wire bytes into the CopyWriter.
 *
 * A row may be cut anywhere by the end of the bytes at hand. The decoder then stops before the
 * column it could not finish (its partial output undone) and resumes there with more bytes;
 * a PLP or text value is continued piece by piece instead (streamed-value.ts). So a row is
 * never parsed twice from its start, and no value is buffered beyond its own size (most are
 * never buffered at all).
 */
import type { CopyWriter } from '../../copy/copy-writer.js';
import { CellEncodeFailure } from '../../copy/errors.js';
import { writeGuid, writeHexPiece, writeHexPrefix } from './binary-writers.js';
import { iconvDecode } from './code-page.js';
import { Content, Kind, type ColumnPlan } from './column-plan.js';
import { writeBigint, writeDecimal, writeDouble, writeMoney, writeSafeSigned, writeSmallMoney } from './number-writers.js';
import { StreamedValue } from './streamed-value.js';
import { writeDate, writeDateTime, writeDateTime2, writeDateTimeOffset, writeSmallDateTime, writeTime } from './temporal-writers.js';
import { TextState, type TextPolicy } from './text-policy.js';
import { finishSbcs, finishUtf16, finishUtf8, writeSbcsPiece, writeUtf16Piece, writeUtf8Piece } from './text-writers.js';
import { USHORT_NULL } from './tokens.js';

const TAB = 0x09;
const NEWLINE = 0x0a;
const NULL_FIELD = 0x5c4e; // \N

/** A failure of one value, with the column it happened in (the token decoder adds the row). */
export class ColumnFailure extends Error {
  constructor(
    readonly column: number,
    readonly failure: CellEncodeFailure,
  ) {
    super(failure.message);
  }
}

export class RowDecoder {
  /** A row is in progress (it stopped at `column` for want of bytes or for a pause). */
  inRow = false;
  /** The output reached the pause mark inside a streamed value: hand the chunk on, then resume. */
  paused = false;
  /** When the row stopped for want of bytes: how many it needs from the position returned. */
  need = 1;
  /** Where the current row's line starts in the writer, -1 once a chunk was taken mid-row. */
  rowStart = 0;
  private column = 0;
  private nbc = false;
  private readonly bitmap: Uint8Array;
  private readonly text = new TextState();
  private readonly streamed: StreamedValue;
  private readonly count: number;

  constructor(
    private readonly plan: ColumnPlan,
    private readonly policy: TextPolicy,
    pauseAt: number,
  ) {
    this.count = plan.kinds.length;
    this.bitmap = new Uint8Array((this.count + 7) >> 3);
    this.streamed = new StreamedValue(policy, pauseAt);
  }

  /** Bytes of an NBCROW's null bitmap. */
  get bitmapBytes(): number {
    return this.bitmap.length;
  }

  /** Starts a row; for NBCROW, its bitmap is at src[p, p + bitmapBytes). */
  start(nbc: boolean, src: Buffer, p: number, w: CopyWriter): void {
    this.inRow = true;
    this.column = 0;
    this.nbc = nbc;
    this.rowStart = w.pos;
    if (nbc) for (let i = 0; i < this.bitmap.length; i++) this.bitmap[i] = src[p + i]!;
  }

  /** Forgets the row in progress (the rest of a failed response is dropped). */
  abandon(): void {
    this.inRow = false;
    this.paused = false;
    this.streamed.reset();
  }

  /**
   * Decodes the current row from src[p, end) into w; returns the position reached. The row is
   * finished when `inRow` is false; otherwise it needs `need` more bytes, or it `paused`.
   */
  resume(src: Buffer, p: number, end: number, w: CopyWriter): number {
    const kinds = this.plan.kinds;
    const scales = this.plan.scales;
    const count = this.count;
    const nbc = this.nbc;
    const bitmap = this.bitmap;
    this.paused = false;
    let c = this.column;
    try {
      for (; c < count; c++) {
        const kind = kinds[c]!;
        const outStart = w.pos;
        const resuming = kind >= Kind.Plp && this.streamed.started;
        if (!resuming) {
          w.reserve(48);
          if (c > 0) w.buf[w.pos++] = TAB;
          if (nbc && (bitmap[c >> 3]! & (1 << (c & 7))) !== 0) {
            w.buf.writeUInt16BE(NULL_FIELD, w.pos);
            w.pos += 2;
            continue;
          }
        }
        let q: number;
        switch (kind) {
          case Kind.Int4:
            if (p + 4 > end) return this.stop(c, 4, p, w, outStart);
            writeSafeSigned(src.readInt32LE(p), w);
            p += 4;
            continue;
          case Kind.IntN:
            q = this.lengthByte(src, p, end);
            if (q < 0) return this.stop(c, this.need, p, w, outStart);
            this.writeIntN(src, p + 1, q, w);
            p += 1 + q;
            continue;
          case Kind.Decimal:
            q = this.lengthByte(src, p, end);
            if (q < 0) return this.stop(c, this.need, p, w, outStart);
            if (q === 0) this.writeNull(w);
            else if (q === 5 || q === 9 || q === 13 || q === 17) writeDecimal(src, p + 1, q, scales[c]!, w);
            else throw new Error(`decimal value of ${q} bytes (a broken TDS stream)`);
            p += 1 + q;
            continue;
          case Kind.Short:
            if (p + 2 > end) return this.stop(c, 2, p, w, outStart);
            q = src.readUInt16LE(p);
            if (q === USHORT_NULL) {
              this.writeNull(w);
              p += 2;
              continue;
            }
            if (p + 2 + q > end) return this.stop(c, 2 + q, p, w, outStart);
            this.writeShort(c, src, p + 2, p + 2 + q, w);
            p += 2 + q;
            continue;
          case Kind.Plp:
          case Kind.Lob: {
            const content = this.plan.contents[c]!;
            const streamed = this.streamed;
            p = streamed.feed(kind, content, this.plan.tables[c]!, this.plan.codePages[c]!, src, p, end, w);
            if (streamed.done) continue;
            this.column = c;
            if (streamed.paused) this.paused = true;
            else this.need = streamed.need;
            // Its header not read yet: the tab is written again on resume.
            if (!streamed.started) w.pos = outStart;
            return p;
          }
          default:
            q = this.writeOther(kind, scales[c]!, src, p, end, w);
            if (q < 0) return this.stop(c, this.need, p, w, outStart);
            p = q;
        }
      }
    } catch (error) {
      if (error instanceof CellEncodeFailure) throw new ColumnFailure(c, error);
      throw error;
    }
    w.reserve(1);
    w.buf[w.pos++] = NEWLINE;
    this.inRow = false;
    return p;
  }

  /** Stops before column c, undoing its partial output. */
  private stop(c: number, need: number, p: number, w: CopyWriter, outStart: number): number {
    w.pos = outStart;
    this.column = c;
    this.need = need;
    return p;
  }

  /** The value length after a BYTELEN prefix at src[p], or -1 (and `need`) when it is not all here. */
  private lengthByte(src: Buffer, p: number, end: number): number {
    if (p + 1 > end) {
      this.need = 1;
      return -1;
    }
    const length = src[p]!;
    if (p + 1 + length > end) {
      this.need = 1 + length;
      return -1;
    }
    return length;
  }

  private writeNull(w: CopyWriter): void {
    w.buf.writeUInt16BE(NULL_FIELD, w.pos);
    w.pos += 2;
  }

  private writeIntN(src: Buffer, p: number, length: number, w: CopyWriter): void {
    switch (length) {
      case 0:
        return this.writeNull(w);
      case 1:
        return writeSafeSigned(src[p]!, w);
      case 2:
        return writeSafeSigned(src.readInt16LE(p), w);
      case 4:
        return writeSafeSigned(src.readInt32LE(p), w);
      case 8:
        return writeBigint(src, p, w);
      default:
        throw new Error(`IntN value of ${length} bytes (a broken TDS stream)`);
    }
  }

  /** A USHORTLEN value src[p, q) of column c. */
  private writeShort(c: number, src: Buffer, p: number, q: number, w: CopyWriter): void {
    const st = this.text;
    switch (this.plan.contents[c]) {
      case Content.Binary:
        writeHexPrefix(w);
        return writeHexPiece(src, p, q, w);
      case Content.Utf16:
        st.reset();
        writeUtf16Piece(src, p, q, w, st, this.policy);
        return finishUtf16(w, st, this.policy);
      case Content.Sbcs:
        st.reset();
        writeSbcsPiece(src, p, q, this.plan.tables[c]!, w, st, this.policy);
        return finishSbcs(st);
      case Content.Utf8:
        st.reset();
        writeUtf8Piece(src, p, q, w, st, this.policy);
        return finishUtf8(w, st);
      default:
        return w.utf8(this.policy.reference(iconvDecode(src.subarray(p, q), this.plan.codePages[c]!)));
    }
  }

  /** The fixed and BYTELEN kinds not inlined above; returns the new position or -1 (and `need`). */
  private writeOther(kind: Kind, scale: number, src: Buffer, p: number, end: number, w: CopyWriter): number {
    const fixed = FIXED_BYTES[kind]!;
    if (fixed > 0) {
      if (p + fixed > end) {
        this.need = fixed;
        return -1;
      }
      writeFixed(kind, src, p, w);
      return p + fixed;
    }
    const length = this.lengthByte(src, p, end);
    if (length < 0) return -1;
    if (length === 0) this.writeNull(w);
    else writeByteLen(kind, scale, src, p + 1, length, w);
    return p + 1 + length;
  }
}

/** Value bytes of the fixed-length kinds, 0 for the others. */
const FIXED_BYTES = (() => {
  const bytes = new Uint8Array(32);
  bytes[Kind.Bit] = 1;
  bytes[Kind.Int1] = 1;
  bytes[Kind.Int2] = 2;
  bytes[Kind.Int4] = 4;
  bytes[Kind.Int8] = 8;
  bytes[Kind.Flt4] = 4;
  bytes[Kind.Flt8] = 8;
  bytes[Kind.Money4] = 4;
  bytes[Kind.Money8] = 8;
  bytes[Kind.DateTime4] = 4;
  bytes[Kind.DateTime8] = 8;
  return bytes;
})();

function writeFixed(kind: Kind, src: Buffer, p: number, w: CopyWriter): void {
  switch (kind) {
    case Kind.Bit:
      w.buf[w.pos++] = src[p] !== 0 ? 0x74 : 0x66;
      return;
    case Kind.Int1:
      return writeSafeSigned(src[p]!, w);
    case Kind.Int2:
      return writeSafeSigned(src.readInt16LE(p), w);
    case Kind.Int8:
      return writeBigint(src, p, w);
    case Kind.Flt4:
      return writeDouble(src.readFloatLE(p), w);
    case Kind.Flt8:
      return writeDouble(src.readDoubleLE(p), w);
    case Kind.Money4:
      return writeSmallMoney(src, p, w);
    case Kind.Money8:
      return writeMoney(src, p, w);
    case Kind.DateTime4:
      return writeSmallDateTime(src.readUInt16LE(p), src.readUInt16LE(p + 2), w);
    default:
      return writeDateTime(src.readInt32LE(p), src.readInt32LE(p + 4), w);
  }
}

/** A non-NULL BYTELEN value of `length` bytes at src[p]. */
function writeByteLen(kind: Kind, scale: number, src: Buffer, p: number, length: number, w: CopyWriter): void {
  switch (kind) {
    case Kind.BitN:
      w.buf[w.pos++] = src[p] !== 0 ? 0x74 : 0x66;
      return;
    case Kind.FltN:
      if (length === 4) return writeDouble(src.readFloatLE(p), w);
      if (length === 8) return writeDouble(src.readDoubleLE(p), w);
      break;
    case Kind.MoneyN:
      if (length === 4) return writeSmallMoney(src, p, w);
      if (length === 8) return writeMoney(src, p, w);
      break;
    case Kind.DateTimeN:
      if (length === 4) return writeSmallDateTime(src.readUInt16LE(p), src.readUInt16LE(p + 2), w);
      if (length === 8) return writeDateTime(src.readInt32LE(p), src.readInt32LE(p + 4), w);
      break;
    case Kind.Date:
      if (length === 3) return writeDate(src.readUIntLE(p, 3), w);
      break;
    case Kind.Time:
      if (length >= 3 && length <= 5) return writeTime(src.readUIntLE(p, length) * scale, w);
      break;
    case Kind.DateTime2:
      if (length >= 6 && length <= 8) return writeDateTime2(src.readUIntLE(p + length - 3, 3), src.readUIntLE(p, length - 3) * scale, w);
      break;
    case Kind.DateTimeOffset:
      if (length >= 8 && length <= 10) return writeDateTimeOffset(src.readUIntLE(p + length - 5, 3), src.readUIntLE(p, length - 5) * scale, w);
      break;
    case Kind.Guid:
      if (length === 16) return writeGuid(src, p, w);
      break;
  }
  throw new Error(`a value of ${length} bytes for writer kind ${kind} (a broken TDS stream)`);
}
