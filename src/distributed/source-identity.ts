/**
 * Which SQL Server database a unit reads from, as the queue and the run state name it: server
 * and database, never a login or a password. A worker turns it into a connection with
 * credentials from its own environment or config file (source-credentials.ts).
 */
import type { SourceConfig } from '../config/types.js';

export interface SourceIdentity {
  readonly host: string;
  /** Null with a named instance (SQL Browser tells the port). */
  readonly port: number | null;
  readonly instanceName: string | null;
  readonly database: string;
}

export function identityOf(source: Pick<SourceConfig, 'host' | 'port' | 'instanceName' | 'database'>): SourceIdentity {
  return { host: source.host, port: source.port, instanceName: source.instanceName, database: source.database };
}

/** The server, e.g. `sql01:1433` or `sql01\SQLEXPRESS`: the group --max-per-source caps. Host names are case-insensitive. */
export function serverKey(s: SourceIdentity): string {
  const host = s.host.toLowerCase();
  return s.instanceName !== null && s.port === null ? `${host}\\${s.instanceName.toLowerCase()}` : `${host}:${s.port ?? 1433}`;
}

/** The database on its server, e.g. `sql01:1433/Shop`: one distributed run per source key at a time. */
export function sourceKey(s: SourceIdentity): string {
  return `${serverKey(s)}/${s.database}`;
}

export function sameSource(a: SourceIdentity, b: SourceIdentity): boolean {
  return sourceKey(a) === sourceKey(b);
}
