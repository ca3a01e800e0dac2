#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UsageError } from '../errors.js';
import { assessCommandBuilder, runAssessCommand } from './assess-command.js';
import { EXIT, exitFor } from './exit-codes.js';
import { constraintsCommandBuilder, runConstraintsCommand } from './replicate-constraints-command.js';
import { runSchemaCommand, schemaCommandBuilder } from './replicate-schema-command.js';
import { dataCommandBuilder, runDataCommand } from './sync-data-command.js';
import { invokedDirectly } from './invoked-directly.js';
import { migrateCommandBuilder, runMigrateCommand } from './migrate-command.js';
import { runStatusCommand, statusCommandBuilder } from './status-command.js';
import { runVerifyCommand, verifyCommandBuilder } from './verify-command.js';
import { runWorkerCommand, workerCommandBuilder } from './worker-command.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Parses argv, runs the command, returns the exit code. Never calls process.exit itself. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.OK;
  const run = (p: Promise<number>): Promise<void> => p.then((c) => void (code = c));
  try {
    await yargs(argv)
      .scriptName('mssql2pg')
      .usage('$0 <command>\n\nMove a SQL Server database into PostgreSQL: schema, data, then keys and indexes; verify; resumable.')
      .command('assess', 'before anything is touched: for every object of the source, what mssql2pg will do with it (source only)', assessCommandBuilder, (a) =>
        run(runAssessCommand(a as never)),
      )
      .command('replicate', 'stage 1 (schema) and stage 3 (constraints) in PostgreSQL', (y) =>
        y
          .command('schema', 'read the SQL Server catalog and create schemas and tables in PostgreSQL', schemaCommandBuilder, (a) =>
            run(runSchemaCommand(a as never)),
          )
          .command(
            'constraints',
            'stage 3, after the data: primary keys, unique constraints, indexes, checks, then foreign keys',
            constraintsCommandBuilder,
            (a) => run(runConstraintsCommand(a as never)),
          )
          .demandCommand(1, 'Name what to replicate: mssql2pg replicate schema, or mssql2pg replicate constraints'),
      )
      .command('sync', 'stage 2: copy the rows into PostgreSQL', (y) =>
        y
          .command('data', 'stream every table from SQL Server into PostgreSQL with COPY', dataCommandBuilder, (a) =>
            run(runDataCommand(a as never)),
          )
          .demandCommand(1, 'Name what to sync: mssql2pg sync data'),
      )
      .command('verify', 'compare every table, source against target: exact counts, then every row', verifyCommandBuilder, (a) =>
        run(runVerifyCommand(a as never)),
      )
      .command('migrate', 'the whole migration: replicate schema, sync data, replicate constraints, verify; stops at the first stage that fails', migrateCommandBuilder, (a) =>
        run(runMigrateCommand(a as never, argv.filter((_, i) => i !== argv.indexOf('migrate')))),
      )
      .command('worker', 'a distributed run\'s worker: claim units from the queue in the target database and copy them (see sync data --distributed)', workerCommandBuilder, (a) =>
        run(runWorkerCommand(a as never)),
      )
      .command('status', 'show what the progress files say: per stage, tables by status and how to resume', statusCommandBuilder, (a) =>
        run(runStatusCommand(a as never)),
      )
      .demandCommand(1, 'Name a command: mssql2pg assess, migrate, replicate schema, sync data, replicate constraints, verify, status or worker')
      .strict()
      .recommendCommands()
      .version(version)
      .help()
      .alias('h', 'help')
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      .epilogue('Exit codes: 0 all tables succeeded, 1 some table failed, 2 usage/configuration error, 3 fatal error, 130 interrupted.')
      .fail((msg, err) => {
        if (err) throw err;
        throw new UsageError(`${msg}\nRun mssql2pg --help for usage.`);
      })
      .exitProcess(false)
      .parseAsync();
  } catch (err) {
    const { code: exitCode, message } = exitFor(err);
    process.stderr.write(`${message}\n`);
    return exitCode;
  }
  return code;
}

/** The process around main(): argv in, exit code out, and a bound on how long a stray handle may keep it alive. */
export function runAsCli(): void {
  void main(hideBin(process.argv)).then((code) => {
    process.exitCode = code;
    // Every pool is closed by now, so the process should end by itself once stdout drains. If
    // a driver leaves a handle open anyway, do not hang a script waiting on our exit code.
    setTimeout(() => process.exit(code), 10_000).unref();
  });
}

// Run only when executed as the CLI (`tsx src/cli/main.ts`), not when imported by tests; the
// installed command enters through bin.ts, which checks the Node version first.
if (invokedDirectly(import.meta.url)) runAsCli();
