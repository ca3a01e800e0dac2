import { describe, expect, it } from 'vitest';
import { EXIT, exitFor } from '../../src/cli/exit-codes.js';
import {
  Mssql2pgError,
  NameCollisionError,
  ProgressFileError,
  TableError,
  UnmappedTypeError,
  UsageError,
} from '../../src/errors.js';

describe('EXIT', () => {
  it('has the documented values', () => {
    expect(EXIT).toEqual({ OK: 0, TABLES_FAILED: 1, USAGE: 2, FATAL: 3, INTERRUPTED: 130 });
  });
});

describe('exitFor', () => {
  it.each([
    [new UsageError('Unknown argument: bogus'), 'Error: Unknown argument: bogus'],
    [new ProgressFileError('progress/data_sync_progress.json is locked by pid 42'), 'Error: progress/data_sync_progress.json is locked by pid 42'],
    [new NameCollisionError('dbo.Orders and dbo.ORDERS both become public.orders'), 'Error: dbo.Orders and dbo.ORDERS both become public.orders'],
    [new UnmappedTypeError('dbo.T.c has type geography'), 'Error: dbo.T.c has type geography'],
  ])('maps %s to 2 (usage: nothing touched)', (err, message) => {
    expect(exitFor(err)).toEqual({ code: 2, message });
  });

  it('maps our other errors to 3, with the cause chain and its driver codes', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:1433'), { code: 'ESOCKET' });
    const err = new Mssql2pgError('Cannot connect to SQL Server at sql01:1433/Sales as sa', { cause });
    expect(exitFor(err)).toEqual({
      code: 3,
      message: 'Error: Cannot connect to SQL Server at sql01:1433/Sales as sa: connect ECONNREFUSED 10.0.0.5:1433 [ESOCKET]',
    });
  });

  it('maps a TableError escaping a command to 3 with its table in the message', () => {
    const { code, message } = exitFor(new TableError('dbo.Orders', 'data', 'catalog changed'));
    expect(code).toBe(3);
    expect(message).toBe('Error: Table dbo.Orders (data) failed: catalog changed');
  });

  it('maps an unexpected error to 3 and includes its stack (it is a bug to report)', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'name')");
    const { code, message } = exitFor(bug);
    expect(code).toBe(3);
    expect(message.startsWith("Unexpected error: Cannot read properties of undefined (reading 'name')\n")).toBe(true);
    expect(message).toContain('TypeError');
    expect(message).toContain('exit-codes.test.ts');
  });

  it('maps a thrown non-Error to 3', () => {
    expect(exitFor('something odd')).toEqual({ code: 3, message: 'Unexpected error: something odd' });
  });
});
