/**
 * progress/migrate_run.json: what the latest `mssql2pg migrate` set out to do and how far it
 * got, stage by stage, so `mssql2pg status` can show every stage of it: the ones that ran, the
 * one that stopped, those never started, and verify when `--skip-verify` left it out. The
 * stages' own progress files hold the per-table detail; this file holds only the plan.
 */
import { join } from 'node:path';
import { ProgressFileError, ProgressWriteError } from '../errors.js';
import { writeFileAtomically } from './atomic-write.js';
import { nodeProgressFs, type ProgressFs } from './progress-fs.js';
import type { RecordedCommand } from './recorded-command.js';

export const MIGRATE_RECORD_FILE = 'migrate_run.json';

/** A stage of the run: not reached yet, running, done (exit 0), stopped (with its exit code), or left out. */
export type MigrateStageState =
  | { readonly command: string; readonly state: 'not started' | 'running' | 'completed' }
  | { readonly command: string; readonly state: 'stopped'; readonly exit_code: number }
  | { readonly command: string; readonly state: 'skipped'; readonly reason: string };

export interface MigrateRecord {
  readonly started_at: string;
  readonly updated_at: string;
  /** migrate's own command, ready to run again (`--resume` goes on from where it stopped). */
  readonly command: RecordedCommand;
  readonly stages: readonly MigrateStageState[];
}

export function migrateRecordPath(progressDir: string): string {
  return join(progressDir, MIGRATE_RECORD_FILE);
}

export async function writeMigrateRecord(progressDir: string, record: MigrateRecord, fs: ProgressFs = nodeProgressFs): Promise<void> {
  const path = migrateRecordPath(progressDir);
  try {
    await writeFileAtomically(fs, path, `${JSON.stringify(record, null, 2)}\n`);
  } catch (error) {
    throw new ProgressWriteError(`Could not save ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** The record, or null when migrate never ran here; a file we cannot use is an error naming it. */
export async function readMigrateRecord(progressDir: string, fs: ProgressFs = nodeProgressFs): Promise<MigrateRecord | null> {
  const path = migrateRecordPath(progressDir);
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw new ProgressFileError(`${path} could not be read (${(error as Error).message}).`, { cause: error });
  }
  try {
    return parseMigrateRecord(JSON.parse(text));
  } catch (error) {
    throw new ProgressFileError(`${path} is corrupted (${(error as Error).message}). Delete it; the next mssql2pg migrate writes it again.`, { cause: error });
  }
}

const STATES = new Set(['not started', 'running', 'completed', 'stopped', 'skipped']);

function parseMigrateRecord(json: unknown): MigrateRecord {
  const r = json as Partial<MigrateRecord> | null;
  const command = r?.command as Partial<RecordedCommand> | undefined;
  if (
    typeof r !== 'object' || r === null || typeof r.started_at !== 'string' || typeof r.updated_at !== 'string' ||
    typeof command?.command !== 'string' || !Array.isArray(command.args) || !Array.isArray(r.stages)
  ) {
    throw new Error('it is not a migrate record');
  }
  for (const s of r.stages as unknown[]) {
    const stage = s as { command?: unknown; state?: unknown };
    if (typeof stage?.command !== 'string' || typeof stage.state !== 'string' || !STATES.has(stage.state)) {
      throw new Error('a stage has no command or an unknown state');
    }
  }
  return r as MigrateRecord;
}
