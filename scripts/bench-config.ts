// What every benchmark that runs a stage needs: a configuration with no SQL Server (the source
// is in memory), the target URL, its own schema and a fresh progress directory, and the
// "whole catalog, stop at the first failure" window.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DEFAULTS } from '../src/config/defaults.js';
import type { ResolvedConfig } from '../src/config/types.js';
import { startEmbeddedPostgres } from '../test/setup/embedded-postgres.js';
import { WHOLE_SELECTION, type WindowOptions } from '../src/run/window.js';

export function benchConfig(url: string, targetSchema: string): ResolvedConfig {
  return {
    source: { host: 'memory', port: 1433, instanceName: null, database: 'bench', user: 'bench', password: '', encrypt: false, trustServerCertificate: true, connectTimeoutMs: 1000, requestTimeoutMs: 0 },
    target: { url, ...DEFAULTS.target },
    selection: { include: [], exclude: [] },
    naming: { schemaMap: {}, targetSchema, identifierStyle: 'lower' },
    typeOverrides: { byType: {}, byColumn: {} },
    progressDir: mkdtempSync(path.join(tmpdir(), 'mssql2pg-bench-')),
    configFile: null,
  };
}

export const BENCH_WINDOW: WindowOptions = { ...WHOLE_SELECTION, failFast: true };

/**
 * Runs a benchmark against PG_URL, or an embedded Postgres started for it, then drops the
 * schemas it made and stops the embedded server (also on failure). Sets the exit code.
 */
export function runBench(schemas: readonly string[], work: (url: string, postgres: 'embedded' | 'PG_URL') => Promise<void>): void {
  const run = async (): Promise<void> => {
    const embedded = process.env['PG_URL'] ? null : await startEmbeddedPostgres();
    const url = process.env['PG_URL'] ?? embedded!.adminUrl;
    try {
      await work(url, embedded ? 'embedded' : 'PG_URL');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    } finally {
      await embedded?.stop();
    }
  };
  void run().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
