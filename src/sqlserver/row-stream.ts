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

export async function* readRows(
  request: RowSourceRequest,
  sql: string,
  signal?: AbortSignal,
  limits: RowBufferLimits = DEFAULT_ROW_BUFFER,
): AsyncGenerator<unknown[], void, undefined> {
  signal?.throwIfAborted();
  const buffer: unknown[][] = [];
  // One mutable record rather than lets: the event handlers write it, the loop reads it.
  const state: { done: boolean; paused: boolean; failure: { readonly error: unknown } | null } = {
    done: false,
    paused: false,
    failure: null,
  };
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  const fail = (error: unknown): void => {
    state.failure ??= { error }; // mssql may emit several errors: the first one is the cause
    notify();
  };

  request.stream = true;
  request.arrayRowMode = true; // rows as arrays in SELECT-list order, no per-row object
  request.on('row', (row) => {
    buffer.push(row as unknown[]);
    if (!state.paused && buffer.length >= limits.highWaterMark) {
      state.paused = true;
      request.pause();
    }
    notify();
  });
  request.on('error', fail);
  request.on('done', () => {
    state.done = true;
    notify();
  });
  const onAbort = (): void => fail(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  Promise.resolve(request.query(sql)).catch(fail);

  try {
    for (;;) {
      if (state.failure) throw toReadError(state.failure.error, signal);
      const row = buffer.shift();
      if (row !== undefined) {
        if (state.paused && buffer.length <= limits.lowWaterMark) {
          state.paused = false;
          request.resume();
        }
        yield row;
      } else if (state.done) {
        return;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!state.done) request.cancel();
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
  let buffer: unknown[][] = [];
  const state: { done: boolean; paused: boolean; failure: { readonly error: unknown } | null } = { done: false, paused: false, failure: null };
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  const fail = (error: unknown): void => {
    state.failure ??= { error };
    notify();
  };
  request.stream = true;
  request.arrayRowMode = true;
  request.on('row', (row) => {
    buffer.push(row as unknown[]);
    if (!state.paused && buffer.length >= limits.highWaterMark) {
      state.paused = true;
      request.pause();
    }
    notify();
  });
  request.on('error', fail);
  request.on('done', () => {
    state.done = true;
    notify();
  });
  const onAbort = (): void => fail(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  Promise.resolve(request.query(sql)).catch(fail);
  try {
    for (;;) {
      if (state.failure) throw toReadError(state.failure.error, signal);
      if (buffer.length > 0) {
        const batch = buffer;
        buffer = [];
        if (state.paused) {
          state.paused = false;
          request.resume();
        }
        yield batch;
      } else if (state.done) {
        return;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!state.done) request.cancel();
  }
}
