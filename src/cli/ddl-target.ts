/**
 * Where stages 1 and 3 send their DDL: with --dry-run, printed on stdout (nothing connects to
 * Postgres); otherwise the target, connected under the run's stop signal.
 */
import type { TargetConfig } from '../config/types.js';
import { openTargetPool } from '../postgres/pool.js';
import type { TargetMode } from '../stages/target-mode.js';

export function ddlTarget(dryRun: boolean, target: TargetConfig, signal: AbortSignal): TargetMode {
  return dryRun
    ? { mode: 'dry-run', print: (sql) => void process.stdout.write(`${sql}\n`) }
    : { mode: 'live', openTarget: (max) => openTargetPool(target, max, signal) };
}
