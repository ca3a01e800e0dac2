import { UsageError } from '../errors.js';
import type { SourceConfig } from './types.js';

/**
 * `mssql://user:password@host:port/database?encrypt=false&trustServerCertificate=true`
 * `mssql://user:password@host/database?instanceName=SQLEXPRESS` (port resolved by SQL Browser)
 * `sqlserver://` is accepted as a synonym. User and password are URL-decoded, so a password with
 * `@` or `:` must be percent-encoded (`p%40ss`).
 */
export function parseMssqlUrl(url: string): Partial<SourceConfig> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(
      'MSSQL URL is not a valid URL. Expected mssql://user:password@host:port/database (percent-encode special characters in the password).',
    );
  }
  if (u.protocol !== 'mssql:' && u.protocol !== 'sqlserver:') {
    throw new UsageError(`MSSQL URL must start with mssql:// (got ${u.protocol}//).`);
  }
  const out: Record<string, unknown> = {};
  if (u.hostname) out.host = decodeURIComponent(u.hostname);
  if (u.port) out.port = Number(u.port);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (database) out.database = database;
  if (u.username) out.user = decodeURIComponent(u.username);
  if (u.password) out.password = decodeURIComponent(u.password);
  for (const [key, value] of u.searchParams) {
    switch (key.toLowerCase()) {
      case 'instancename':
      case 'instance':
        out.instanceName = value;
        break;
      case 'encrypt':
        out.encrypt = parseBool(value, 'encrypt');
        break;
      case 'trustservercertificate':
        out.trustServerCertificate = parseBool(value, 'trustServerCertificate');
        break;
      case 'connecttimeout':
      case 'connecttimeoutms':
        out.connectTimeoutMs = parseNonNegativeInt(value, key);
        break;
      case 'requesttimeout':
      case 'requesttimeoutms':
        out.requestTimeoutMs = parseNonNegativeInt(value, key);
        break;
      default:
        throw new UsageError(
          `Unknown MSSQL URL parameter "${key}". Known: instanceName, encrypt, trustServerCertificate, connectTimeoutMs, requestTimeoutMs.`,
        );
    }
  }
  return out as Partial<SourceConfig>;
}

export function parseBool(value: string, name: string): boolean {
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new UsageError(`${name} must be true or false (got "${value}").`);
}

export function parseNonNegativeInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a non-negative integer (got "${value}").`);
  return n;
}
