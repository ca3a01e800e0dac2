/**
 * The SQL Server error number behind an error: mssql keeps tedious' error as `originalError`,
 * our own wrappers keep it as `cause`, and the number may sit at any depth of that chain.
 */
export function sqlErrorNumber(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { number, originalError, cause } = error as { number?: unknown; originalError?: unknown; cause?: unknown };
  if (typeof number === 'number') return number;
  return sqlErrorNumber(originalError) ?? sqlErrorNumber(cause);
}
