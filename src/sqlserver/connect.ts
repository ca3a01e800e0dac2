/**
 * SQL Server connection settings and pool opening. The password goes into the driver config
 * and nowhere else: connection errors are rewritten without it.
 */
import { mssql } from './driver-modules.js';
import type { SourceConfig } from '../config/types.js';
import { redactSecrets } from '../config/redact.js';
import { Mssql2pgError } from '../errors.js';

const DEFAULT_PORT = 1433;
/** tedious' own maximum for SET TEXTSIZE: (max) and legacy LOB values are never cut short. */
const MAX_TEXTSIZE = 2147483647;

export function toMssqlConfig(source: SourceConfig, poolMax: number): mssql.config {
  // With an instance name the SQL Browser service (UDP 1434) tells tedious the port, and
  // tedious refuses a config that sets both: the port is left out.
  const usesInstance = source.instanceName !== null && source.instanceName !== '';
  return {
    server: source.host,
    ...(usesInstance ? {} : { port: source.port ?? DEFAULT_PORT }),
    database: source.database,
    user: source.user,
    password: source.password,
    connectionTimeout: source.connectTimeoutMs,
    // tedious stops this timer at the first response packet, so it bounds the wait for a
    // query to start answering, not the time to stream a billion-row table.
    requestTimeout: source.requestTimeoutMs,
    pool: { min: 0, max: Math.max(1, poolMax) },
    options: {
      ...(usesInstance ? { instanceName: source.instanceName ?? undefined } : {}),
      encrypt: source.encrypt,
      trustServerCertificate: source.trustServerCertificate,
      appName: 'mssql2pg',
      textsize: MAX_TEXTSIZE,
      // Required: date/time columns are read natively (src/sqlserver/column-read.ts) and the
      // encoder takes a Date's UTC fields as the stored wall time. With useUTC false tedious
      // would build Dates in the client's time zone, where DST gaps shift some wall times.
      useUTC: true,
      enableArithAbort: true,
    },
  };
}

/** Where we connect, as users recognise it: `host\instance/db` or `host:port/db`. */
export function describeSource(source: SourceConfig): string {
  const where = source.instanceName
    ? `${source.host}\\${source.instanceName}`
    : `${source.host}:${source.port ?? DEFAULT_PORT}`;
  return `${where}/${source.database}`;
}

export async function openSourcePool(source: SourceConfig, poolMax: number): Promise<mssql.ConnectionPool> {
  const pool = new mssql.ConnectionPool(toMssqlConfig(source, poolMax));
  try {
    return await pool.connect();
  } catch (error) {
    await pool.close().catch(() => undefined);
    throw new Mssql2pgError(
      `Cannot connect to SQL Server at ${describeSource(source)} as ${source.user}: ` +
        redactSecrets(errorMessage(error), [source.password]),
      { cause: error },
    );
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

