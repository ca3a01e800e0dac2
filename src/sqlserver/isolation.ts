/**
 * Transaction isolation for the stage-2 reads. READ COMMITTED is SQL Server's default;
 * SNAPSHOT gives each table's read one consistent point in time without blocking writers,
 * but only where the database allows it.
 */
import { UsageError } from '../errors.js';

import type { IsolationLevel } from './contract.js';
import { sqlErrorNumber } from './sql-error-number.js';

export type { IsolationLevel };

export function isolationStatement(level: IsolationLevel): string {
  return level === 'snapshot'
    ? 'SET TRANSACTION ISOLATION LEVEL SNAPSHOT'
    : 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED';
}

/**
 * Msg 3952: "Snapshot isolation transaction failed accessing database '%.*ls' because
 * snapshot isolation is not allowed in this database." mssql keeps the server's error number
 * as `number` on its RequestError; the error may also sit deeper in a `cause` chain.
 */
export const SNAPSHOT_NOT_ALLOWED = 3952;

export function isSnapshotNotAllowed(error: unknown): boolean {
  return sqlErrorNumber(error) === SNAPSHOT_NOT_ALLOWED;
}

/** Error 3952 → a UsageError that tells the fix; any other error comes back unchanged. */
export function translateIsolationError(error: unknown, database: string): unknown {
  if (!isSnapshotNotAllowed(error)) return error;
  const quoted = `[${database.replaceAll(']', ']]')}]`;
  return new UsageError(
    `Database ${database} does not allow SNAPSHOT isolation: run ` +
      `ALTER DATABASE ${quoted} SET ALLOW_SNAPSHOT_ISOLATION ON, or drop --isolation snapshot`,
    { cause: error },
  );
}
