/**
 * What verify may leave behind, and its removal at the start of the next run. verify keeps no
 * scratch tables any more; a multiset comparison that outgrows its memory spills to files in
 * `<progress dir>/verify-scratch-<pid>/`, removed when the run ends (also on failure and
 * Ctrl-C). A kill -9 leaves them, and the next verify removes the directories of processes that
 * are gone. It also drops the scratch schema `mssql2pg_verify` that verify of earlier versions
 * of mssql2pg created in the target, if one was left by such a run.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Queryable } from '../postgres/queryable.js';

const SCRATCH_DIR = /^verify-scratch-(\d+)$/;
export const LEGACY_SCRATCH_SCHEMA = 'mssql2pg_verify';

export function scratchDirOf(progressDir: string, pid: number = process.pid): string {
  return path.join(progressDir, `verify-scratch-${pid}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the scratch directories of verify runs that are gone; returns their names. */
export async function removeStaleScratchDirs(progressDir: string): Promise<string[]> {
  const entries = await readdir(progressDir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of entries) {
    const m = SCRATCH_DIR.exec(name);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && alive(pid)) continue;
    await rm(path.join(progressDir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Drops the scratch schema of an older verify, when there is one; returns whether it did. */
export async function dropLegacyScratchSchema(db: Queryable): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1`, [LEGACY_SCRATCH_SCHEMA]);
  if (r.rowCount === 0) return false;
  await db.query(`DROP SCHEMA IF EXISTS ${LEGACY_SCRATCH_SCHEMA} CASCADE`);
  return true;
}
