import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { isolationStatement, isSnapshotNotAllowed, translateIsolationError } from '../../src/sqlserver/isolation.js';

describe('isolation', () => {
  it('builds the SET TRANSACTION statement for each level', () => {
    expect(isolationStatement('read-committed')).toBe('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    expect(isolationStatement('snapshot')).toBe('SET TRANSACTION ISOLATION LEVEL SNAPSHOT');
  });

  it('turns error 3952 into a UsageError that tells the fix', () => {
    const driverError = Object.assign(new Error('Snapshot isolation transaction failed accessing database'), {
      number: 3952,
    });
    const translated = translateIsolationError(driverError, 'Shop]DB');
    expect(translated).toBeInstanceOf(UsageError);
    expect((translated as Error).message).toBe(
      'Database Shop]DB does not allow SNAPSHOT isolation: run ALTER DATABASE [Shop]]DB] ' +
        'SET ALLOW_SNAPSHOT_ISOLATION ON, or drop --isolation snapshot',
    );
    expect((translated as Error).cause).toBe(driverError);
  });

  it('finds the number on the wrapped tedious error too', () => {
    const wrapped = Object.assign(new Error('outer'), { originalError: { number: 3952 } });
    expect(isSnapshotNotAllowed(wrapped)).toBe(true);
  });

  it('leaves other errors unchanged', () => {
    const other = Object.assign(new Error('deadlock'), { number: 1205 });
    expect(translateIsolationError(other, 'Shop')).toBe(other);
    expect(isSnapshotNotAllowed('3952')).toBe(false);
    expect(isSnapshotNotAllowed(null)).toBe(false);
  });
});

describe('isolation errors wrapped by the row reader', () => {
  it('finds 3952 through a cause chain', () => {
    const wrapped = new Error('Reading rows from SQL Server failed', { cause: { number: 3952 } });
    expect(translateIsolationError(wrapped, 'Shop')).toBeInstanceOf(UsageError);
  });
});
