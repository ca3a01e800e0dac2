import type { StageListener, StageSummary } from '../run/events.js';
import { createListrRenderer } from '../ui/listr-renderer.js';
import { createPlainRenderer } from '../ui/plain-renderer.js';
import { formatSummary, summaryAsJson } from '../ui/summary.js';

export interface Output {
  readonly listener: StageListener;
  /** Ends the live view and prints the summary (JSON on --json). */
  finish(summary: StageSummary | null): Promise<void>;
}

/**
 * Picks the renderer: listr2 when stdout is a TTY, plain lines otherwise (logs, CI). With
 * --json, progress lines go to stderr so stdout holds only the JSON summary. `quiet` (stage 1's
 * --dry-run) keeps stdout for the command's own product: everything we print goes to stderr, so
 * `replicate schema --dry-run > schema.sql` gives a file psql runs.
 */
export function createOutput(o: { title: string; verbose: boolean; json: boolean; quiet?: boolean; rerun?: string; signal?: AbortSignal }): Output {
  const toStderr = (line: string): void => void process.stderr.write(`${line}\n`);
  const toStdout = (line: string): void => void process.stdout.write(`${line}\n`);
  const interactive = Boolean(process.stdout.isTTY) && !o.json && !o.quiet && process.env.CI !== 'true';
  if (interactive) {
    const listr = createListrRenderer(o.title, { stopping: o.signal });
    return {
      listener: listr.listener,
      async finish(summary) {
        // The last frame shows the summary's own duration: one clock for both.
        await listr.finish(summary?.durationMs, summary === null ? 'no-summary' : 'summary');
        if (summary) formatSummary(summary, o.rerun).forEach(toStdout);
      },
    };
  }
  const write = o.json || o.quiet ? toStderr : toStdout;
  const listener = createPlainRenderer({ write, verbose: o.verbose });
  const summaryOut = o.quiet ? toStderr : toStdout;
  return {
    listener,
    async finish(summary) {
      if (!summary) return;
      if (o.json) summaryOut(summaryAsJson(summary, o.rerun));
      else formatSummary(summary, o.rerun).forEach(summaryOut);
    },
  };
}
