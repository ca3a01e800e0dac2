import { Mssql2pgError, NameCollisionError, ProgressFileError, ProgressWriteError, UnmappedTypeError, UsageError } from '../errors.js';
import { formatError } from '../run/format-error.js';
import { Interrupted } from '../run/stop-reason.js';
import { redactRegisteredSecrets } from '../config/redact.js';

/** Exit codes scripts can trust (README "Exit codes"). */
export const EXIT = {
  /** Every table in the run succeeded (or was already completed). */
  OK: 0,
  /** The run finished but at least one table failed or was not started (fail-fast). */
  TABLES_FAILED: 1,
  /** Bad flags or configuration, unknown table names, progress file corrupted or locked: nothing touched. */
  USAGE: 2,
  /** The run could not start or could not go on: connection refused, login failed, catalog unreadable. */
  FATAL: 3,
  /** Interrupted by SIGINT or SIGTERM (both: one code for "stopped on request"); progress saved, `--resume` continues. */
  INTERRUPTED: 130,
} as const;

/** The one place that turns an error escaping a command into an exit code and a message. */
export function exitFor(err: unknown): { code: number; message: string } {
  // Stopped while connecting, before any stage had started: nothing to roll back or resume.
  if (err instanceof Interrupted) return { code: EXIT.INTERRUPTED, message: `Stopped (${err.message}) while connecting, before this stage touched anything.` };
  if (
    err instanceof UsageError ||
    (err instanceof ProgressFileError && !(err instanceof ProgressWriteError)) ||
    err instanceof NameCollisionError ||
    err instanceof UnmappedTypeError
  ) {
    return { code: EXIT.USAGE, message: `Error: ${redactRegisteredSecrets(err.message)}` };
  }
  if (err instanceof Mssql2pgError) return { code: EXIT.FATAL, message: `Error: ${formatError(err)}` };
  return { code: EXIT.FATAL, message: redactRegisteredSecrets(`Unexpected error: ${formatError(err)}${err instanceof Error && err.stack ? `\n${err.stack}` : ''}`) };
}
