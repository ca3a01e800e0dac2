/**
 * Where a worker finds the login for a source it was not started for: its own connection
 * settings (flags, environment, config file, as every command) and a sources file listing
 * more SQL Server databases, each like the config file's `source` object:
 *
 *   { "sources": [ { "url": "mssql://migrator:secret@sql01:1433/Tenant1" },
 *                  { "host": "sql02", "database": "Tenant2", "user": "migrator", "password": "…" } ] }
 *
 * A unit names its source by server and database only; the worker looks that up here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { layerFromJson } from '../config/file.js';
import { resolveSourceLayer } from '../config/resolve.js';
import type { SourceConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { identityOf, sourceKey, type SourceIdentity } from './source-identity.js';

export interface SourceCredentials {
  /** The connection for this source, or null when this worker has none. */
  lookup(source: SourceIdentity): SourceConfig | null;
  /** The sources it can serve, as `server/database` (never a login), for its start line. */
  readonly known: readonly string[];
}

export function sourceCredentials(sources: readonly SourceConfig[]): SourceCredentials {
  const byKey = new Map<string, SourceConfig>();
  for (const s of sources) byKey.set(sourceKey(identityOf(s)), s);
  return { lookup: (source) => byKey.get(sourceKey(source)) ?? null, known: [...byKey.keys()] };
}

/** Parses a sources file; every entry must be complete (host, database, user, password). */
export function parseSourcesFile(json: unknown, file: string): SourceConfig[] {
  const root = json as { sources?: unknown } | null;
  if (typeof root !== 'object' || root === null || Array.isArray(root) || !Array.isArray(root.sources)) {
    throw new UsageError(`${file}: expected {"sources": [ {...}, ... ]}, each entry like the config file's "source".`);
  }
  for (const key of Object.keys(root)) {
    if (key !== 'sources' && !key.startsWith('$')) throw new UsageError(`${file}: unknown key "${key}" (known: sources).`);
  }
  return root.sources.map((entry, i) => {
    const where = `${file} sources[${i}]`;
    try {
      return resolveSourceLayer(layerFromJson({ source: entry }, where));
    } catch (err) {
      if (err instanceof UsageError) throw new UsageError(`${where}: ${err.message}`, { cause: err });
      throw err;
    }
  });
}

export function readSourcesFile(file: string, cwd: string): SourceConfig[] {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    throw new UsageError(`Sources file ${file} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`Sources file ${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  return parseSourcesFile(json, file);
}
