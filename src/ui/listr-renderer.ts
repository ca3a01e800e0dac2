import { Listr, ListrLogger, ProcessOutput } from 'listr2';
import type { StageEvent, StageListener } from '../run/events.js';
import { formatCount, formatDuration, formatRate, formatSeconds } from './format.js';

interface Running {
  readonly startedAt: number;
  readonly estimate: number;
  rows: number;
  /** Key ranges committed of the table's plan, when it is copied in ranges. */
  chunks: { done: number; total: number } | null;
}

export interface ListrRenderer {
  readonly listener: StageListener;
  /**
   * Stops the live view; resolves when listr2 has drawn its last frame. With the summary's
   * duration, that frame shows it, so the view and the summary never disagree.
   */
  finish(durationMs?: number, outcome?: 'summary' | 'no-summary'): Promise<void>;
}

export interface ListrRendererOptions {
  readonly now?: () => number;
  /** How often the view is redrawn (ms). */
  readonly drawIntervalMs?: number;
  /** Where the view is drawn (default process.stdout); tests pass a fake terminal. */
  readonly stdout?: NodeJS.WriteStream;
  /** How many finished tables stay visible under the running ones. */
  readonly recentResults?: number;
  /** The run's stop signal: once aborted, the title says the run is stopping. */
  readonly stopping?: AbortSignal;
}

/** Finished tables shown under the running ones: enough to see what just happened, never a scroll. */
const DEFAULT_RECENT_RESULTS = 5;

/**
 * The interactive view: one listr2 task for the stage whose title counts tables, and under it
 * one line per running table (rows of the estimate, rows/s, ETA) updated in place, then the last
 * few finished tables collapsed to their result line. The whole block is one output entry that
 * replaces the previous one (`outputBar: 1`): with `outputBar: Infinity` listr2 kept every
 * earlier frame, so each redraw added a line per running table and the view scrolled.
 * It only observes the run's events; the run itself never waits on the UI.
 */
export function createListrRenderer(title: string, options: ListrRendererOptions = {}): ListrRenderer {
  const now = options.now ?? Date.now;
  const recentLimit = options.recentResults ?? DEFAULT_RECENT_RESULTS;
  const running = new Map<string, Running>();
  const recent: string[] = [];
  let done = 0;
  let failed = 0;
  let toRun = 0;
  let skipped = 0;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  // The stage's clock starts at its stage:start, as runStage's does (the summary's duration);
  // before it the stage is still reading the catalog and planning, and says so.
  let startedAt: number | null = null;
  let finalDurationMs: number | undefined;
  let ended: 'summary' | 'no-summary' = 'summary';
  const remember = (line: string): void => {
    recent.push(line);
    if (recent.length > recentLimit) recent.shift();
  };

  const list = new Listr(
    [
      {
        title,
        task: async (_ctx, task) => {
          const draw = (): void => {
            if (startedAt === null) {
              task.title = `${title}: reading the catalog and planning`;
              return;
            }
            const elapsed = finalDurationMs ?? now() - startedAt;
            // Messages written while the view draws appear only when it ends: say it here.
            const stopping = options.stopping?.aborted && finalDurationMs === undefined ? ': stopping, rolling back the running tables (Ctrl-C again exits at once)' : '';
            task.title = `${title}: ${done + failed}/${toRun} tables` + (failed > 0 ? ` (${failed} failed)` : '') +
              (skipped > 0 ? `, ${skipped} skipped` : '') + `, ${formatDuration(elapsed)}${stopping}`;
            const lines = [...running.entries()].map(([table, r]) => describeRunning(table, r, now()));
            task.output = [...lines, ...recent].join('\n');
          };
          const timer = setInterval(draw, options.drawIntervalMs ?? 250);
          try {
            await finished;
          } finally {
            clearInterval(timer);
            draw();
            task.output = '';
          }
          if (failed > 0) throw new Error(`${failed} of ${toRun} tables failed (see the summary below)`);
          if (ended === 'no-summary') throw new Error('stopped (see the error below)');
        },
        rendererOptions: { outputBar: 1, persistentOutput: false },
      },
    ],
    {
      exitOnError: false,
      // listr2's own SIGINT listener ends the process with exit code 127 once its tasks settle,
      // before the run has rolled back, saved progress or printed its summary. Interrupts have
      // one path, for every renderer: src/cli/interrupts.ts.
      registerSignalListeners: false,
      rendererOptions: {
        collapseErrors: false,
        ...(options.stdout ? { logger: new ListrLogger({ processOutput: new ProcessOutput(options.stdout, options.stdout) }) } : {}),
      },
    },
  );
  const rendering = list.run().catch(() => {});

  const listener: StageListener = (event: StageEvent) => {
    switch (event.type) {
      case 'stage:start':
        toRun = event.toRun;
        skipped = event.skipped.length;
        startedAt = now();
        break;
      case 'table:start':
        running.set(event.table, { startedAt: now(), estimate: event.estimatedRows, rows: 0, chunks: null });
        break;
      case 'table:progress': {
        const r = running.get(event.table);
        if (r) r.rows = event.rows;
        break;
      }
      case 'table:chunks': {
        const r = running.get(event.table);
        if (r) r.chunks = { done: event.done, total: event.total };
        break;
      }
      case 'table:done':
        running.delete(event.table);
        done += 1;
        remember(`✔ ${event.table}: ${formatCount(event.rows)} rows in ${formatSeconds(event.durationMs)}`);
        break;
      case 'table:fail':
        running.delete(event.table);
        failed += 1;
        remember(`✖ ${event.table} failed after ${formatSeconds(event.durationMs)} (reason in the summary)`);
        break;
      default:
        break;
    }
  };

  return {
    listener,
    async finish(durationMs?: number, outcome: 'summary' | 'no-summary' = 'summary') {
      finalDurationMs = durationMs;
      ended = outcome;
      resolveFinished();
      await rendering;
    },
  };
}

function describeRunning(table: string, r: Running, now: number): string {
  const elapsed = now - r.startedAt;
  const chunks = r.chunks === null ? '' : `, chunks ${r.chunks.done}/${r.chunks.total}`;
  if (r.rows === 0) return `${table}: starting (${formatDuration(elapsed)})${chunks}`;
  const rate = (r.rows * 1000) / Math.max(elapsed, 1);
  let line = `${table}: ${formatCount(r.rows)}`;
  if (r.estimate > 0) line += ` of ~${formatCount(r.estimate)}`;
  line += ` rows, ${formatRate(r.rows, elapsed)} rows/s`;
  if (r.estimate > r.rows && rate > 0) line += `, ETA ${formatDuration(((r.estimate - r.rows) / rate) * 1000)}`;
  return line + chunks;
}
