/**
 * The token stream of one response (MS-TDS 2.2.7), pushed in as payload bytes cut anywhere,
 * decoded into chunks of COPY TEXT. Synchronous and pull-driven: `run()` decodes as far as the
 * bytes at hand allow and says why it stopped, so the async edges (decode-copy-chunks.ts, and
 * the tedious takeover) decide when to read on; a caller that does not read on holds the
 * socket back.
 *
 * What a response may hold, and what becomes of it:
 *   - COLMETADATA: one writer per column, or a fallback (column-plan.ts), before any row;
 *   - ROW, NBCROW: COPY lines (row-decoder.ts); their count is checked against the DONE count;
 *   - DONE, DONEINPROC, DONEPROC: the end of a statement; the error bit without an ERROR token
 *     fails like tedious ('An unknown error has occurred.'); no MORE bit ends the response;
 *   - ERROR: thrown at once as a TdsServerError (the caller's COPY fails and rolls back);
 *   - INFO, ENVCHANGE, ORDER, COLINFO, TABNAME, RETURNSTATUS: skipped here, handed raw to
 *     `onToken` so the connection can act on them (tedious's own handler does);
 *   - any other token: a fallback before COLMETADATA, a loud error after it.
 * Decoding never guesses: a stream that breaks these rules fails with an error, never with
 * different bytes.
 */
import { CopyWriter } from '../../copy/copy-writer.js';
import { UnrepresentableValueError, ValueShapeError, type CopyValueError } from '../../copy/errors.js';
import { parseColMetadata, type TdsColumn } from './column-metadata.js';
import { planColumns, type ColumnPlan } from './column-plan.js';
import { describeRowPrefix } from './row-prefix.js';
import { ColumnFailure, RowDecoder } from './row-decoder.js';
import { parseServerMessage, TdsServerError, unknownServerError } from './server-error.js';
import type { TextPolicy } from './text-policy.js';
import { DONE_TOKEN_BYTES, DoneStatus, Token } from './tokens.js';

export const enum Step {
  /** Push more bytes (or call end() when there are none). */
  NeedInput,
  /** COLMETADATA was read: `plan` is set, or `fallback` says why the decoder cannot read this response. */
  Columns,
  /** A chunk is ready: take() it, then run() again. */
  Chunk,
  /** The response's last DONE was read: take() what is left, then end(). */
  End,
}

export interface TokenDecoderOptions {
  readonly policy: TextPolicy;
  /** Target chunk size: a chunk is handed on once it holds at least this many bytes. */
  readonly chunkBytes: number;
  /** Row index of the first row, for error messages (0 unless resuming part-way). */
  readonly startRowIndex?: number;
  /** Each token other than COLMETADATA, ROW and NBCROW, as its raw bytes, before it is acted on. */
  readonly onToken?: (bytes: Buffer) => void;
}

export interface CopyChunk {
  readonly bytes: Buffer;
  /** Complete rows in the chunk (a chunk may end inside a huge row's streamed value). */
  readonly rows: number;
}

const enum Phase {
  BeforeColumns,
  Rows,
  AfterRows,
  Finished,
}

const EMPTY = Buffer.alloc(0);
/** Room beyond chunkBytes, so the row that crosses it rarely makes the buffer grow. */
const SLACK_BYTES = 16 * 1024;

export class TokenDecoder {
  plan: ColumnPlan | null = null;
  columns: readonly TdsColumn[] = [];
  fallback: string | null = null;
  /** Rows decoded so far. */
  rowCount = 0;
  private phase = Phase.BeforeColumns;
  private buf: Buffer = EMPTY;
  private pos = 0;
  private end = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private need = 1;
  private rows: RowDecoder | null = null;
  private rowsInChunk = 0;
  private readonly w: CopyWriter;

  constructor(private readonly options: TokenDecoderOptions) {
    this.w = new CopyWriter(options.chunkBytes + Math.min(options.chunkBytes, SLACK_BYTES));
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
  }

  /** Joins pending bytes to the unread ones once there are enough to make progress. */
  private fill(): boolean {
    const left = this.end - this.pos;
    if (left + this.pendingBytes < this.need || this.pendingBytes === 0) return false;
    if (left === 0 && this.pending.length === 1) {
      this.buf = this.pending[0]!;
    } else {
      if (left > 0) this.pending.unshift(this.buf.subarray(this.pos, this.end));
      this.buf = Buffer.concat(this.pending, left + this.pendingBytes);
    }
    this.pos = 0;
    this.end = this.buf.length;
    this.pending = [];
    this.pendingBytes = 0;
    return true;
  }

  run(): Step {
    for (;;) {
      if (this.end - this.pos < this.need && !this.fill()) return Step.NeedInput;
      this.need = 1;
      if (this.phase === Phase.Rows) {
        const step = this.decodeRows();
        if (step !== null) return step;
      }
      const step = this.readToken();
      if (step !== null) return step;
    }
  }

  /** Rows until a token that is not a row; null then, else why it stopped. */
  private decodeRows(): Step | null {
    const rows = this.rows!;
    const buf = this.buf;
    const end = this.end;
    const w = this.w;
    const chunkBytes = this.options.chunkBytes;
    let p = this.pos;
    for (;;) {
      if (rows.inRow) {
        try {
          p = rows.resume(buf, p, end, w);
        } catch (error) {
          throw error instanceof ColumnFailure ? this.valueError(error) : error;
        }
        if (rows.inRow) {
          this.pos = p;
          if (rows.paused) return Step.Chunk;
          this.need = rows.need;
          return Step.NeedInput;
        }
        this.rowCount++;
        this.rowsInChunk++;
        if (w.pos >= chunkBytes) {
          this.pos = p;
          return Step.Chunk;
        }
      }
      if (p >= end) {
        this.pos = p;
        return Step.NeedInput;
      }
      const token = buf[p];
      if (token === Token.ROW) {
        rows.start(false, buf, p + 1, w);
        p += 1;
      } else if (token === Token.NBCROW) {
        const bitmap = rows.bitmapBytes;
        if (p + 1 + bitmap > end) {
          this.pos = p;
          this.need = 1 + bitmap;
          return Step.NeedInput;
        }
        rows.start(true, buf, p + 1, w);
        p += 1 + bitmap;
      } else {
        this.pos = p;
        return null;
      }
    }
  }

  /** One token at this.pos that is not a row; null to go on decoding, else a step to report. */
  private readToken(): Step | null {
    const buf = this.buf;
    const p = this.pos;
    const token = buf[p]!;
    switch (token) {
      case Token.COLMETADATA:
        return this.readColMetadata();
      case Token.DONE:
      case Token.DONEPROC:
      case Token.DONEINPROC:
        return this.withToken(DONE_TOKEN_BYTES, () => this.done(token, buf.readUInt16LE(p + 1), buf.readUInt32LE(p + 5) + buf.readUInt32LE(p + 9) * 4294967296));
      case Token.RETURNSTATUS:
        return this.withToken(5, () => null);
      case Token.ERROR:
      case Token.INFO:
      case Token.ENVCHANGE:
      case Token.ORDER:
      case Token.COLINFO:
      case Token.TABNAME: {
        if (p + 3 > this.end) {
          this.need = 3;
          return Step.NeedInput;
        }
        const length = 3 + buf.readUInt16LE(p + 1);
        return this.withToken(length, () => {
          if (token === Token.ERROR) throw new TdsServerError(parseServerMessage(buf, p + 3, p + length));
          return null;
        });
      }
      case Token.ROW:
      case Token.NBCROW:
        throw new Error('a row before its COLMETADATA (a broken TDS stream)');
      default:
        return this.unexpected(`TDS token 0x${token.toString(16)}`);
    }
  }

  /** Runs `act` once the whole `length`-byte token is here, after handing it to onToken. */
  private withToken(length: number, act: () => Step | null): Step | null {
    const p = this.pos;
    if (p + length > this.end) {
      this.need = length;
      return Step.NeedInput;
    }
    this.options.onToken?.(this.buf.subarray(p, p + length));
    this.pos = p + length;
    return act();
  }

  private unexpected(what: string): Step {
    if (this.phase === Phase.BeforeColumns) {
      this.fallback = `the response holds ${what}, which the decoder does not read`;
      return Step.Columns;
    }
    throw new Error(`unexpected ${what} after the result set's COLMETADATA (a TDS stream the decoder cannot read)`);
  }

  private readColMetadata(): Step | null {
    if (this.phase !== Phase.BeforeColumns) throw new Error('a second result set (COLMETADATA) in the response of one SELECT');
    const result = parseColMetadata(this.buf, this.pos + 1, this.end);
    if (result.kind === 'incomplete') {
      this.need = this.end - this.pos + 1;
      return Step.NeedInput;
    }
    if (result.kind === 'unsupported') {
      this.fallback = result.reason;
      return Step.Columns;
    }
    this.pos = result.end;
    this.columns = result.columns;
    const plan = planColumns(result.columns);
    if ('unsupported' in plan) {
      this.fallback = plan.unsupported;
      return Step.Columns;
    }
    this.plan = plan;
    this.rows = new RowDecoder(plan, this.options.policy, this.options.chunkBytes);
    this.phase = Phase.Rows;
    return Step.Columns;
  }

  private done(token: number, status: number, count: number): Step | null {
    if (status & DoneStatus.ERROR) throw unknownServerError();
    if (this.phase === Phase.Rows) {
      if (status & DoneStatus.COUNT && count !== this.rowCount) {
        throw new Error(`SQL Server counted ${count} rows but the response held ${this.rowCount} (a broken TDS stream)`);
      }
      this.phase = Phase.AfterRows;
    }
    const last = (status & DoneStatus.MORE) === 0 && token !== Token.DONEINPROC;
    if (!last) return null;
    this.phase = Phase.Finished;
    return Step.End;
  }

  /** The chunk written so far and its complete rows; the writer starts a new buffer. */
  take(): CopyChunk {
    const rows = this.rowsInChunk;
    this.rowsInChunk = 0;
    if (this.rows?.inRow) this.rows.rowStart = -1;
    return { bytes: this.w.take(), rows };
  }

  /** Bytes written and not yet taken. */
  get buffered(): number {
    return this.w.pos;
  }

  /** The input has ended: it must have ended with the response. */
  finish(): void {
    if (this.phase !== Phase.Finished) throw new Error('the response ended before its final DONE token (a broken TDS stream)');
    if (this.end > this.pos || this.pendingBytes > 0) throw new Error('bytes after the final DONE token (a broken TDS stream)');
  }

  private valueError(failure: ColumnFailure): CopyValueError {
    const plan = this.plan!;
    const column = failure.column;
    const details = {
      column: plan.columns[column]!.name,
      shape: plan.shapes[column]!,
      rowIndex: (this.options.startRowIndex ?? 0) + this.rowCount,
      row: describeRowPrefix(this.w.buf, this.rows!.rowStart, this.w.pos, column, plan.columns.length),
      problem: failure.failure.problem,
      reason: failure.failure.reason,
    };
    const unrepresentable = details.problem === 'nul-character' || details.problem === 'lone-surrogate';
    return unrepresentable ? new UnrepresentableValueError(details, { cause: failure.failure }) : new ValueShapeError(details, { cause: failure.failure });
  }
}
