/**
 * A streaming mssql Request → an async generator of rows, with backpressure.
 *
 * tedious pushes `row` events as fast as the network delivers them; the consumer (the COPY
 * encoder, itself waiting on Postgres) is often slower. Rows go into a bounded buffer: when
 * it reaches the high-water mark the request is paused (tedious stops reading the socket, so
 * TCP flow control holds SQL Server back), and resumed once the consumer has drained it to
 * the low-water mark. The gap between the two marks avoids a pause/resume per row.
 * When the consumer stops early (break, throw, abort) the request is cancelled in `finally`,
 * which sends an ATTENTION to SQL Server instead of reading the rest of the table.
 */
import { Mssql2pgError } from '../errors.js';

/** The part of mssql's Request that readRows uses: small enough for an EventEmitter fake. */
export interface RowSourceRequest {
  stream: boolean;
  arrayRowMode: boolean;
  on(event: 'row' | 'error' | 'done', listener: (value: unknown) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  cancel(): unknown;
  /** In stream mode mssql reports through events; a returned promise only settles at the end. */
  query(sql: string): unknown;
}

export interface RowBufferLimits {
  readonly highWaterMark: number;
  readonly lowWaterMark: number;
}

export const DEFAULT_ROW_BUFFER: RowBufferLimits = { highWaterMark: 500, lowWaterMark: 100 };

/**
 * One streaming request's rows in a bounded buffer, what both readers below share: rows pushed
 * by tedious, the request paused at the high-water mark, the first error kept, and a waiter
 * woken by every event.
 */
class BufferedRequest {
  rows: unknown[][] = [];
  done = false;
  private paused = false;
  // mssql may emit several errors: the first one is the cause.
  private failure: { readonly error: unknown } | null = null;
  private wake: (() => void) | null = null;
  private readonly onAbort = (): void => this.fail(this.signal?.reason);

  constructor(
    private readonly request: RowSourceRequest,
    sql: string,
    private readonly signal: AbortSignal | undefined,
    limits: RowBufferLimits,
  ) {
    request.stream = true;
    request.arrayRowMode = true; // rows as arrays in SELECT-list order, no per-row object
    request.on('row', (row) => {
      this.rows.push(row as unknown[]);
      if (!this.paused && this.rows.length >= limits.highWaterMark) {
        this.paused = true;
        request.pause();
      }
      this.notify();
    });
    request.on('error', (error) => this.fail(error));
    request.on('done', () => {
      this.done = true;
      this.notify();
    });
    signal?.addEventListener('abort', this.onAbort, { once: true });
    Promise.resolve(request.query(sql)).catch((error: unknown) => this.fail(error));
  }

  throwIfFailed(): void {
    if (this.failure) throw toReadError(this.failure.error, this.signal);
  }

  /** Resumes a paused request once at most `below` rows are left in the buffer. */
  resumeAt(below: number): void {
    if (this.paused && this.rows.length <= below) {
      this.paused = false;
      this.request.resume();
    }
  }

  next(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** After the consumer stopped: an unfinished request is cancelled (an ATTENTION to SQL Server). */
  close(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    if (!this.done) this.request.cancel();
  }

  private fail(error: unknown): void {
    this.failure ??= { error };
    this.notify();
  }

  private notify(): void {
    const resolve = this.wake;
    this.wake = null;
    resolve?.();
  }
}

export async function* readRows(
  request: RowSourceRequest,
  sql: string,
  signal?: AbortSignal,
  limits: RowBufferLimits = DEFAULT_ROW_BUFFER,
): AsyncGenerator<unknown[], void, undefined> {
  signal?.throwIfAborted();
  const stream = new BufferedRequest(request, sql, signal, limits);
  try {
    for (;;) {
      stream.throwIfFailed();
      const row = stream.rows.shift();
      if (row !== undefined) {
        stream.resumeAt(limits.lowWaterMark);
        yield row;
      } else if (stream.done) {
        return;
      } else {
        await stream.next();
      }
    }
  } finally {
    stream.close();
  }
}

function toReadError(error: unknown, signal: AbortSignal | undefined): unknown {
  // An abort is the caller's own decision: rethrow its reason unchanged.
  if (signal?.aborted && error === signal.reason) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new Mssql2pgError(`Reading rows from SQL Server failed: ${message}`, { cause: error });
}

/**
 * The same stream, handed over in batches: each step yields every row buffered so far (at
 * most the high-water mark), so a consumer that works row by row in a plain loop pays one
 * promise per batch instead of one per row (verify's comparison does). Backpressure works as
 * in readRows: paused at the high-water mark, resumed once the batch was taken.
 */
export async function* readRowBatches(
  request: RowSourceRequest,
  sql: string,
  signal?: AbortSignal,
  limits: RowBufferLimits = DEFAULT_ROW_BUFFER,
): AsyncGenerator<unknown[][], void, undefined> {
  signal?.throwIfAborted();
  const stream = new BufferedRequest(request, sql, signal, limits);
  try {
    for (;;) {
      stream.throwIfFailed();
      if (stream.rows.length > 0) {
        const batch = stream.rows;
        stream.rows = [];
        stream.resumeAt(0);
        yield batch;
      } else if (stream.done) {
        return;
      } else {
        await stream.next();
      }
    }
  } finally {
    stream.close();
  }
}
