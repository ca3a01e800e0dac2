// Child-process entry point that runs the real CLI (src/cli/main.ts's runAsCli: the process-wide
// interrupt and unhandled-rejection handlers, the renderer chosen by the terminal, exit codes)
// over in-memory source tables, for tests that need a real process: Ctrl-C in a pseudo-terminal,
// a Postgres that never answers, a progress directory that disappears.
//   node --import tsx test/helpers/cli-child.ts '<MemoryDatabaseArgs as JSON>' sync data --parallel 2 ...
// Configuration comes from the environment as for a user (PG_URL; MSSQL_URL must be set but is
// never connected to).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runAsCli } from '../../src/cli/main.js';
import { memorySourceDatabase, type MemoryDatabaseArgs } from './memory-source-database.js';

export const CLI_CHILD = fileURLToPath(import.meta.url);

if (process.argv[1] === CLI_CHILD) {
  const [json, ...argv] = process.argv.slice(2);
  // A test that sends this process a signal itself (SIGTERM) needs its pid; in a pseudo-terminal
  // `script` and a shell stand between.
  if (process.env.MSSQL2PG_TEST_PID_FILE) writeFileSync(process.env.MSSQL2PG_TEST_PID_FILE, String(process.pid));
  runAsCli(argv, { source: memorySourceDatabase(JSON.parse(json ?? '{}') as MemoryDatabaseArgs) });
}
