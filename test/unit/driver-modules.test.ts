// mssql2pg loads tedious without @azure/identity (src/sqlserver/driver-modules.ts): the module
// is loaded only when tedious's Azure AD code reads it, and is then the real one.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('the SQL Server drivers', () => {
  it('load without @azure/identity, which loads, real, on tedious\'s first read of it', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/helpers/driver-modules-child.ts']);
    expect(JSON.parse(stdout)).toEqual({
      before: { loaded: false, loads: 0, drivers: true },
      untouched: { loaded: false, loads: 0 },
      used: { credential: 'function', has: true },
      after: { loaded: true, loads: 1 },
      sameClass: true,
    });
  }, 30_000);
});
