/**
 * Stage order: keys and foreign keys go on tables whose data is loaded. Built on an empty (or
 * half-loaded) table, a foreign key later stops `sync data` from emptying the tables it
 * references, and a key check passes on rows that are not there yet. The data stage's progress
 * file says which tables completed; it is read, never locked or written (a sync data may be
 * running on other tables).
 */
import { UsageError } from '../errors.js';
import { JsonFileProgressStore } from '../progress/json-file-store.js';
import { progressFilePath } from '../progress/paths.js';

/** The tables of `tables` whose data stage has not completed, in the order given. */
export async function tablesWithoutData(progressDir: string, tables: readonly string[]): Promise<string[]> {
  const file = await new JsonFileProgressStore(progressFilePath(progressDir, 'data')).load();
  return tables.filter((t) => file?.tables[t]?.data?.status !== 'completed');
}

/** The refusal (without --force) or the summary's notice (with it), naming the tables. */
export function dataNotLoaded(tables: readonly string[], force: boolean): { refuse: UsageError | null; notice: string | null } {
  if (tables.length === 0) return { refuse: null, notice: null };
  const shown = tables.slice(0, 10).join(', ') + (tables.length > 10 ? ` and ${tables.length - 10} more` : '');
  const count = `${tables.length} table${tables.length === 1 ? '' : 's'}`;
  if (force) {
    return {
      refuse: null,
      notice:
        `--force: keys and foreign keys built on ${count} whose data has not completed (${shown}). ` +
        'Loading them later fails where foreign keys reference them (sync data never empties such a table).',
    };
  }
  return {
    refuse: new UsageError(
      `sync data has not completed ${count} of this run: ${shown}. Keys and foreign keys belong on loaded tables: ` +
        'run `mssql2pg sync data` (or `sync data --resume`) first, then this again; or add --force to build them now anyway ' +
        '(a later sync data cannot empty a table that foreign keys reference).',
    ),
    notice: null,
  };
}
