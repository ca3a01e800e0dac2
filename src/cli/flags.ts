import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import { UsageError } from '../errors.js';
import { targetTimeouts } from '../config/env.js';
import type { ConfigLayer } from '../config/layer.js';
import { resolveConfig } from '../config/resolve.js';
import type { IdentifierStyle, ResolvedConfig } from '../config/types.js';

/** Options shared by `replicate schema` and `sync data`: connections, selection, naming, progress. */
export function withCommonOptions<T>(y: Argv<T>) {
  return y
    .option('config', { type: 'string', describe: 'JSON config file (default config/mssql2pg.json if present)', group: 'Configuration:' })
    .option('mssql-url', { type: 'string', describe: 'SQL Server as mssql://user:password@host:port/database (or MSSQL_URL)', group: 'SQL Server:' })
    .option('mssql-host', { type: 'string', describe: 'SQL Server host (or MSSQL_HOST)', group: 'SQL Server:' })
    .option('mssql-port', { type: 'number', describe: 'SQL Server port, default 1433 (or MSSQL_PORT)', group: 'SQL Server:' })
    .option('mssql-instance', { type: 'string', describe: 'named instance instead of a port (or MSSQL_INSTANCE)', group: 'SQL Server:' })
    .option('mssql-database', { type: 'string', describe: 'source database (or MSSQL_DATABASE)', group: 'SQL Server:' })
    .option('mssql-user', { type: 'string', describe: 'login (or MSSQL_USER); the password only via MSSQL_PASSWORD or the config file', group: 'SQL Server:' })
    .option('mssql-encrypt', { type: 'boolean', describe: 'encrypt the connection (default true; or MSSQL_ENCRYPT)', group: 'SQL Server:' })
    .option('trust-server-certificate', { type: 'boolean', describe: 'accept a self-signed server certificate (or MSSQL_TRUST_SERVER_CERTIFICATE)', group: 'SQL Server:' })
    .option('pg-url', { type: 'string', describe: 'PostgreSQL URL, sslmode honoured (or PG_URL)', group: 'PostgreSQL:' })
    .option('pg-connect-timeout-ms', { type: 'number', describe: `give up connecting after this many ms (default ${DEFAULTS.target.connectTimeoutMs}; 0 waits forever; or PG_CONNECT_TIMEOUT_MS)`, group: 'PostgreSQL:' })
    .option('pg-keepalive-ms', { type: 'number', describe: `TCP keepalive: first probe after this many idle ms (default ${DEFAULTS.target.keepAliveMs}; 0 off; or PG_KEEPALIVE_MS)`, group: 'PostgreSQL:' })
    .option('include', { type: 'string', array: true, describe: 'only tables matching these globs on schema.table (case-insensitive)', group: 'Tables:' })
    .option('exclude', { type: 'string', array: true, describe: 'skip tables matching these globs', group: 'Tables:' })
    .option('start-from-table', { type: 'string', describe: 'start the batch window at this table (Orders or dbo.Orders)', group: 'Tables:' })
    .option('until-table', { type: 'string', describe: 'end the batch window at this table (inclusive)', group: 'Tables:' })
    .option('max-tables', { type: 'number', describe: 'at most N tables in this run', group: 'Tables:' })
    .option('target-schema', { type: 'string', describe: 'put every table in this Postgres schema', group: 'Naming:' })
    .option('schema-map', { type: 'string', array: true, describe: 'source=target schema pairs (default dbo=public)', group: 'Naming:' })
    .option('identifier-style', { choices: ['lower', 'snake', 'preserve'] as const, describe: 'target identifier style (default lower)', group: 'Naming:' })
    .option('type-override', { type: 'string', array: true, describe: 'money=numeric(19,2) or dbo.Orders.Total=numeric(20,2)', group: 'Naming:' })
    .option('progress-dir', { type: 'string', describe: 'where progress files live (default progress)', group: 'Progress:' })
    // No defaults on resume/reset: yargs counts a defaulted option as given for .conflicts().
    .option('resume', { type: 'boolean', describe: 'skip completed tables, redo failed and interrupted ones', group: 'Progress:' })
    .option('reset', { type: 'boolean', describe: 'forget earlier progress and start over', group: 'Progress:' })
    .option('fail-fast', { type: 'boolean', default: false, describe: 'stop at the first failed table', group: 'Run:' })
    .option('verbose', { type: 'boolean', default: false, alias: 'v', describe: 'list skipped tables and warnings as they happen', group: 'Run:' })
    .option('json', { type: 'boolean', default: false, describe: 'print the final summary as JSON (for scripts)', group: 'Run:' })
    .conflicts('resume', 'reset');
}

export interface CommonFlags {
  config?: string;
  'mssql-url'?: string;
  'mssql-host'?: string;
  'mssql-port'?: number;
  'mssql-instance'?: string;
  'mssql-database'?: string;
  'mssql-user'?: string;
  'mssql-encrypt'?: boolean;
  'trust-server-certificate'?: boolean;
  'pg-url'?: string;
  'pg-connect-timeout-ms'?: number;
  'pg-keepalive-ms'?: number;
  include?: string[];
  exclude?: string[];
  'start-from-table'?: string;
  'until-table'?: string;
  'max-tables'?: number;
  'target-schema'?: string;
  'schema-map'?: string[];
  'identifier-style'?: IdentifierStyle;
  'type-override'?: string[];
  'progress-dir'?: string;
  resume?: boolean;
  reset?: boolean;
  'fail-fast': boolean;
  verbose: boolean;
  json: boolean;
}

/** The flags' configuration layer (highest precedence). */
export function layerFromFlags(f: CommonFlags): ConfigLayer {
  if (f['mssql-port'] !== undefined && (!Number.isInteger(f['mssql-port']) || f['mssql-port'] <= 0)) {
    throw new UsageError(`--mssql-port must be a positive integer.`);
  }
  const overrides = parseTypeOverrides(f['type-override'] ?? []);
  return {
    sourceUrl: f['mssql-url'],
    source: {
      host: f['mssql-host'],
      port: f['mssql-port'],
      instanceName: f['mssql-instance'],
      database: f['mssql-database'],
      user: f['mssql-user'],
      encrypt: f['mssql-encrypt'],
      trustServerCertificate: f['trust-server-certificate'],
    },
    targetUrl: f['pg-url'],
    ...targetTimeouts(optionalMs(f['pg-connect-timeout-ms'], '--pg-connect-timeout-ms'), optionalMs(f['pg-keepalive-ms'], '--pg-keepalive-ms')),
    include: f.include,
    exclude: f.exclude,
    targetSchema: f['target-schema'],
    schemaMap: f['schema-map'] ? parsePairs(f['schema-map'], '--schema-map', 'dbo=public') : undefined,
    identifierStyle: f['identifier-style'],
    typeOverridesByType: overrides.byType,
    typeOverridesByColumn: overrides.byColumn,
    progressDir: f['progress-dir'],
  };
}

function parsePairs(items: string[], flag: string, example: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0 || eq === item.length - 1) throw new UsageError(`${flag} expects key=value, e.g. ${example} (got "${item}").`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

/** `money=numeric(19,2)` overrides a type; `dbo.Orders.Total=numeric(20,2)` (schema.table.column) one column. */
export function parseTypeOverrides(items: string[]): { byType?: Record<string, string>; byColumn?: Record<string, string> } {
  if (items.length === 0) return {};
  const pairs = parsePairs(items, '--type-override', 'money=numeric(19,2) or dbo.Orders.Total=numeric(20,2)');
  const byType: Record<string, string> = {};
  const byColumn: Record<string, string> = {};
  for (const [key, value] of Object.entries(pairs)) {
    const dots = key.split('.').length - 1;
    if (dots === 0) byType[key.toLowerCase()] = value;
    else if (dots === 2) byColumn[key] = value;
    else throw new UsageError(`--type-override key "${key}" must be a SQL Server type (money) or schema.table.column (dbo.Orders.Total).`);
  }
  return { byType, byColumn };
}

function optionalMs(value: number | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) throw new UsageError(`${flag} must be a whole number of milliseconds, 0 or more (got ${Number.isNaN(value) ? 'a value that is not a number' : value}).`);
  return value;
}

export function optionalPositiveInt(value: number | undefined, flag: string): number | null {
  if (value === undefined) return null;
  // yargs turns `--parallel abc` into NaN: say what was wrong rather than echo "NaN".
  const got = Number.isNaN(value) ? 'a value that is not a number' : String(value);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} must be a positive integer (got ${got}).`);
  return value;
}

/** Resolves the configuration for a command: its flags over the environment, file and defaults. */
export function resolveFromFlags(f: CommonFlags, need: { source: boolean; target: boolean }, cwd: string = process.cwd()): ResolvedConfig {
  return resolveConfig({
    flags: layerFromFlags(f),
    configPath: f.config,
    env: process.env,
    cwd,
    needSource: need.source,
    needTarget: need.target,
  });
}
