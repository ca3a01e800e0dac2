import { join } from 'node:path';
import { PROGRESS_FILE_NAMES, type StageName } from './types.js';

/**
 * `progress/data_sync_progress.json`: joined, not resolved, so messages show the path the way the
 * user gave the directory.
 */
export function progressFilePath(progressDir: string, stage: StageName): string {
  return join(progressDir, PROGRESS_FILE_NAMES[stage]);
}

export function progressLockPath(progressDir: string, stage: StageName): string {
  return `${progressFilePath(progressDir, stage)}.lock`;
}
