// What every benchmark that runs a stage needs: a configuration with no SQL Server (the source
// is in memory), the target URL, its own schema and a fresh progress directory, and the
// "whole catalog, stop at the first failure" window.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ResolvedConfig } from '../src/config/types.js';

export function benchConfig(url: string, targetSchema: string): ResolvedConfig {
  return {
    source: { host: 'memory', port: 1433, instanceName: null, database: 'bench', user: 'bench', password: '', encrypt: false, trustServerCertificate: true, connectTimeoutMs: 1000, requestTimeoutMs: 0 },
    target: { url },
    selection: { include: [], exclude: [] },
    naming: { schemaMap: {}, targetSchema, identifierStyle: 'lower' },
    typeOverrides: { byType: {}, byColumn: {} },
    progressDir: mkdtempSync(path.join(tmpdir(), 'mssql2pg-bench-')),
    configFile: null,
  };
}

export const BENCH_WINDOW = { resume: false, reset: false, startFrom: null, until: null, maxTables: null, failFast: true } as const;
