// Child-process entry for test/unit/driver-modules.test.ts: a fresh thread that loads the
// drivers as mssql2pg does, and reports whether @azure/identity was loaded, before and after
// tedious's own code reads it.
//   node --import tsx test/helpers/driver-modules-child.ts
// driver-modules first: the drivers must load as mssql2pg loads them, before anything else here.
import { mssql, tedious } from '../../src/sqlserver/driver-modules.js';
import { createRequire } from 'node:module';
import { realAzureIdentityLoads } from '../../src/sqlserver/defer-azure-identity.js';

const require = createRequire(import.meta.url);
const identityLoaded = (): boolean => Object.keys(require.cache).some((f) => f.includes('/@azure/identity/'));

const before = { loaded: identityLoaded(), loads: realAzureIdentityLoads(), drivers: typeof mssql.ConnectionPool === 'function' && typeof tedious.Connection === 'function' };
// What tedious's connection.js holds: require('@azure/identity') as tedious itself made it.
const fromTedious = createRequire(require.resolve('tedious/lib/connection.js'))('@azure/identity') as Record<string, unknown>;
const untouched = { loaded: identityLoaded(), loads: realAzureIdentityLoads() };
const used = { credential: typeof fromTedious['DefaultAzureCredential'], has: 'ClientSecretCredential' in fromTedious };
const after = { loaded: identityLoaded(), loads: realAzureIdentityLoads() };
// Anyone else gets the module itself.
const direct = require('@azure/identity') as Record<string, unknown>;
process.stdout.write(`${JSON.stringify({ before, untouched, used, after, sameClass: direct['DefaultAzureCredential'] === fromTedious['DefaultAzureCredential'] })}\n`);
