import { describe, expect, it } from 'vitest';
import { TableError } from '../../src/errors.js';
import { formatError } from '../../src/run/format-error.js';
import { isTransientError } from '../../src/run/retry.js';
import { fromThreadError, toThreadError } from '../../src/workers/thread-errors.js';

/** What crossing the thread boundary does to a value: structured clone. */
const crossThreads = (err: unknown): Error => fromThreadError(structuredClone(toThreadError(err)));

describe('errors across the worker-thread boundary', () => {
  it('keep the formatted text: message chain, SQLSTATE, DETAIL and COPY line', () => {
    const pg = Object.assign(new Error('duplicate key value violates unique constraint "t_pkey"'), {
      code: '23505', constraint: 't_pkey', detail: 'Key (id)=(1) already exists.', where: 'COPY t, line 1',
    });
    const wrapped = new TableError('dbo.T', 'data', 'copy failed', { cause: pg });
    expect(formatError(crossThreads(wrapped))).toBe(formatError(wrapped));
  });

  it('keep the SQL Server error number in mssql\'s originalError, so retries decide the same', () => {
    const tedious = Object.assign(new Error('Transaction was deadlocked'), { number: 1205 });
    const mssql = Object.assign(new Error('Transaction was deadlocked'), { code: 'EREQUEST', originalError: tedious });
    const crossed = crossThreads(mssql);
    expect(isTransientError(crossed)).toBe(true);
    expect(formatError(crossed)).toBe(formatError(mssql));
    const conversion = Object.assign(new Error('Conversion failed'), { number: 245 });
    expect(isTransientError(crossThreads(conversion))).toBe(false);
  });

  it('keep a socket error transient and its name', () => {
    const reset = Object.assign(new Error('write ECONNRESET'), { code: 'ECONNRESET', syscall: 'write' });
    reset.name = 'SystemError';
    const crossed = crossThreads(reset);
    expect(isTransientError(crossed)).toBe(true);
    expect(crossed.name).toBe('SystemError');
    expect(formatError(crossed)).toBe(formatError(reset));
  });

  it('turn a non-Error reason into an Error with its text', () => {
    expect(crossThreads('SIGINT').message).toBe('SIGINT');
  });
});
