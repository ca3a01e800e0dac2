/**
 * What every unit of one `sync data` run shares (connections, settings, the unit limiter and
 * runner), and the one way a unit is run: through the limiter, retried from scratch on
 * transient failures (a unit is one transaction, so a failed attempt leaves nothing behind).
 */
import type pg from 'pg';
import type { LoadSettings, ReadSettings } from '../load/settings.js';
import { unitLabel, type UnitJob, type UnitResult, type UnitRunner } from '../load/unit-job.js';
import { formatError } from '../run/format-error.js';
import { withRetries } from '../run/retry.js';
import type { TableContext } from '../run/run-stage.js';
import type { RowSource } from '../sqlserver/contract.js';

export interface DataRun {
  readonly source: RowSource;
  readonly pool: pg.Pool;
  readonly read: ReadSettings;
  readonly load: LoadSettings;
  /** --resume: a chunked table continues its recorded range plan instead of starting over. */
  readonly resume: boolean;
  /** Every unit (whole table or key range) runs through this limiter: `--parallel` in flight. */
  readonly units: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Runs each unit: in this thread, or on a worker thread (src/workers). */
  readonly runUnit: UnitRunner;
  /** Creates mssql2pg.loaded_ranges once per run, before the first range. */
  readonly ensureRangeTable: () => Promise<void>;
  /** Tables whose decoder fallback was already reported. */
  readonly decoderFallbacks: Set<string>;
  /**
   * Tables this --resume found changed since they were completed (dropped, recreated,
   * truncated or rewritten), with why: they are loaded again from the start.
   */
  readonly restarts: ReadonlyMap<string, string>;
}

/**
 * A unit's attempts, each reported as `table:retry` with what failed (and which range). A unit
 * the TDS decoder declined says why in one `--verbose` line per table, not once per range.
 */
export async function runUnitWithRetries(
  run: DataRun,
  ctx: TableContext,
  job: UnitJob,
  signal: AbortSignal,
  onProgress: (rows: number, bytes: number) => void,
): Promise<UnitResult> {
  const label = unitLabel(job);
  const result = await withRetries(() => run.runUnit(job, signal, onProgress), {
    retries: run.load.retries,
    backoff: run.load.backoff,
    signal,
    onRetry: (attempt, delayMs, err) =>
      ctx.emit({ type: 'table:retry', table: ctx.table, attempt, delayMs, error: `${label === null ? '' : `${label}: `}${formatError(err)}` }),
  });
  if (result.decoderFallback !== undefined && !run.decoderFallbacks.has(ctx.table)) {
    run.decoderFallbacks.add(ctx.table);
    ctx.emit({ type: 'table:detail', table: ctx.table, message: `read as values through the COPY encoder, not the TDS decoder: ${result.decoderFallback}` });
  }
  return result;
}
