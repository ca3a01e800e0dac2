/**
 * Reads every stage's progress file that exists in the progress directory (no database
 * connection). Validation is the progress store's own, so a corrupted file stops `status`
 * with the same message, naming the file, that would stop a run.
 */
import { readFile } from 'node:fs/promises';
import { JsonFileProgressStore } from '../progress/json-file-store.js';
import { progressFilePath } from '../progress/paths.js';
import { PROGRESS_FILE_NAMES, type StageName } from '../progress/types.js';
import { summarizeStage, type ChunkInfo, type StageStatus } from './stage-status.js';

export async function readStatus(progressDir: string): Promise<StageStatus[]> {
  const out: StageStatus[] = [];
  // Every stage the progress format knows, in pipeline order (schema, data, constraints, …).
  for (const stage of Object.keys(PROGRESS_FILE_NAMES) as StageName[]) {
    const path = progressFilePath(progressDir, stage);
    const progress = await new JsonFileProgressStore(path).load();
    if (progress === null) continue;
    const chunks = await readChunkInfo(path, stage);
    out.push(summarizeStage(stage, path, progress, (t) => chunks.get(t) ?? null));
  }
  return out;
}

/**
 * `chunks_total`, `chunks_done` and `ranges_pending` of chunked data-stage tables, taken from
 * the raw file: they are optional extras, shown when present and well-formed, never required.
 */
async function readChunkInfo(path: string, stage: string): Promise<Map<string, ChunkInfo>> {
  const out = new Map<string, ChunkInfo>();
  const raw = JSON.parse(await readFile(path, 'utf8')) as { tables: Record<string, Record<string, Record<string, unknown>>> };
  for (const [table, stages] of Object.entries(raw.tables)) {
    const chunks = chunkInfoOf(stages[stage]);
    if (chunks) out.set(table, chunks);
  }
  return out;
}

export function chunkInfoOf(entry: Record<string, unknown> | undefined): ChunkInfo | null {
  const total = entry?.chunks_total;
  const done = entry?.chunks_done;
  if (typeof total !== 'number' || typeof done !== 'number') return null;
  const pending = entry?.ranges_pending;
  return { chunks_total: total, chunks_done: done, ranges_pending: Array.isArray(pending) ? pending.length : 0 };
}
