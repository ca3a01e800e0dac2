/**
 * Error classes. Each says what went wrong in words a user can act on and keeps the driver
 * error as `cause` (so the SQL Server error number or Postgres SQLSTATE survives). The CLI maps
 * classes to exit codes in one place (src/cli/exit-codes.ts).
 */

export class Mssql2pgError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad flags, bad configuration, unknown table names: exit 2, nothing was touched. */
export class UsageError extends Mssql2pgError {}

/** The progress file is unreadable, corrupted or locked by another run: exit 2. */
export class ProgressFileError extends Mssql2pgError {}

/**
 * A progress file could not be written (a full disk, a read-only directory): a failure of our
 * own I/O during a run, not a usage error, so exit 3. The message names the file and the OS error.
 */
export class ProgressWriteError extends ProgressFileError {}

/** A column whose SQL Server type has no mapping row. */
export class UnmappedTypeError extends Mssql2pgError {}

/** Two source names that become the same target name after the naming style. */
export class NameCollisionError extends Mssql2pgError {}

/** One table failed in one stage. Message: `Table dbo.Orders (data) failed: <reason>`. */
export class TableError extends Mssql2pgError {
  constructor(
    readonly table: string,
    readonly stage: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Table ${table} (${stage}) failed: ${reason}`, options);
  }
}
