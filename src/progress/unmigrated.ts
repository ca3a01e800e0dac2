/**
 * What a migration did not migrate, on disk beside the progress files:
 * - progress/unmigrated/<kind>.<schema>.<name>.sql: one file per object exported for porting by
 *   hand (a view outside the translated subset, a procedure, a function, a trigger, a synonym),
 *   with the exact reason and the original T-SQL;
 * - progress/not_migrated.json: the account (every object not migrated, with its verdict and
 *   reason) that `migrate` ends with and `status` shows.
 * Written atomically (atomic-write.ts); stage 3 writes them, nothing else.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ProgressFileError } from '../errors.js';
import { writeFileAtomically } from './atomic-write.js';
import { nodeProgressFs, type ProgressFs } from './progress-fs.js';

export const UNMIGRATED_DIR = 'unmigrated';
export const NOT_MIGRATED_FILE = 'not_migrated.json';

export interface ExportedObject {
  /** `view`, `procedure`, `function`, `trigger`, `synonym`, ... */
  readonly kind: string;
  /** `schema.name` (`(database).name` for a database DDL trigger). */
  readonly name: string;
  readonly reason: string;
  /** The original T-SQL, or null when the catalog does not show it (CLR, WITH ENCRYPTION). */
  readonly definition: string | null;
}

export interface NotMigratedEntry {
  readonly kind: string;
  readonly name: string;
  readonly verdict: 'exported' | 'not-handled';
  readonly reason: string;
  /** The exported definition's file, relative to the progress directory. */
  readonly file: string | null;
}

export interface NotMigratedRecord {
  readonly written_at: string;
  readonly database: string;
  readonly entries: readonly NotMigratedEntry[];
  /** Objects created with a listed difference (counted, listed in the stage summaries). */
  readonly with_differences: number;
  /** Objects left out by --include/--exclude. */
  readonly excluded: number;
}

/**
 * The file of one exported object, relative to the progress directory. Characters a file
 * system may refuse become `_`; a name so changed gets a short hash so two objects never share a file.
 */
export function unmigratedFile(kind: string, name: string): string {
  const safe = name.replace(/[\u0000-\u001f/\\:*?"<>|]/g, '_');
  const suffix = safe === name ? '' : `-${createHash('sha256').update(name).digest('hex').slice(0, 6)}`;
  return join(UNMIGRATED_DIR, `${kind}.${safe}${suffix}.sql`);
}

export function exportedFileContent(o: ExportedObject): string {
  const lines = [
    '-- mssql2pg: not migrated; exported for porting to PostgreSQL by hand.',
    `-- ${o.kind} ${o.name}`,
    `-- Why: ${o.reason.replace(/\n/g, ' ')}`,
  ];
  if (o.definition === null) {
    lines.push('-- Its definition is not in the catalog (a CLR or extended object, WITH ENCRYPTION, or the login lacks VIEW DEFINITION).');
    return `${lines.join('\n')}\n`;
  }
  lines.push('-- The original T-SQL, exactly as SQL Server stores it:', '');
  return `${lines.join('\n')}\n${o.definition}\n`;
}

/** Writes one file per exported object; returns their paths relative to the progress directory. */
export async function writeExportedObjects(progressDir: string, objects: readonly ExportedObject[], fs: ProgressFs = nodeProgressFs): Promise<string[]> {
  const files: string[] = [];
  for (const o of objects) {
    const file = unmigratedFile(o.kind, o.name);
    await writeFileAtomically(fs, join(progressDir, file), exportedFileContent(o));
    files.push(file);
  }
  return files;
}

export async function writeNotMigrated(progressDir: string, record: NotMigratedRecord, fs: ProgressFs = nodeProgressFs): Promise<void> {
  await writeFileAtomically(fs, join(progressDir, NOT_MIGRATED_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** progress/not_migrated.json, or null before stage 3 wrote it; a corrupted file is an error naming it. */
export async function readNotMigrated(progressDir: string, fs: ProgressFs = nodeProgressFs): Promise<NotMigratedRecord | null> {
  const path = join(progressDir, NOT_MIGRATED_FILE);
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return null;
    throw new ProgressFileError(`${path} could not be read (${(err as Error).message}).`, { cause: err });
  }
  try {
    const record = JSON.parse(text) as NotMigratedRecord;
    if (typeof record.written_at !== 'string' || !Array.isArray(record.entries)) throw new Error('it is not an account of what was not migrated');
    return record;
  } catch (err) {
    throw new ProgressFileError(`${path} is corrupted (${(err as Error).message}). Run mssql2pg replicate constraints again to rewrite it.`, { cause: err });
  }
}
