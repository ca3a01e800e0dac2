// `npm run demo`: the main job end to end. Loads a small shop database into SQL Server, runs
// `mssql2pg migrate` (schema, data, constraints, verify) as a user would, and compares row
// counts. SQL Server comes from MSSQL_URL or a Docker container; Postgres from PG_URL or an
// embedded server that lives as long as the demo (or until Ctrl-C with --keep).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { redactUrl } from '../src/config/redact.js';
import { formatError } from '../src/run/format-error.js';
import { runCli } from './demo-cli.js';
import { SAMPLE_DATABASE, loadSampleShop } from './demo-sample-db.js';
import { NEEDS_SQL_SERVER_MESSAGE, acquirePostgres, acquireSqlServer, countPostgresRows } from './demo-servers.js';
import { compareRowCounts, formatRowCountTable, psqlHint, type RowCountCheck } from './demo-summary.js';
import { invokedDirectly } from '../src/cli/invoked-directly.js';

export interface DemoOptions {
  /** Defaults to MSSQL_URL. */
  readonly mssqlUrl?: string;
  /** Defaults to PG_URL; when neither is set an embedded Postgres is started. */
  readonly pgUrl?: string;
  /** Keep throwaway servers running until Ctrl-C. */
  readonly keep?: boolean;
  /** Progress lines; the "needs a SQL Server" message goes to `warn`. Default stdout / stderr. */
  readonly write?: (line: string) => void;
  readonly warn?: (line: string) => void;
  /** Where MSSQL_URL and PG_URL are read when the options above are absent. Default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Seam for tests: how to find a SQL Server when no URL is given. Default: a Docker container. */
  readonly findSqlServer?: typeof acquireSqlServer;
}

export interface DemoResult {
  /** 0 all good, 1 some table failed or counts differ, 2 no SQL Server, else the CLI's code. */
  readonly exitCode: number;
  readonly checks: readonly RowCountCheck[];
}

/** Schema for the demo's tables in a Postgres the user gave us, so nothing of theirs is touched. */
const USER_TARGET_SCHEMA = 'mssql2pg_demo';

export async function runDemo(o: DemoOptions = {}): Promise<DemoResult> {
  const write = o.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const warn = o.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const env = o.env ?? process.env;
  const sqlServer = await (o.findSqlServer ?? acquireSqlServer)(o.mssqlUrl ?? env['MSSQL_URL']);
  if (!sqlServer) {
    warn(NEEDS_SQL_SERVER_MESSAGE);
    return { exitCode: 2, checks: [] };
  }
  const cleanups: Array<() => Promise<void>> = [() => sqlServer.stop()];
  const stopRequested = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!stopRequested.signal.aborted) write(`\n${signal}: the demo stops after the current step.`);
    stopRequested.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    write(`SQL Server: ${redactUrl(sqlServer.url)} (${sqlServer.origin})`);
    write(`Loading the sample shop database ${SAMPLE_DATABASE} (scripts/sample-shop.sql)...`);
    const sample = await loadSampleShop(sqlServer.url);
    const sampleRows = [...sample.rowCounts.values()].reduce((a, b) => a + b, 0);
    write(`Loaded ${sample.rowCounts.size} tables, ${sampleRows} rows.`);
    stopRequested.signal.throwIfAborted();

    const postgres = await acquirePostgres(o.pgUrl ?? env['PG_URL'], SAMPLE_DATABASE);
    cleanups.push(() => postgres.stop());
    write(`PostgreSQL: ${redactUrl(postgres.url)} (${postgres.origin})`);
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'mssql2pg-demo-'));
    cleanups.push(() => rm(workDir, { recursive: true, force: true }));
    const result = await migrate(sample.url, postgres.url, postgres.throwaway, workDir, write, stopRequested.signal);
    const targetSchema = postgres.throwaway ? null : USER_TARGET_SCHEMA;
    const checks = compareRowCounts(sample.rowCounts, await countPostgresRows(postgres.url), targetSchema);
    write('');
    for (const line of formatRowCountTable(checks)) write(line);
    write('');
    const urlFile = postgres.throwaway ? await writeSecretFile(workDir, 'pg-url', postgres.url) : null;
    for (const line of psqlHint(postgres.url, urlFile, targetSchema)) write(line);
    const exitCode = result !== 0 ? result : checks.every((c) => c.ok) ? 0 : 1;
    await holdThrowawayServers(o.keep ?? false, postgres.throwaway || sqlServer.throwaway, stopRequested.signal, write);
    return { exitCode, checks };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await runCleanups(cleanups, write);
  }
}

/**
 * `mssql2pg migrate` through the real CLI, as a user would: schema, data, constraints and
 * verify, stopping at the first stage that does not end cleanly.
 */
async function migrate(
  mssqlUrl: string,
  pgUrl: string,
  throwawayTarget: boolean,
  workDir: string,
  write: (line: string) => void,
  signal: AbortSignal,
): Promise<number> {
  // An empty config file, so a config/mssql2pg.json in the repo cannot change what the demo does.
  const configFile = path.join(workDir, 'demo-config.json');
  await writeFile(configFile, '{}\n');
  const common = ['--config', configFile, '--progress-dir', path.join(workDir, 'progress')];
  // In the user's own Postgres the demo writes only to its own schema, and replaces what an
  // earlier demo run left there.
  const naming = throwawayTarget ? [] : ['--target-schema', USER_TARGET_SCHEMA, '--drop-existing'];
  // First what a team would look at before touching anything: what will and will not be migrated.
  const assess = ['assess', ...common, '--report', path.join(workDir, 'assess.md'), ...(throwawayTarget ? [] : ['--target-schema', USER_TARGET_SCHEMA])];
  write(`\n$ mssql2pg ${assess.join(' ')}`);
  const assessed = await runCli({ args: assess, mssqlUrl, pgUrl });
  if (assessed !== 0 || signal.aborted) return signal.aborted ? 130 : assessed;
  const args = ['migrate', ...common, ...naming];
  write(`\n$ mssql2pg ${args.join(' ')}`);
  const code = await runCli({ args, mssqlUrl, pgUrl });
  return signal.aborted && code === 0 ? 130 : code;
}

async function writeSecretFile(dir: string, name: string, content: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `${content}\n`, { mode: 0o600 });
  return file;
}

/** Without --keep, say that the servers go away; with it, wait for Ctrl-C (never for stdin, which CI closes). */
async function holdThrowawayServers(keep: boolean, anyThrowaway: boolean, signal: AbortSignal, write: (line: string) => void): Promise<void> {
  if (!anyThrowaway) return;
  if (!keep) {
    write('The servers this demo started stop now that it exits; run `npm run demo -- --keep` to keep them until Ctrl-C.');
    return;
  }
  write('Servers kept running (--keep). Press Ctrl-C to stop them and exit.');
  if (signal.aborted) return;
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Last started, first stopped; one failing cleanup does not skip the others. */
async function runCleanups(cleanups: Array<() => Promise<void>>, write: (line: string) => void): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      write(`Cleanup failed: ${formatError(error)}`);
    }
  }
}

const USAGE = `Usage: npm run demo [-- --keep]

Loads a sample shop database into SQL Server and migrates it into PostgreSQL with mssql2pg.
  MSSQL_URL  SQL Server to use, e.g. mssql://sa:password@localhost:1433/master?encrypt=false&trustServerCertificate=true
             (without it, a SQL Server container is started when Docker is reachable)
  PG_URL     PostgreSQL to migrate into; the demo uses its own schema ${USER_TARGET_SCHEMA} there
             (without it, an embedded PostgreSQL is started)
  --keep     keep the servers the demo started running until Ctrl-C`;

export function parseDemoArgs(argv: readonly string[]): { keep: boolean; help: boolean } {
  let keep = false;
  let help = false;
  for (const arg of argv) {
    if (arg === '--keep') keep = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else throw new Error(`Unknown argument ${arg}.\n${USAGE}`);
  }
  return { keep, help };
}

async function main(argv: readonly string[]): Promise<number> {
  let args: { keep: boolean; help: boolean };
  try {
    args = parseDemoArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  try {
    if (args.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    return (await runDemo({ keep: args.keep })).exitCode;
  } catch (error) {
    process.stderr.write(`Demo failed: ${formatError(error)}\n`);
    return 3;
  }
}

if (invokedDirectly(import.meta.url)) {
  // process.exit, not exitCode: a container runtime client may hold sockets open after we are done.
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
