import pg from 'pg';
import { redactUrl } from '../config/redact.js';
import { Mssql2pgError } from '../errors.js';

/**
 * The Postgres side's connections. sslmode and the other libpq-style URL parameters are
 * honoured by node-postgres's connection-string parser.
 */
export async function openTargetPool(url: string, max: number): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'mssql2pg' } as pg.PoolConfig);
  // An idle client losing its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query on a fresh client reports the problem instead.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new Mssql2pgError(
      `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}. Check PG_URL (host, port, database, user, password, sslmode).`,
      { cause: err },
    );
  }
  return pool;
}
