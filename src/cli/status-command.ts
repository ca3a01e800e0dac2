import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import { resolveConfig } from '../config/resolve.js';
import type { ResolvedConfig } from '../config/types.js';
import { readLeftoverSchemas } from '../postgres/leftover-schemas.js';
import { openTargetPool, whereOf } from '../postgres/pool.js';
import { readMigrateRecord } from '../progress/migrate-record.js';
import { formatError } from '../run/format-error.js';
import { formatOverview, formatTargetCheck, type TargetCheck } from '../status/format-overview.js';
import { formatStatus } from '../status/format-status.js';
import { migrationOverview } from '../status/migration-overview.js';
import { readStatus } from '../status/read-status.js';
import { formatVerifyStatus, readVerifyStatus } from '../status/read-verify-report.js';
import { notMigratedParagraph } from '../assess/not-migrated-paragraph.js';
import { formatDistributedStatus, readDistributedStatus, type DistributedRunStatus } from '../status/distributed-status.js';
import type { CommandContext } from './command-context.js';
import { EXIT } from './exit-codes.js';
import { layerFromFlags, type CommonFlags } from './flags.js';
import { untilStopped } from '../run/until-stopped.js';

export function statusCommandBuilder(y: Argv) {
  return y
    .option('progress-dir', { type: 'string', describe: `where progress files live (default ${DEFAULTS.progressDir}; or MSSQL2PG_PROGRESS_DIR)`, group: 'Progress:' })
    .option('config', { type: 'string', describe: 'JSON config file (default config/mssql2pg.json if present): its progressDir and target', group: 'Configuration:' })
    .option('pg-url', { type: 'string', describe: 'PostgreSQL URL (or PG_URL): status then also lists schemas mssql2pg left in the target, and its distributed runs (units, workers)', group: 'PostgreSQL:' })
    .option('pg-connect-timeout-ms', { type: 'number', describe: `give up connecting after this many ms (default ${DEFAULTS.target.connectTimeoutMs})`, group: 'PostgreSQL:' })
    .option('json', { type: 'boolean', default: false, describe: 'print the status as JSON (for scripts)', group: 'Run:' })
    .example('$0 status', 'what has run, what failed, and the command that goes on')
    .example('$0 status --json', 'the same for scripts')
    .example('$0 status --pg-url "$PG_URL"', 'also leftover schemas and every distributed run: per table and per worker host');
}

type StatusFlags = Pick<CommonFlags, 'progress-dir' | 'config' | 'pg-url' | 'pg-connect-timeout-ms' | 'json'>;

/**
 * `mssql2pg status`: reads the progress files (no lock, so it also works while a run is going
 * on), and, when a PostgreSQL URL is configured, looks in the target for schemas mssql2pg left
 * there. Without one, or when the target does not answer, it says it could not look and still
 * shows everything else. A corrupted file throws ProgressFileError: exit 2.
 */
export async function runStatusCommand(flags: StatusFlags, ctx: CommandContext): Promise<number> {
  const config = resolveConfig({
    flags: layerFromFlags({ ...flags, 'fail-fast': false, verbose: false, json: flags.json }),
    configPath: flags.config,
    env: process.env,
    cwd: ctx.invocation.cwd,
    needSource: false,
    needTarget: false,
  });
  const dir = config.progressDir;
  const stages = await readStatus(dir);
  const verify = await readVerifyStatus(dir);
  const migrate = await readMigrateRecord(dir);
  const overview = migrationOverview(stages, verify, migrate);
  const notMigrated = await notMigratedParagraph(dir);
  const { target, distributed } = await checkTarget(config, ctx.stop.signal);
  const text = flags.json
    ? JSON.stringify({ progress_dir: dir, stages, verify, migrate, overview, not_migrated: notMigrated, target, ...(distributed.length > 0 ? { distributed } : {}) }, null, 2)
    : [
        ...formatStatus(dir, stages),
        ...(verify ? ['', ...formatVerifyStatus(verify)] : []),
        '',
        ...formatOverview(overview, migrate?.started_at ?? null),
        ...(notMigrated ? ['', notMigrated] : []),
        ...(distributed.length > 0 ? ['', ...formatDistributedStatus(distributed)] : []),
        '',
        ...formatTargetCheck(target),
      ].join('\n');
  process.stdout.write(`${text}\n`);
  return EXIT.OK;
}

/** What the target says, when one is configured: schemas mssql2pg left there, and its distributed runs. */
async function checkTarget(config: ResolvedConfig, signal: AbortSignal): Promise<{ target: TargetCheck; distributed: DistributedRunStatus[] }> {
  if (!config.target.url) {
    return { target: { checked: false, reason: 'no PostgreSQL URL given (--pg-url, PG_URL or target.url in the config file).' }, distributed: [] };
  }
  try {
    const pool = await untilStopped(openTargetPool(config.target, 1, signal), signal, (p) => p.end());
    try {
      const target: TargetCheck = { checked: true, where: whereOf(config.target.url), schemas: await readLeftoverSchemas(pool) };
      return { target, distributed: await readDistributedStatus(pool) };
    } finally {
      await pool.end();
    }
  } catch (err) {
    return { target: { checked: false, reason: `could not look (${formatError(err)}).` }, distributed: [] };
  }
}
