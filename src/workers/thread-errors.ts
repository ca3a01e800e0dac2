/**
 * Errors cross the worker-thread boundary as plain data (structured clone keeps neither the
 * class nor driver-specific fields reliably). We keep what formatError and isTransientError
 * read: message, name, SQL Server `number`, Postgres SQLSTATE `code` with its detail fields,
 * Node's `syscall`, and the whole cause chain (`cause` and mssql's `originalError`), so a
 * failure reads and retries exactly as it would in one thread.
 */

export interface ThreadError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly fields: Record<string, string | number>;
  readonly cause?: ThreadError;
  readonly originalError?: ThreadError;
}

const FIELDS = ['code', 'number', 'syscall', 'detail', 'column', 'constraint', 'where', 'table', 'stage'] as const;

export function toThreadError(err: unknown, depth = 0): ThreadError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const source = err as Error & Record<string, unknown>;
  const fields: Record<string, string | number> = {};
  for (const key of FIELDS) {
    const value = source[key];
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  }
  const nested = (value: unknown): ThreadError | undefined =>
    value === undefined || value === null || depth >= 6 ? undefined : toThreadError(value, depth + 1);
  return {
    name: err.name,
    message: err.message,
    stack: err.stack,
    fields,
    cause: nested(source.cause),
    originalError: nested(source.originalError),
  };
}

export function fromThreadError(data: ThreadError): Error {
  const err = new Error(data.message, data.cause ? { cause: fromThreadError(data.cause) } : undefined) as Error &
    Record<string, unknown>;
  err.name = data.name;
  if (data.stack !== undefined) err.stack = data.stack;
  Object.assign(err, data.fields);
  if (data.originalError) err.originalError = fromThreadError(data.originalError);
  return err;
}
