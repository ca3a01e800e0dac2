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
import { splitInvocation, type CommandContext } from './command-context.js';
import { createRunStop, installInterruptHandler, type RunStop } from './interrupts.js';
import { SQL_SERVER, type SourceDatabase } from './source-database.js';
import { faultOf } from '../run/stop-reason.js';
import { runVerifyCommand, verifyCommandBuilder } from './verify-command.js';
import { runWorkerCommand, workerCommandBuilder } from './worker-command.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface MainOptions {
  /** The run's stop signal; the CLI process's listens to SIGINT, SIGTERM and unhandled rejections. */
  readonly stop?: RunStop;
  /** The source database (SQL Server; tests run the same commands over an in-memory source). */
  readonly source?: SourceDatabase;
  readonly cwd?: string;
}

/** Parses argv, runs the command, returns the exit code. Never calls process.exit itself. */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  let code: number = EXIT.OK;
  const stop = options.stop ?? createRunStop((line) => void process.stderr.write(`${line}\n`));
  const context = (words: readonly string[]): CommandContext => ({
    invocation: splitInvocation(argv, words, options.cwd ?? process.cwd()),
    stop,
    source: options.source ?? SQL_SERVER,
  });
  const run = (p: Promise<number>): Promise<void> => p.then((c) => void (code = c));
  try {
    await yargs(argv)
      .scriptName('mssql2pg')
      .usage('$0 <command>\n\nMove a SQL Server database into PostgreSQL: schema, data, then keys and indexes; verify; resumable.')
      .command('assess', 'before anything is touched: for every object of the source, what mssql2pg will do with it (source only)', assessCommandBuilder, (a) =>
        run(runAssessCommand(a as never, context(['assess']))),
      )
      .command('replicate', 'stage 1 (schema) and stage 3 (constraints) in PostgreSQL', (y) =>
        y
          .command('schema', 'read the SQL Server catalog and create schemas and tables in PostgreSQL', schemaCommandBuilder, (a) =>
            run(runSchemaCommand(a as never, context(['replicate', 'schema']))),
          )
          .command(
            'constraints',
            'stage 3, after the data: primary keys, unique constraints, indexes, checks, then foreign keys',
            constraintsCommandBuilder,
            (a) => run(runConstraintsCommand(a as never, context(['replicate', 'constraints']))),
          )
          .demandCommand(1, 'Name what to replicate: mssql2pg replicate schema, or mssql2pg replicate constraints'),
      )
      .command('sync', 'stage 2: copy the rows into PostgreSQL', (y) =>
        y
          .command('data', 'stream every table from SQL Server into PostgreSQL with COPY', dataCommandBuilder, (a) =>
            run(runDataCommand(a as never, context(['sync', 'data']))),
          )
          .demandCommand(1, 'Name what to sync: mssql2pg sync data'),
      )
      .command('verify', 'compare every table, source against target: exact counts, then every row', verifyCommandBuilder, (a) =>
        run(runVerifyCommand(a as never, context(['verify']))),
      )
      .command('migrate', 'the whole migration: replicate schema, sync data, replicate constraints, verify; stops at the first stage that fails', migrateCommandBuilder, (a) =>
        run(runMigrateCommand(a as never, context(['migrate']))),
      )
      .command('worker', 'a distributed run\'s worker: claim units from the queue in the target database and copy them (see sync data --distributed)', workerCommandBuilder, (a) =>
        run(runWorkerCommand(a as never, context(['worker']))),
      )
      .command('status', 'show what the progress files say: per stage, tables by status and how to resume', statusCommandBuilder, (a) =>
        run(runStatusCommand(a as never, context(['status']))),
      )
      .demandCommand(1, 'Name a command: mssql2pg assess, migrate, replicate schema, sync data, replicate constraints, verify, status or worker')
      .strict()
      .recommendCommands()
      .version(version)
      .help()
      .alias('h', 'help')
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      .epilogue(
        'Exit codes: 0 all tables succeeded, 1 some table failed, 2 usage/configuration error (nothing touched), ' +
          '3 fatal error (cannot connect, missing permission, progress file not writable), 130 interrupted (Ctrl-C or SIGTERM; a second one exits at once).',
      )
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
  // A fault (an unhandled rejection) that the command itself did not see still decides the code.
  if (faultOf(stop.signal) !== null && (code === EXIT.OK || code === EXIT.INTERRUPTED)) return EXIT.FATAL;
  return code;
}

/**
 * The process around main(): argv in, exit code out. It owns the process-wide handlers (the
 * one interrupt path: SIGINT, SIGTERM, unhandled rejections) and bounds how long a stray handle
 * may keep the process alive afterwards.
 */
export function runAsCli(argv: string[] = hideBin(process.argv), options: Omit<MainOptions, 'stop'> = {}): void {
  const stop = installInterruptHandler((line) => void process.stderr.write(`${line}\n`), { catchUnhandledRejections: true });
  void main(argv, { ...options, stop }).then((code) => {
    stop.dispose();
    process.exitCode = code;
    // Every pool is closed by now, so the process should end by itself once stdout drains. If
    // a driver leaves a handle open anyway, do not hang a script waiting on our exit code.
    setTimeout(() => process.exit(code), 10_000).unref();
  });
}

// Run only when executed as the CLI (`tsx src/cli/main.ts`), not when imported by tests; the
// installed command enters through bin.ts, which checks the Node version first.
if (invokedDirectly(import.meta.url)) runAsCli();
