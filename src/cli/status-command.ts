import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import { readStatus } from '../status/read-status.js';
import { formatStatus } from '../status/format-status.js';
import { formatVerifyStatus, readVerifyStatus } from '../status/read-verify-report.js';
import { notMigratedParagraph } from '../assess/not-migrated-paragraph.js';
import { EXIT } from './exit-codes.js';
import { distributedStatus } from './distributed-status-command.js';

export function statusCommandBuilder(y: Argv) {
  return y
    .option('progress-dir', { type: 'string', default: DEFAULTS.progressDir, describe: 'where progress files live', group: 'Progress:' })
    .option('json', { type: 'boolean', default: false, describe: 'print the status as JSON (for scripts)', group: 'Run:' })
    .option('pg-url', { type: 'string', describe: 'also show distributed runs from this target database (units, workers); connects to it', group: 'Distributed:' })
    .example('$0 status', 'what has run, what failed, and the command that resumes')
    .example('$0 status --json', 'the same for scripts')
    .example('$0 status --pg-url "$PG_URL"', 'also every distributed run: per table and per worker host');
}

/**
 * `mssql2pg status`: reads the progress files only (no configuration, no connection), so it
 * also works while a run is going on. A corrupted file throws ProgressFileError: exit 2.
 */
export async function runStatusCommand(flags: { 'progress-dir': string; json: boolean; 'pg-url'?: string }): Promise<number> {
  const dir = flags['progress-dir'];
  const stages = await readStatus(dir);
  const verify = await readVerifyStatus(dir);
  const distributed = flags['pg-url'] === undefined ? null : await distributedStatus(flags['pg-url']);
  const notMigrated = await notMigratedParagraph(dir);
  const text = flags.json
    ? JSON.stringify({ progress_dir: dir, stages, verify, not_migrated: notMigrated, ...(distributed ? { distributed: distributed.runs } : {}) }, null, 2)
    : [
        ...formatStatus(dir, stages),
        ...(verify ? ['', ...formatVerifyStatus(verify)] : []),
        ...(notMigrated ? ['', notMigrated] : []),
        ...(distributed ? ['', ...distributed.lines] : []),
      ].join('\n');
  process.stdout.write(`${text}\n`);
  return EXIT.OK;
}
