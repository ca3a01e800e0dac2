import path from 'node:path';
import { UsageError } from '../errors.js';
import { DEFAULTS } from './defaults.js';
import { layerFromEnv } from './env.js';
import { loadConfigFile } from './file.js';
import { mergeLayers, type ConfigLayer } from './layer.js';
import { registerSecret } from './redact.js';
import { parseMssqlUrl } from './mssql-url.js';
import type { ResolvedConfig, SourceConfig } from './types.js';

export interface ResolveInput {
  /** Layer built from command-line flags (highest precedence). */
  readonly flags: ConfigLayer;
  /** `--config` path, if given. */
  readonly configPath?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Which connections this command needs; missing ones are usage errors naming every way to set them. */
  readonly needSource: boolean;
  readonly needTarget: boolean;
}

/** Resolves flags > environment > config file > defaults, once, into a frozen config. */
export function resolveConfig(input: ResolveInput): ResolvedConfig {
  const { layer: fileLayer, file } = loadConfigFile(input.configPath, input.cwd);
  const merged = mergeLayers(
    expandSourceUrl(input.flags),
    expandSourceUrl(layerFromEnv(input.env)),
    expandSourceUrl(fileLayer),
  );
  const source = resolveSource(merged, input.needSource);
  const targetUrl = merged.targetUrl ?? '';
  if (input.needTarget) requireTargetUrl(targetUrl);

  const config: ResolvedConfig = {
    source,
    target: {
      url: targetUrl,
      connectTimeoutMs: merged.target?.connectTimeoutMs ?? DEFAULTS.target.connectTimeoutMs,
      keepAliveMs: merged.target?.keepAliveMs ?? DEFAULTS.target.keepAliveMs,
    },
    selection: { include: merged.include ?? [], exclude: merged.exclude ?? [] },
    naming: {
      schemaMap: merged.schemaMap ?? {},
      targetSchema: merged.targetSchema ?? null,
      identifierStyle: merged.identifierStyle ?? DEFAULTS.identifierStyle,
    },
    typeOverrides: {
      byType: lowerKeys(merged.typeOverridesByType ?? {}),
      byColumn: merged.typeOverridesByColumn ?? {},
    },
    progressDir: path.resolve(input.cwd, merged.progressDir ?? DEFAULTS.progressDir),
    configFile: file,
  };
  registerSecret(source.password);
  if (targetUrl) {
    try {
      registerSecret(decodeURIComponent(new URL(targetUrl).password));
    } catch {
      // An unparseable URL was already refused above when it is needed.
    }
  }
  return deepFreeze(config);
}

/**
 * One SQL Server connection from a layer (a `source` object of a file, with its URL expanded),
 * complete or a usage error naming what is missing; its password is registered for redaction.
 * `mssql2pg worker --sources` reads one per source it may be asked to read.
 */
export function resolveSourceLayer(layer: ConfigLayer): SourceConfig {
  const source = resolveSource(expandSourceUrl(layer), true);
  registerSecret(source.password);
  return deepFreeze(source);
}

/** A layer's URL is expanded into fields of the same layer; explicit fields of that layer win over it. */
function expandSourceUrl(layer: ConfigLayer): ConfigLayer {
  if (!layer.sourceUrl) return layer;
  const fromUrl = parseMssqlUrl(layer.sourceUrl);
  const explicit = Object.fromEntries(Object.entries(layer.source ?? {}).filter(([, v]) => v !== undefined));
  return { ...layer, source: { ...fromUrl, ...explicit } };
}

function resolveSource(merged: ConfigLayer, needed: boolean): SourceConfig {
  const s = merged.source ?? {};
  const missing: string[] = [];
  if (needed) {
    if (!s.host) missing.push('host (--mssql-host, MSSQL_HOST or source.host)');
    if (!s.database) missing.push('database (--mssql-database, MSSQL_DATABASE or source.database)');
    if (!s.user) missing.push('user (--mssql-user, MSSQL_USER or source.user)');
    if (s.password === undefined) missing.push('password (MSSQL_PASSWORD or source.password)');
  }
  if (missing.length > 0) {
    throw new UsageError(
      `SQL Server connection is not configured: missing ${missing.join('; ')}. ` +
        'Or set everything at once with MSSQL_URL=mssql://user:password@host:1433/database.',
    );
  }
  const instanceName = s.instanceName ?? null;
  return {
    host: s.host ?? '',
    // A named instance is reached through SQL Browser, which tells the port; an explicit port wins.
    port: s.port ?? (instanceName ? null : DEFAULTS.source.port),
    instanceName,
    database: s.database ?? '',
    user: s.user ?? '',
    password: s.password ?? '',
    encrypt: s.encrypt ?? DEFAULTS.source.encrypt,
    trustServerCertificate: s.trustServerCertificate ?? DEFAULTS.source.trustServerCertificate,
    connectTimeoutMs: s.connectTimeoutMs ?? DEFAULTS.source.connectTimeoutMs,
    requestTimeoutMs: s.requestTimeoutMs ?? DEFAULTS.source.requestTimeoutMs,
  };
}

function requireTargetUrl(url: string): void {
  if (!url) {
    throw new UsageError(
      'PostgreSQL target is not configured: set PG_URL, --pg-url or target.url, e.g. postgres://user:password@host:5432/database.',
    );
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError('PostgreSQL URL is not a valid URL (expected postgres://user:password@host:5432/database).');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new UsageError(`PostgreSQL URL must start with postgres:// (got ${u.protocol}//).`);
  }
}

function lowerKeys(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
