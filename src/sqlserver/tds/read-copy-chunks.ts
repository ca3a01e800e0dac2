/**
 * A stage-2 read through the decoder: one SQL batch, or one `sp_executesql` with varchar(40)
 * parameters (the key-range read, src/sqlserver/key-range-read.ts), on a connection of the pool
 * the source already opened, its response decoded straight into COPY TEXT chunks.
 *
 * Resolves once the result's COLMETADATA arrived: to the columns and the chunks, or to a
 * fallback with its reason (the unit then runs today's tedious path, and `--verbose` prints
 * the reason) when the decoder cannot read this response exactly: tedious internals not as
 * expected, a TDS version before 7.2, a type or collation without an exact writer, an unusual
 * token. The request is cancelled (ATTENTION) before a fallback resolves.
 *
 * Stage 2's promises hold: the chunks are produced only as they are pulled (the socket waits
 * while COPY is behind); their row counts add up to what the server sent (checked against
 * the DONE count too); aborting the signal or stopping early cancels the request in `finally`
 * and reads its response to the end, so the connection goes back to the pool clean; a server
 * error is thrown as a TdsServerError with tedious's fields, so retries classify it as before.
 */
import type { ConnectionPool } from 'mssql';
import type { Connection, Request } from 'tedious';
import { tedious } from '../driver-modules.js';
import type { EncoderOptions } from '../../copy/row-encoder.js';
import type { TdsColumn } from './column-metadata.js';
import { decodeFromSource, type CopyChunk } from './decode-copy-chunks.js';
import { tediousInternalsProblem } from './tedious-internals.js';
import { armTakeover, TakenOverResponse } from './token-stream-takeover.js';

export interface CopyReadRequest {
  readonly sql: string;
  /** sp_executesql parameters, each a varchar(40) (key bounds as exact text); none: a plain SQL batch. */
  readonly params?: readonly { readonly name: string; readonly value: string }[];
  readonly signal: AbortSignal;
  readonly encoder?: EncoderOptions;
  readonly chunkBytes?: number;
}

export type CopyRead =
  | { readonly columns: readonly TdsColumn[]; readonly chunks: AsyncGenerator<CopyChunk, void, undefined> }
  | { readonly fallback: string };

/** mssql's pool hands out its tedious connections through these (not in @types/mssql). */
interface TediousPool {
  acquire(requester: object): Promise<Connection>;
  release(connection: Connection): void;
}

interface ConnectionInternals {
  config: { options: { tdsVersion: string; columnEncryption?: boolean } };
}

export async function readCopyChunks(pool: ConnectionPool, read: CopyReadRequest): Promise<CopyRead> {
  read.signal.throwIfAborted();
  const problem = tediousInternalsProblem();
  if (problem !== null) return { fallback: problem };
  const tediousPool = pool as unknown as TediousPool;
  const connection = await tediousPool.acquire(pool);
  const options = (connection as unknown as ConnectionInternals).config.options;
  if (options.tdsVersion < '7_2') {
    tediousPool.release(connection);
    return { fallback: `TDS ${options.tdsVersion} (the decoder reads 7.2 and later)` };
  }
  if (options.columnEncryption) {
    tediousPool.release(connection);
    return { fallback: 'Always Encrypted is on for this connection' };
  }
  return start(connection, () => tediousPool.release(connection), read);
}

/** Sends the request with its response taken over; exported for tests over a bare Connection. */
export async function start(connection: Connection, release: () => void, read: CopyReadRequest): Promise<CopyRead> {
  let settle: (error: Error | null | undefined) => void = () => undefined;
  const completed = new Promise<Error | null | undefined>((resolve) => (settle = resolve));
  const request: Request = new tedious.Request(read.sql, (error) => settle(error));
  for (const p of read.params ?? []) request.addParameter(p.name, tedious.TYPES.VarChar, p.value, { length: 40 });
  let response: TakenOverResponse | null = null;
  const responded = new Promise<TakenOverResponse>((resolve) => {
    const disarm = armTakeover(connection, request, (r) => resolve((response = r)));
    void completed.then(disarm);
  });
  let canceled = false;
  const cancel = (): void => {
    if (canceled) return;
    canceled = true;
    request.cancel();
  };
  const onAbort = (): void => cancel();
  read.signal.addEventListener('abort', onAbort, { once: true });
  /** Ends the request for good: cancel unless its response was read whole, drain, wait, release. */
  const finish = async (): Promise<Error | null | undefined> => {
    read.signal.removeEventListener('abort', onAbort);
    if (!response?.finished) cancel();
    await response?.drain();
    const error = await completed;
    release();
    // Our own cancel ends the request with tedious's 'Canceled.': not a failure of the read.
    return canceled ? null : error;
  };
  try {
    if (read.params && read.params.length > 0) connection.execSql(request);
    else connection.execSqlBatch(request);
    const first = await Promise.race([responded, completed.then((error) => error ?? new Error('the request ended without a response'))]);
    if (!(first instanceof TakenOverResponse)) throw first;
    const decoded = await decodeFromSource(first.next, {
      ...read.encoder,
      ...(read.chunkBytes === undefined ? {} : { chunkBytes: read.chunkBytes }),
      onToken: first.forward,
    });
    if (decoded.kind === 'fallback') {
      await finish();
      return { fallback: decoded.reason };
    }
    return { columns: decoded.columns, chunks: guarded(decoded.chunks, finish, read.signal) };
  } catch (error) {
    await finish();
    throw read.signal.aborted ? read.signal.reason : error;
  }
}

/** The chunks, with the request ended in `finally` however the consumer stops. */
async function* guarded(
  chunks: AsyncGenerator<CopyChunk, void, undefined>,
  finish: () => Promise<Error | null | undefined>,
  signal: AbortSignal,
): AsyncGenerator<CopyChunk, void, undefined> {
  let failed = false;
  try {
    for await (const chunk of chunks) {
      signal.throwIfAborted();
      yield chunk;
    }
  } catch (error) {
    failed = true;
    throw signal.aborted ? signal.reason : error;
  } finally {
    const error = await finish();
    // A request error the decoder did not see (it reads every ERROR token, so only a
    // transport failure) must not pass for a complete read.
    if (!failed && error && !signal.aborted) throw error;
  }
}
