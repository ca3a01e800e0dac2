import pg from 'pg';
import { DEFAULTS } from '../config/defaults.js';
import { redactUrl } from '../config/redact.js';
import type { TargetConfig } from '../config/types.js';
import { Mssql2pgError } from '../errors.js';
import { untilStopped } from '../run/until-stopped.js';

/** A URL alone connects with the default timeouts (tests, benchmarks). */
export type TargetConnection = string | TargetConfig;

/**
 * The Postgres side's connections. sslmode and the other libpq-style URL parameters are
 * honoured by node-postgres's connection-string parser.
 *
 * Every connection has the connect timeout and TCP keepalive of the configuration. The timeout
 * is set on the client, not on the pool: node-postgres's pool would also apply it to a unit
 * waiting for a free connection, and with `--parallel` units holding theirs for hours that wait
 * is legitimate. An abort of `signal` (Ctrl-C) stops the first connect at once.
 */
export async function openTargetPool(target: TargetConnection, max: number, signal?: AbortSignal): Promise<pg.Pool> {
  const t: TargetConfig = typeof target === 'string' ? { url: target, ...DEFAULTS.target } : target;
  const connectTimeoutMs = t.connectTimeoutMs;
  const clients = new Set<pg.Client>();
  class TimedClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
      clients.add(this);
    }
  }
  const pool = new pg.Pool({
    connectionString: t.url,
    max,
    application_name: 'mssql2pg',
    keepAlive: t.keepAliveMs > 0,
    keepAliveInitialDelayMillis: t.keepAliveMs,
    Client: TimedClient,
  } as pg.PoolConfig);
  // An idle client losing its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query on a fresh client reports the problem instead.
  pool.on('error', () => {});
  try {
    signal?.throwIfAborted();
    const connecting = pool.connect();
    const client = signal === undefined ? await connecting : await untilStopped(connecting, signal, (c) => c.release(true));
    client.release();
  } catch (err) {
    if (signal?.aborted && err === signal.reason) {
      // Interrupted while a connect hangs: cut it rather than wait for its timeout, so the
      // process can end now.
      for (const c of clients) (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      void pool.end().catch(() => {});
      throw err;
    }
    await pool.end().catch(() => {});
    throw new Mssql2pgError(`Cannot connect to PostgreSQL at ${whereOf(t.url)}: ${reasonOf(err, connectTimeoutMs)}`, { cause: err });
  }
  return pool;
}

/** `host:port` first (what a user checks), then the URL with its password masked. */
export function whereOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'} (${redactUrl(url)})`;
  } catch {
    return redactUrl(url);
  }
}

function reasonOf(err: unknown, connectTimeoutMs: number): string {
  const message = (err as Error).message ?? String(err);
  // node-postgres destroys the socket with "timeout expired" (or reports it as "Connection
  // terminated due to connection timeout"): a server that accepts and never answers.
  if (connectTimeoutMs > 0 && /timeout/i.test(message)) {
    return (
      `no answer within ${(connectTimeoutMs / 1000).toFixed(1)} s (${message}). The server accepted the connection but did ` +
      'not answer, or the network drops it: check the host, port and sslmode, or raise --pg-connect-timeout-ms.'
    );
  }
  return `${message}. Check PG_URL (host, port, database, user, password, sslmode).`;
}
