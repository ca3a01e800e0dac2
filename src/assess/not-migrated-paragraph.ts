/**
 * The paragraph `migrate` ends with and `status` shows: the account stage 3 wrote to
 * progress/not_migrated.json, formatted like assess's. One call for each of them.
 */
import { readNotMigrated } from '../progress/unmigrated.js';
import { formatNotMigrated } from './not-migrated.js';

/** null before stage 3 has written the account. A corrupted file throws (ProgressFileError). */
export async function notMigratedParagraph(progressDir: string): Promise<string | null> {
  const record = await readNotMigrated(progressDir);
  return record === null ? null : formatNotMigrated(record, progressDir);
}
