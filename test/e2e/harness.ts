// What e2e test files use to get a real SQL Server. The server itself is found or started once
// per run by test/setup/global-sqlserver.ts (getSqlServer); here we only read the result.
import { describe, inject, it } from 'vitest';
import '../setup/provided-context.js';

export { getSqlServer, mssqlConfigFromUrl, formatMssqlUrl } from '../helpers/sqlserver.js';
export type { SqlServerHandle } from '../helpers/sqlserver.js';

export interface SqlServerForTests {
  /** mssql://user:password@host:port/database?encrypt=false&trustServerCertificate=true */
  readonly url: string;
}

/**
 * `describe` that runs `defineTests` only when a SQL Server is available. Otherwise it registers
 * one skipped test named after the reason, so a run without SQL Server says so in the report
 * instead of silently passing, and prints the reason once to stderr.
 */
export function describeWithSqlServer(name: string, defineTests: (server: SqlServerForTests) => void): void {
  const target = inject('sqlServerTarget');
  if (!target) {
    throw new Error(
      'describeWithSqlServer() needs the e2e globalSetup: put this file under test/e2e ' +
        '(see the projects in test/vitest.config.ts).',
    );
  }
  if ('skip' in target) {
    process.stderr.write(`[e2e] ${name}: SKIPPED: ${target.skip}\n`);
    describe(name, () => {
      // skipIf(true) rather than it.skip: the skip is decided at run time, with a stated reason.
      it.skipIf(true)(`SKIPPED: ${target.skip}`, () => undefined);
    });
    return;
  }
  const server: SqlServerForTests = { url: target.url };
  describe(name, () => defineTests(server));
}
