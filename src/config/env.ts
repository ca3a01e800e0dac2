import { UsageError } from '../errors.js';
import type { ConfigLayer } from './layer.js';
import { parseBool, parseNonNegativeInt } from './mssql-url.js';

/** The environment variables we read, documented in README "Configuration". */
export const ENV_VARS = {
  MSSQL_URL: 'SQL Server as one URL: mssql://user:password@host:port/database?encrypt=true',
  MSSQL_HOST: 'SQL Server host',
  MSSQL_PORT: 'SQL Server port (default 1433)',
  MSSQL_INSTANCE: 'SQL Server named instance (instead of a port)',
  MSSQL_DATABASE: 'SQL Server database',
  MSSQL_USER: 'SQL Server login',
  MSSQL_PASSWORD: 'SQL Server password',
  MSSQL_ENCRYPT: 'true|false (default true)',
  MSSQL_TRUST_SERVER_CERTIFICATE: 'true|false (default false)',
  PG_URL: 'PostgreSQL URL, e.g. postgres://user:password@host:5432/db?sslmode=require',
  PG_CONNECT_TIMEOUT_MS: 'PostgreSQL connect timeout in ms (default 30000; 0 waits forever)',
  PG_KEEPALIVE_MS: 'PostgreSQL TCP keepalive: first probe after this many idle ms (default 60000; 0 off)',
  MSSQL2PG_PROGRESS_DIR: 'directory for progress files (default progress)',
} as const;

export function layerFromEnv(env: Readonly<Record<string, string | undefined>>): ConfigLayer {
  const get = (k: keyof typeof ENV_VARS): string | undefined => {
    const v = env[k];
    return v === undefined || v === '' ? undefined : v;
  };
  const port = get('MSSQL_PORT');
  if (port !== undefined && !/^\d+$/.test(port)) throw new UsageError(`MSSQL_PORT must be a number (got "${port}").`);
  const encrypt = get('MSSQL_ENCRYPT');
  const trust = get('MSSQL_TRUST_SERVER_CERTIFICATE');
  return {
    sourceUrl: get('MSSQL_URL'),
    source: {
      host: get('MSSQL_HOST'),
      port: port === undefined ? undefined : parseNonNegativeInt(port, 'MSSQL_PORT'),
      instanceName: get('MSSQL_INSTANCE'),
      database: get('MSSQL_DATABASE'),
      user: get('MSSQL_USER'),
      password: get('MSSQL_PASSWORD'),
      encrypt: encrypt === undefined ? undefined : parseBool(encrypt, 'MSSQL_ENCRYPT'),
      trustServerCertificate: trust === undefined ? undefined : parseBool(trust, 'MSSQL_TRUST_SERVER_CERTIFICATE'),
    },
    targetUrl: get('PG_URL'),
    ...targetTimeouts(msOf(get('PG_CONNECT_TIMEOUT_MS'), 'PG_CONNECT_TIMEOUT_MS'), msOf(get('PG_KEEPALIVE_MS'), 'PG_KEEPALIVE_MS')),
    progressDir: get('MSSQL2PG_PROGRESS_DIR'),
  };
}

function msOf(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number of milliseconds (got "${value}").`);
  return Number(value);
}

/** Only the timeouts that are set: a layer leaves unset sections out. */
export function targetTimeouts(connectTimeoutMs: number | undefined, keepAliveMs: number | undefined): Pick<ConfigLayer, 'target'> {
  if (connectTimeoutMs === undefined && keepAliveMs === undefined) return {};
  return { target: { ...(connectTimeoutMs === undefined ? {} : { connectTimeoutMs }), ...(keepAliveMs === undefined ? {} : { keepAliveMs }) } };
}
