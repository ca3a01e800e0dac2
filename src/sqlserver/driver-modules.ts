/**
 * The SQL Server driver modules (mssql, tedious), imported here and nowhere else, after one
 * change to how Node loads them: tedious requires `@azure/identity` when it loads, for Azure AD
 * logins, which mssql2pg does not use (it logs in with SQL Server authentication). That module
 * and its dependencies take about 5 MB of heap in every thread that loads tedious: the main
 * thread and each stage-2 worker. So tedious gets a stand-in that loads the real module on first
 * use: nothing changes for anyone who does use it (tedious's Azure AD code reads a property, the
 * real module loads then), and a run that never does saves the memory in every thread.
 * test/unit/driver-modules.test.ts checks both.
 */
import './defer-azure-identity.js';
import mssql from 'mssql';
import tedious from 'tedious';

export { mssql, tedious };
