/**
 * Values that may be larger than anything we want to hold at once: PLP values (MS-TDS
 * 2.2.5.2.3: an 8-byte total length, then chunks of a 4-byte length and data, ended by a
 * zero-length chunk) and text/ntext/image (2.2.4.2.1.3: a text pointer, an 8-byte timestamp,
 * a 4-byte length, the data). They are written piece by piece as the bytes arrive, so a
 * 100 MB nvarchar(max) never sits in memory whole, and chunks of COPY text can be handed on in
 * the middle of it (`paused`). The one exception is a double-byte code page, whose value is
 * collected and decoded whole by iconv-lite, as tedious decodes it.
 */
import type { CopyWriter } from '../../copy/copy-writer.js';
import type { SbcsTable } from './code-page.js';
import { iconvDecode } from './code-page.js';
import { writeHexPiece, writeHexPrefix } from './binary-writers.js';
import { Content, Kind } from './column-plan.js';
import { TextState, type TextPolicy } from './text-policy.js';
import { finishSbcs, finishUtf16, finishUtf8, writeSbcsPiece, writeUtf16Piece, writeUtf8Piece } from './text-writers.js';

const enum Phase {
  Start,
  ChunkLength,
  Data,
}

const TWO_32 = 4294967296;
const ALL_ONES = 0xffffffff;
const NULL_FIELD = 0x5c4e; // \N, big-endian in a 16-bit write

export class StreamedValue {
  /** After feed(): the value ended (NULL included). */
  done = false;
  /** After feed(): the output reached the pause mark in the middle of the value. */
  paused = false;
  /** After feed() returned without done or paused: bytes needed from the returned position. */
  need = 1;
  private phase = Phase.Start;
  private remaining = 0;
  /** PLP total length as announced, -1 when unknown (PLP_UNKNOWN). */
  private total = -1;
  private seen = 0;
  private parts: Buffer[] = [];
  private codePage: string | null = null;
  private readonly text = new TextState();

  constructor(
    private readonly policy: TextPolicy,
    private readonly pauseAt: number,
  ) {}

  /** Whether a value has begun (its header read): a resumed row must not write its tab again. */
  get started(): boolean {
    return this.phase !== Phase.Start;
  }

  /**
   * Decodes from src[p, end) into w; returns the position reached. `kind` is Kind.Plp or
   * Kind.Lob; `content` what the bytes are.
   */
  feed(kind: Kind, content: Content, table: SbcsTable | null, codePage: string | null, src: Buffer, p: number, end: number, w: CopyWriter): number {
    this.done = false;
    this.paused = false;
    if (this.phase === Phase.Start) {
      if (kind === Kind.Plp) {
        if (p + 8 > end) return this.wait(8, p);
        const lo = src.readUInt32LE(p);
        const hi = src.readUInt32LE(p + 4);
        p += 8;
        if (lo === ALL_ONES && hi === ALL_ONES) return this.writeNull(w, p);
        this.total = hi === ALL_ONES && lo === ALL_ONES - 1 ? -1 : hi * TWO_32 + lo;
        this.seen = 0;
        this.phase = Phase.ChunkLength;
      } else {
        if (p + 1 > end) return this.wait(1, p);
        const pointer = src[p]!;
        if (pointer === 0) return this.writeNull(w, p + 1);
        const header = 1 + pointer + 8 + 4;
        if (p + header > end) return this.wait(header, p);
        this.remaining = src.readUInt32LE(p + 1 + pointer + 8);
        p += header;
        this.phase = Phase.Data;
      }
      this.begin(content, codePage, w);
    }
    for (;;) {
      if (this.phase === Phase.ChunkLength) {
        if (p + 4 > end) return this.wait(4, p);
        const length = src.readUInt32LE(p);
        p += 4;
        if (length === 0) {
          if (this.total >= 0 && this.seen !== this.total) {
            throw new Error(`PLP value of ${this.seen} bytes where ${this.total} were announced (a broken TDS stream)`);
          }
          return this.finish(content, w, p);
        }
        this.remaining = length;
        this.phase = Phase.Data;
      }
      if (this.remaining > 0) {
        if (p >= end) return this.wait(1, p);
        const take = Math.min(this.remaining, end - p);
        this.piece(content, table, src, p, p + take, w);
        p += take;
        this.remaining -= take;
        this.seen += take;
      }
      if (this.remaining === 0) {
        if (kind === Kind.Lob) return this.finish(content, w, p);
        this.phase = Phase.ChunkLength;
      }
      if (w.pos >= this.pauseAt) {
        this.paused = true;
        return p;
      }
    }
  }

  private wait(bytes: number, p: number): number {
    this.need = bytes;
    return p;
  }

  private writeNull(w: CopyWriter, p: number): number {
    w.reserve(2);
    w.buf.writeUInt16BE(NULL_FIELD, w.pos);
    w.pos += 2;
    this.done = true;
    this.phase = Phase.Start;
    return p;
  }

  private begin(content: Content, codePage: string | null, w: CopyWriter): void {
    if (content === Content.Binary) writeHexPrefix(w);
    else if (content === Content.Iconv) {
      this.parts = [];
      this.codePage = codePage;
    } else this.text.reset();
  }

  private piece(content: Content, table: SbcsTable | null, src: Buffer, p: number, q: number, w: CopyWriter): void {
    switch (content) {
      case Content.Binary:
        return writeHexPiece(src, p, q, w);
      case Content.Utf16:
        return writeUtf16Piece(src, p, q, w, this.text, this.policy);
      case Content.Sbcs:
        return writeSbcsPiece(src, p, q, table!, w, this.text, this.policy);
      case Content.Utf8:
        return writeUtf8Piece(src, p, q, w, this.text, this.policy);
      default:
        this.parts.push(Buffer.from(src.subarray(p, q)));
    }
  }

  private finish(content: Content, w: CopyWriter, p: number): number {
    this.phase = Phase.Start;
    this.done = true;
    if (content === Content.Utf16) finishUtf16(w, this.text, this.policy);
    else if (content === Content.Sbcs) finishSbcs(this.text);
    else if (content === Content.Utf8) finishUtf8(w, this.text);
    else if (content === Content.Iconv) this.finishIconv(w);
    return p;
  }

  private finishIconv(w: CopyWriter): void {
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    w.utf8(this.policy.reference(iconvDecode(bytes, this.codePage!)));
  }

  /** Forgets a value in progress (the row decoder drops the rest of a failed response). */
  reset(): void {
    this.phase = Phase.Start;
    this.parts = [];
    this.done = false;
    this.paused = false;
  }
}
