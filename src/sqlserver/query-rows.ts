/**
 * A small query answered as row objects (a count, MIN/MAX): not streamed, but cancelled on
 * the server when the run is interrupted, since even a COUNT_BIG can scan a billion rows.
 */
import type { ConnectionPool } from 'mssql';

export async function queryRows<T>(pool: ConnectionPool, sql: string, signal?: AbortSignal): Promise<T[]> {
  signal?.throwIfAborted();
  const request = pool.request();
  request.arrayRowMode = false;
  const onAbort = (): void => request.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return (await request.query<T>(sql)).recordset ?? [];
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
