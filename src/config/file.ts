import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { targetTimeouts } from './env.js';
import type { ConfigLayer } from './layer.js';
import type { IdentifierStyle, SourceConfig } from './types.js';

/** Used when `--config` is not given and this file exists. */
export const DEFAULT_CONFIG_FILE = 'config/mssql2pg.json';

type Json = Record<string, unknown>;

/**
 * Reads the JSON config file (shape documented in config/example.json). Keys starting with `$`
 * are comments. Unknown keys are errors: a misspelt key silently ignored would migrate with
 * the wrong settings.
 */
export function loadConfigFile(
  explicitPath: string | undefined,
  cwd: string,
): { layer: ConfigLayer; file: string | null } {
  const file = explicitPath ?? DEFAULT_CONFIG_FILE;
  const full = path.resolve(cwd, file);
  if (!existsSync(full)) {
    if (explicitPath !== undefined) throw new UsageError(`Config file ${file} does not exist.`);
    return { layer: {}, file: null };
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(full, 'utf8'));
  } catch (err) {
    throw new UsageError(`Config file ${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  return { layer: layerFromJson(json, file), file };
}

export function layerFromJson(json: unknown, file: string): ConfigLayer {
  const root = asObject(json, file, '(top level)', ['source', 'target', 'tables', 'naming', 'typeOverrides', 'progressDir']);
  const layer: ConfigLayer = {};
  if (root.source !== undefined) {
    const s = asObject(root.source, file, 'source', [
      'url', 'host', 'port', 'instanceName', 'database', 'user', 'password', 'encrypt',
      'trustServerCertificate', 'connectTimeoutMs', 'requestTimeoutMs',
    ]);
    layer.sourceUrl = optString(s.url, file, 'source.url');
    const source: Partial<SourceConfig> = {
      host: optString(s.host, file, 'source.host'),
      port: optNumber(s.port, file, 'source.port'),
      instanceName: optString(s.instanceName, file, 'source.instanceName'),
      database: optString(s.database, file, 'source.database'),
      user: optString(s.user, file, 'source.user'),
      password: optString(s.password, file, 'source.password'),
      encrypt: optBool(s.encrypt, file, 'source.encrypt'),
      trustServerCertificate: optBool(s.trustServerCertificate, file, 'source.trustServerCertificate'),
      connectTimeoutMs: optNumber(s.connectTimeoutMs, file, 'source.connectTimeoutMs'),
      requestTimeoutMs: optNumber(s.requestTimeoutMs, file, 'source.requestTimeoutMs'),
    };
    layer.source = source;
  }
  if (root.target !== undefined) {
    const t = asObject(root.target, file, 'target', ['url', 'connectTimeoutMs', 'keepAliveMs']);
    layer.targetUrl = optString(t.url, file, 'target.url');
    Object.assign(layer, targetTimeouts(optNumber(t.connectTimeoutMs, file, 'target.connectTimeoutMs'), optNumber(t.keepAliveMs, file, 'target.keepAliveMs')));
  }
  if (root.tables !== undefined) {
    const t = asObject(root.tables, file, 'tables', ['include', 'exclude']);
    layer.include = optStringArray(t.include, file, 'tables.include');
    layer.exclude = optStringArray(t.exclude, file, 'tables.exclude');
  }
  if (root.naming !== undefined) {
    const n = asObject(root.naming, file, 'naming', ['schemaMap', 'targetSchema', 'identifierStyle']);
    layer.schemaMap = optStringMap(n.schemaMap, file, 'naming.schemaMap');
    layer.targetSchema = n.targetSchema === null ? undefined : optString(n.targetSchema, file, 'naming.targetSchema');
    const style = optString(n.identifierStyle, file, 'naming.identifierStyle');
    if (style !== undefined && !['lower', 'snake', 'preserve'].includes(style)) {
      throw new UsageError(`${file}: naming.identifierStyle must be lower, snake or preserve (got "${style}").`);
    }
    layer.identifierStyle = style as IdentifierStyle | undefined;
  }
  if (root.typeOverrides !== undefined) {
    const o = asObject(root.typeOverrides, file, 'typeOverrides', ['types', 'columns']);
    layer.typeOverridesByType = optStringMap(o.types, file, 'typeOverrides.types');
    layer.typeOverridesByColumn = optStringMap(o.columns, file, 'typeOverrides.columns');
  }
  layer.progressDir = optString(root.progressDir, file, 'progressDir');
  return layer;
}

function asObject(v: unknown, file: string, where: string, known: string[]): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new UsageError(`${file}: ${where} must be an object.`);
  }
  for (const key of Object.keys(v)) {
    if (!key.startsWith('$') && !known.includes(key)) {
      throw new UsageError(`${file}: unknown key "${key}" in ${where}. Known keys: ${known.join(', ')}.`);
    }
  }
  return v as Json;
}

function optString(v: unknown, file: string, key: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new UsageError(`${file}: ${key} must be a string.`);
  return v;
}

function optNumber(v: unknown, file: string, key: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new UsageError(`${file}: ${key} must be a non-negative integer.`);
  }
  return v;
}

function optBool(v: unknown, file: string, key: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new UsageError(`${file}: ${key} must be true or false.`);
  return v;
}

function optStringArray(v: unknown, file: string, key: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new UsageError(`${file}: ${key} must be an array of strings.`);
  }
  return v as string[];
}

function optStringMap(v: unknown, file: string, key: string): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new UsageError(`${file}: ${key} must be an object.`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Json)) {
    if (k.startsWith('$')) continue;
    if (typeof val !== 'string') throw new UsageError(`${file}: ${key}.${k} must be a string.`);
    out[k] = val;
  }
  return out;
}
