import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import { readStatus } from '../status/read-status.js';
import { formatStatus } from '../status/format-status.js';
import { formatVerifyStatus, readVerifyStatus } from '../status/read-verify-report.js';
import { notMigratedParagraph } from '../assess/not-migrated-paragraph.js';
import { EXIT } from './exit-codes.js';

export function statusCommandBuilder(y: Argv) {
  return y
    .option('progress-dir', { type: 'string', default: DEFAULTS.progressDir, describe: 'where progress files live', group: 'Progress:' })
    .option('json', { type: 'boolean', default: false, describe: 'print the status as JSON (for scripts)', group: 'Run:' })
    .example('$0 status', 'what has run, what failed, and the command that resumes')
    .example('$0 status --json', 'the same for scripts');
}

/**
 * `mssql2pg status`: reads the progress files only (no configuration, no connection), so it
 * also works while a run is going on. A corrupted file throws ProgressFileError: exit 2.
 */
export async function runStatusCommand(flags: { 'progress-dir': string; json: boolean }): Promise<number> {
  const dir = flags['progress-dir'];
  const stages = await readStatus(dir);
  const verify = await readVerifyStatus(dir);
  const notMigrated = await notMigratedParagraph(dir);
  const text = flags.json
    ? JSON.stringify({ progress_dir: dir, stages, verify, not_migrated: notMigrated }, null, 2)
    : [...formatStatus(dir, stages), ...(verify ? ['', ...formatVerifyStatus(verify)] : []), ...(notMigrated ? ['', notMigrated] : [])].join('\n');
  process.stdout.write(`${text}\n`);
  return EXIT.OK;
}
