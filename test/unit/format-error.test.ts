import { describe, expect, it } from 'vitest';
import { Mssql2pgError, TableError } from '../../src/errors.js';
import { formatError } from '../../src/run/format-error.js';

/** Shaped like mssql's RequestError: SQL Server's error number in `number`, mssql's code in `code`. */
function sqlServerError(message: string, number: number): Error {
  return Object.assign(new Error(message), { name: 'RequestError', code: 'EREQUEST', number });
}

/** Shaped like node-postgres' DatabaseError. */
function postgresError(message: string, fields: Record<string, string>): Error {
  return Object.assign(new Error(message), { name: 'error', severity: 'ERROR', ...fields });
}

describe('formatError', () => {
  it('keeps the SQL Server error number', () => {
    expect(formatError(sqlServerError("Invalid object name 'dbo.Gone'.", 208))).toBe(
      "Invalid object name 'dbo.Gone'. [SQL Server error 208, EREQUEST]",
    );
  });

  it('keeps the Postgres SQLSTATE, constraint and detail', () => {
    const err = postgresError('duplicate key value violates unique constraint "orders_pkey"', {
      code: '23505',
      constraint: 'orders_pkey',
      detail: 'Key (id)=(7) already exists.',
    });
    expect(formatError(err)).toBe(
      'duplicate key value violates unique constraint "orders_pkey" [SQLSTATE 23505, constraint orders_pkey] (Key (id)=(7) already exists.)',
    );
  });

  it('keeps the column and the COPY line Postgres names, first line of `where` only', () => {
    const err = postgresError('invalid input syntax for type numeric: "abc"', {
      code: '22P02',
      column: 'total',
      where: 'COPY orders, line 41, column total: "abc"\nsecond line',
    });
    expect(formatError(err)).toBe(
      'invalid input syntax for type numeric: "abc" [SQLSTATE 22P02, column total] (COPY orders, line 41, column total: "abc")',
    );
  });

  it('ignores a `where` that is not about COPY', () => {
    const err = postgresError('division by zero', { code: '22012', where: 'PL/pgSQL function f() line 3' });
    expect(formatError(err)).toBe('division by zero [SQLSTATE 22012]');
  });

  it('walks the cause chain, keeping the tags of the innermost driver error', () => {
    const pg = postgresError('value too long for type character varying(10)', { code: '22001', column: 'name' });
    const copy = new Error('COPY into public.orders failed', { cause: pg });
    const table = new TableError('dbo.Orders', 'data', 'could not load the rows', { cause: copy });
    expect(formatError(table)).toBe(
      'Table dbo.Orders (data) failed: could not load the rows: COPY into public.orders failed: ' +
        'value too long for type character varying(10) [SQLSTATE 22001, column name]',
    );
  });

  it("collapses a cause whose message the wrapper already repeats, keeping the cause's number", () => {
    const inner = sqlServerError("Invalid column name 'Totl'.", 207);
    const wrapper = new Mssql2pgError(`Reading rows from SQL Server failed: ${inner.message}`, { cause: inner });
    expect(formatError(wrapper)).toBe("Reading rows from SQL Server failed: Invalid column name 'Totl'. [SQL Server error 207, EREQUEST]");
  });

  it("follows mssql's originalError to tedious' error, without repeating the shared number", () => {
    const tedious = Object.assign(new Error('Login failed for user \'sa\'.'), { number: 18456 });
    const mssqlErr = Object.assign(new Error("Login failed for user 'sa'."), { code: 'ELOGIN', number: 18456, originalError: tedious });
    expect(formatError(mssqlErr)).toBe("Login failed for user 'sa'. [SQL Server error 18456, ELOGIN]");
  });

  it('stops on a cyclic cause chain', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as Error & { cause?: unknown }).cause = b;
    expect(formatError(a)).toBe('a: b');
  });

  it('formats values that are not errors', () => {
    expect(formatError('plain text')).toBe('plain text');
    expect(formatError(42)).toBe('42');
    expect(formatError(new Error('', { cause: 'why' }))).toBe('Error: why');
  });

  it('regression: a Node socket error EPIPE is not reported as SQLSTATE EPIPE', () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' });
    const text = formatError(epipe);
    expect(text).not.toContain('SQLSTATE');
    expect(text).toBe('write EPIPE [EPIPE]');
  });
});

describe('secrets in driver messages', () => {
  it('scrubs a registered password from every message formatError builds', async () => {
    const { registerSecret } = await import('../../src/config/redact.js');
    registerSecret('Hunter2-Secret');
    const driverError = Object.assign(new Error("Login failed for user 'sa' with password Hunter2-Secret"), { number: 18456 });
    const text = formatError(new Error('Cannot connect', { cause: driverError }));
    expect(text).not.toContain('Hunter2-Secret');
    expect(text).toContain('***');
    expect(text).toContain('SQL Server error 18456');
  });
});
