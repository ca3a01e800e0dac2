/**
 * The stages that can print their SQL instead of running it (`replicate schema` and `replicate
 * constraints` with `--dry-run`) take the target as a mode: either a print function and no
 * connection at all, or a way to open the pool. One value, so "dry run but a pool" or "live
 * but nothing to print to" cannot be written.
 */
import type pg from 'pg';
import type { Releaser } from '../run/releasers.js';

export interface DryRunTarget {
  readonly mode: 'dry-run';
  /** Where the SQL goes (stdout: only runnable SQL goes there). */
  readonly print: (sql: string) => void;
}

export type TargetMode = DryRunTarget | { readonly mode: 'live'; readonly openTarget: (maxConnections: number) => Promise<pg.Pool> };

export type OpenedTarget = DryRunTarget | { readonly mode: 'live'; readonly pool: pg.Pool };

/** Opens the live target's pool (closed on release); a dry run stays as it is, unconnected. */
export async function openTargetMode(target: TargetMode, maxConnections: number, onRelease: (r: Releaser) => void): Promise<OpenedTarget> {
  if (target.mode === 'dry-run') return target;
  const pool = await target.openTarget(maxConnections);
  onRelease(() => pool.end());
  return { mode: 'live', pool };
}
