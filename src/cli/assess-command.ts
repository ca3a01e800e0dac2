/**
 * `mssql2pg assess`: reads the source's catalog (no target needed, nothing is changed) and says,
 * for every user object, what mssql2pg will do with it: a terminal summary, `--json`, and a
 * Markdown report (`--report assess.md`) a team can review.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Argv } from 'yargs';
import { assessCatalog, type AssessConfig } from '../assess/assess-catalog.js';
import { assessJson, formatAssessSummary } from '../assess/assess-summary.js';
import { renderMarkdownReport } from '../assess/markdown-report.js';
import { UsageError } from '../errors.js';
import type { CommandContext } from './command-context.js';
import { EXIT } from './exit-codes.js';
import { resolveFromFlags, type CommonFlags } from './flags.js';

/** The connection, selection and naming options of the stages (naming decides the target names shown); no target, no progress. */
export function assessCommandBuilder(y: Argv) {
  return y
    .option('config', { type: 'string', describe: 'JSON config file (default config/mssql2pg.json if present)', group: 'Configuration:' })
    .option('mssql-url', { type: 'string', describe: 'SQL Server as mssql://user:password@host:port/database (or MSSQL_URL)', group: 'SQL Server:' })
    .option('mssql-host', { type: 'string', describe: 'SQL Server host (or MSSQL_HOST)', group: 'SQL Server:' })
    .option('mssql-port', { type: 'number', describe: 'SQL Server port, default 1433 (or MSSQL_PORT)', group: 'SQL Server:' })
    .option('mssql-instance', { type: 'string', describe: 'named instance instead of a port (or MSSQL_INSTANCE)', group: 'SQL Server:' })
    .option('mssql-database', { type: 'string', describe: 'source database (or MSSQL_DATABASE)', group: 'SQL Server:' })
    .option('mssql-user', { type: 'string', describe: 'login (or MSSQL_USER); the password only via MSSQL_PASSWORD or the config file', group: 'SQL Server:' })
    .option('mssql-encrypt', { type: 'boolean', describe: 'encrypt the connection (default true; or MSSQL_ENCRYPT)', group: 'SQL Server:' })
    .option('trust-server-certificate', { type: 'boolean', describe: 'accept a self-signed server certificate (or MSSQL_TRUST_SERVER_CERTIFICATE)', group: 'SQL Server:' })
    .option('include', { type: 'string', array: true, describe: 'only objects matching these globs on schema.name (case-insensitive)', group: 'Objects:' })
    .option('exclude', { type: 'string', array: true, describe: 'leave out objects matching these globs', group: 'Objects:' })
    .option('target-schema', { type: 'string', describe: 'put every table in this Postgres schema', group: 'Naming:' })
    .option('schema-map', { type: 'string', array: true, describe: 'source=target schema pairs (default dbo=public)', group: 'Naming:' })
    .option('identifier-style', { choices: ['lower', 'snake', 'preserve'] as const, describe: 'target identifier style (default lower)', group: 'Naming:' })
    .option('type-override', { type: 'string', array: true, describe: 'money=numeric(19,2) or dbo.Orders.Total=numeric(20,2)', group: 'Naming:' })
    .option('progress-dir', { type: 'string', describe: 'where a migration would put its progress files (named in the report; nothing is written there)', group: 'Run:' })
    .option('report', { type: 'string', describe: 'also write the Markdown report to this file, e.g. assess.md', group: 'Run:' })
    .option('json', { type: 'boolean', default: false, describe: 'print the inventory as JSON (for scripts)', group: 'Run:' })
    .example('$0 assess', 'what a migration will do with every object, before anything is touched')
    .example('$0 assess --report assess.md', 'also write the report for the team to review')
    .example('$0 assess --include "sales.*" --json', 'one schema, as JSON');
}

export type AssessFlags = Pick<
  CommonFlags,
  | 'config' | 'mssql-url' | 'mssql-host' | 'mssql-port' | 'mssql-instance' | 'mssql-database' | 'mssql-user' | 'mssql-encrypt'
  | 'trust-server-certificate' | 'include' | 'exclude' | 'target-schema' | 'schema-map' | 'identifier-style' | 'type-override' | 'progress-dir'
> & { report?: string; json: boolean };

/**
 * `mssql2pg assess`: 0 when the inventory was read (whatever it found), 2 for bad flags or an
 * unwritable report, 3 when the source cannot be read. The source comes from the context (SQL
 * Server; a test's fixture catalog); a relative `--report` is relative to where it was invoked.
 */
export async function runAssessCommand(
  flags: AssessFlags,
  ctx: Pick<CommandContext, 'source' | 'invocation'>,
  write: (text: string) => void = (text) => void process.stdout.write(text),
): Promise<number> {
  const config = resolveFromFlags({ ...flags, 'fail-fast': false, verbose: false }, { source: true, target: false });
  const catalog = await ctx.source.readCatalog(config.source, 'inventory');
  const assessConfig: AssessConfig = config;
  const inventory = assessCatalog(catalog, assessConfig);
  if (flags.report !== undefined) {
    const file = path.resolve(ctx.invocation.cwd, flags.report);
    try {
      await writeFile(file, renderMarkdownReport(inventory, { generatedAt: new Date(), progressDir: config.progressDir }), 'utf8');
    } catch (err) {
      throw new UsageError(`The report could not be written to ${flags.report}: ${(err as Error).message}`, { cause: err });
    }
  }
  if (flags.json) write(`${JSON.stringify(assessJson(inventory, config.progressDir), null, 2)}\n`);
  else write(`${formatAssessSummary(inventory, config.progressDir).join('\n')}\n${flags.report === undefined ? '' : `\nReport written to ${flags.report}.\n`}`);
  return EXIT.OK;
}
