/**
 * Validates a progress file read from disk. The file decides which tables get skipped on
 * --resume, so a file we do not fully understand must stop the run rather than be guessed at.
 */
import type { ChunkProgress, ProgressFile, StageName, TableStageProgress, TableStatus, WindowRecord } from './types.js';
import { PROGRESS_FILE_NAMES } from './types.js';
import type { RecordedCommand } from './recorded-command.js';

const STATUSES: ReadonlySet<string> = new Set<TableStatus>([
  'pending',
  'in_progress',
  'completed',
  'failed',
]);
const STAGES: ReadonlySet<string> = new Set(Object.keys(PROGRESS_FILE_NAMES));

/** Thrown with a short reason; the store wraps it into a ProgressFileError naming the file. */
export class ProgressShapeError extends Error {}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON text into a ProgressFile; throws SyntaxError or ProgressShapeError. */
export function parseProgressFile(text: string): ProgressFile {
  const parsed: unknown = JSON.parse(text);
  if (!isObject(parsed)) throw new ProgressShapeError('the top level is not an object');
  for (const key of ['session_start', 'last_updated'] as const) {
    if (typeof parsed[key] !== 'string') throw new ProgressShapeError(`"${key}" is not a string`);
  }
  if (!isObject(parsed.tables)) throw new ProgressShapeError('"tables" is not an object');

  const tables: ProgressFile['tables'] = {};
  for (const [table, stages] of Object.entries(parsed.tables)) {
    if (!isObject(stages)) throw new ProgressShapeError(`tables["${table}"] is not an object`);
    const entry: Partial<Record<StageName, TableStageProgress>> = {};
    for (const [stage, progress] of Object.entries(stages)) {
      if (!STAGES.has(stage)) {
        throw new ProgressShapeError(`tables["${table}"] has unknown stage "${stage}"`);
      }
      entry[stage as StageName] = parseStageProgress(progress, `tables["${table}"].${stage}`);
    }
    tables[table] = entry;
  }
  return {
    session_start: parsed.session_start as string,
    last_updated: parsed.last_updated as string,
    tables,
    ...(parsed.last_window === undefined ? {} : { last_window: parseWindow(parsed.last_window) }),
    ...(parsed.last_command === undefined ? {} : { last_command: parseCommand(parsed.last_command) }),
  };
}

function parseCommand(value: unknown): RecordedCommand {
  if (!isObject(value) || typeof value.command !== 'string' || !Array.isArray(value.args) || value.args.some((a) => typeof a !== 'string')) {
    throw new ProgressShapeError('"last_command" is not {"command": string, "args": [strings]}');
  }
  return { command: value.command, args: value.args as string[] };
}

function parseWindow(value: unknown): WindowRecord {
  if (!isObject(value)) throw new ProgressShapeError('"last_window" is not an object');
  const name = (key: 'first_table' | 'last_table' | 'next_table'): string | null => optionalString(value, key, '"last_window"');
  const max = value.max_tables ?? null;
  if (max !== null && (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 1)) {
    throw new ProgressShapeError('"last_window".max_tables is not a positive integer or null');
  }
  return { first_table: name('first_table'), last_table: name('last_table'), next_table: name('next_table'), max_tables: max as number | null };
}

function parseStageProgress(value: unknown, where: string): TableStageProgress {
  if (!isObject(value)) throw new ProgressShapeError(`${where} is not an object`);
  const { status, rows_synced: rowsSynced } = value;
  if (typeof status !== 'string' || !STATUSES.has(status)) {
    throw new ProgressShapeError(`${where}.status ${JSON.stringify(status)} is not one of ${[...STATUSES].join(', ')}`);
  }
  // Older or hand-edited files may omit rows_synced; anything present must be a count.
  const rows = rowsSynced === undefined ? 0 : rowsSynced;
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 0) {
    throw new ProgressShapeError(`${where}.rows_synced is not a non-negative integer`);
  }
  return {
    status: status as TableStatus,
    started_at: optionalString(value, 'started_at', where),
    completed_at: optionalString(value, 'completed_at', where),
    failed_at: optionalString(value, 'failed_at', where),
    rows_synced: rows,
    error: optionalString(value, 'error', where),
    ...parseChunks(value, where),
    ...parseTarget(value, where),
  };
}

function parseTarget(value: JsonObject, where: string): Pick<TableStageProgress, 'target'> {
  if (value.target === undefined) return {};
  const t = value.target;
  const oidLike = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
  if (!isObject(t) || !oidLike(t.oid) || !oidLike(t.filenode)) {
    throw new ProgressShapeError(`${where}.target is not {"oid": <positive integer>, "filenode": <positive integer>}`);
  }
  return { target: { oid: t.oid, filenode: t.filenode } };
}

function parseChunkKey(value: unknown, where: string): Pick<ChunkProgress, 'chunk_key'> {
  if (value === undefined) return {};
  if (!isObject(value) || typeof value.column !== 'string' || typeof value.sql_type !== 'string') {
    throw new ProgressShapeError(`${where}.chunk_key is not {"column": <string>, "sql_type": <string>}`);
  }
  return { chunk_key: { column: value.column, sql_type: value.sql_type } };
}

/** The chunk fields come all together or not at all (src/progress/types.ts). */
function parseChunks(value: JsonObject, where: string): Partial<ChunkProgress> {
  if (value.chunk_plan === undefined) return {};
  const { chunk_plan: plan, chunks_total: total, chunks_done: done, ranges_pending: pending } = value;
  if (typeof plan !== 'string') throw new ProgressShapeError(`${where}.chunk_plan is not a string`);
  for (const [key, n] of [['chunks_total', total], ['chunks_done', done]] as const) {
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw new ProgressShapeError(`${where}.${key} is not a non-negative integer`);
    }
  }
  if (!Array.isArray(pending)) throw new ProgressShapeError(`${where}.ranges_pending is not an array`);
  const ranges = pending.map((r: unknown, i) => {
    const bound = (b: unknown): string | null => {
      if (b === null) return null;
      if (typeof b === 'string' && /^-?\d+$/.test(b)) return b;
      throw new ProgressShapeError(`${where}.ranges_pending[${i}] has a bound that is not an integer string or null`);
    };
    if (!isObject(r)) throw new ProgressShapeError(`${where}.ranges_pending[${i}] is not an object`);
    return { lo: bound(r.lo), hi: bound(r.hi) };
  });
  return {
    chunk_plan: plan,
    chunks_total: total as number,
    chunks_done: done as number,
    ranges_pending: ranges,
    ...parseChunkKey(value.chunk_key, where),
  };
}

function optionalString(value: JsonObject, key: string, where: string): string | null {
  const field = value[key];
  if (field === undefined || field === null) return null;
  if (typeof field !== 'string') throw new ProgressShapeError(`${where}.${key} is not a string or null`);
  return field;
}
