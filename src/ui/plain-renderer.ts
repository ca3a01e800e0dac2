import type { RunStageName, StageEvent, StageListener } from '../run/events.js';
import { formatCount, formatDuration, formatRate, formatSeconds } from './format.js';

export interface PlainRendererOptions {
  readonly write: (line: string) => void;
  readonly verbose: boolean;
  /** Print a progress line every this many finished tables. */
  readonly every?: number;
  readonly now?: () => number;
}

/**
 * Plain lines for logs and CI (stdout not a TTY): one line per table start and end, a
 * progress line every 10 tables, skipped tables listed when verbose or counted in one line.
 */
export function createPlainRenderer(options: PlainRendererOptions): StageListener {
  const every = options.every ?? 10;
  const now = options.now ?? Date.now;
  // The stage's clock starts at stage:start, as runStage's (the summary's duration) does.
  let startedAt: number | null = null;
  let finished = 0;
  let succeeded = 0;
  let failed = 0;
  let toRun = 0;
  let stage: RunStageName = 'schema';
  const planned = new Set<string>();

  return (event: StageEvent) => {
    switch (event.type) {
      case 'stage:start':
        startedAt = now();
        stage = event.stage;
        toRun = event.toRun;
        options.write(
          `${event.selected} tables selected, ${event.window} in this run, ${event.toRun} to process` +
            (event.skipped.length > 0 ? `, ${event.skipped.length} already completed` : ''),
        );
        if (!options.verbose && event.skipped.length > 0) {
          options.write(`Skipping ${event.skipped.length} tables already completed (--verbose lists them)`);
        }
        break;
      case 'table:skip':
        if (options.verbose) options.write(`Skipping ${event.table} (already completed) [${event.position}/${event.total}]`);
        break;
      case 'table:start':
        options.write(`[${event.position}/${event.total}] Processing: ${event.table}`);
        break;
      case 'table:retry':
        options.write(
          `${event.table}: attempt ${event.attempt} failed (${event.error}); retrying in ${formatSeconds(event.delayMs)}`,
        );
        break;
      case 'table:warning':
        if (options.verbose) options.write(`${event.table}: warning: ${event.message}`);
        break;
      case 'table:detail':
        if (options.verbose) options.write(`${event.table}: ${event.message}`);
        break;
      case 'table:done':
        finished += 1;
        succeeded += 1;
        options.write(
          stage === 'data' || stage === 'verify'
            ? `[${event.position}/${event.total}] ${event.table}: ${stage === 'verify' ? 'exact, ' : ''}${formatCount(event.rows)} rows in ${formatSeconds(event.durationMs)} (${formatRate(event.rows, event.durationMs)} rows/s)`
            : `[${event.position}/${event.total}] ${event.table}: created in ${formatSeconds(event.durationMs)}`,
        );
        progressLine();
        break;
      case 'table:fail':
        finished += 1;
        failed += 1;
        // Verify's "failures" are mostly differences, whose message says so ("count differs …").
        options.write(`[${event.position}/${event.total}] ${event.table}: ${stage === 'verify' ? '' : 'FAILED: '}${event.error}`);
        progressLine();
        break;
      case 'notice':
        options.write(event.message);
        break;
      case 'table:chunks':
        // The plan once, then one line per committed key range: ranges are millions of rows,
        // so a log of a long table shows it moving without a line per second.
        if (!planned.has(event.table)) {
          planned.add(event.table);
          options.write(`${event.table}: copied in ${event.total} key ranges${event.done > 0 ? `, ${event.done} committed by an earlier run` : ''}`);
        } else {
          options.write(`${event.table}: key range ${event.done}/${event.total} committed`);
        }
        break;
      case 'table:progress':
        break;
    }
  };

  function progressLine(): void {
    if (finished % every !== 0 || finished === toRun) return;
    const at = now();
    startedAt ??= at;
    options.write(
      `Progress: ${finished}/${toRun} tables (${succeeded} succeeded, ${failed} failed), ${formatDuration(at - startedAt)} elapsed`,
    );
  }
}
