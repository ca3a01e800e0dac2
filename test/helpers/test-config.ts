// A ResolvedConfig for tests: no SQL Server connection (the catalog comes from fixtures), the
// target is the per-test database, progress files in a fresh temp directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ResolvedConfig } from '../../src/config/types.js';

export function testConfig(targetUrl: string, o: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    source: {
      host: 'not-used', port: 1433, instanceName: null, database: 'src', user: 'u', password: 'not-used',
      encrypt: false, trustServerCertificate: true, connectTimeoutMs: 1000, requestTimeoutMs: 0,
    },
    target: { url: targetUrl, connectTimeoutMs: 10_000, keepAliveMs: 60_000 },
    selection: { include: [], exclude: [] },
    naming: { schemaMap: {}, targetSchema: null, identifierStyle: 'lower' },
    typeOverrides: { byType: {}, byColumn: {} },
    progressDir: mkdtempSync(path.join(tmpdir(), 'mssql2pg-progress-')),
    configFile: null,
    ...o,
  };
}
