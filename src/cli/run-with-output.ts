import type { StageListener, StageSummary } from '../run/events.js';
import type { WindowOptions } from '../run/window.js';
import { EXIT } from './exit-codes.js';
import { optionalPositiveInt, type CommonFlags } from './flags.js';
import { createOutput, type Output } from './output.js';

/** The batch-window and progress options every stage takes from the common flags. */
export function windowOptions(flags: CommonFlags): WindowOptions {
  return {
    resume: flags.resume ?? false,
    reset: flags.reset ?? false,
    startFrom: flags['start-from-table'] ?? null,
    until: flags['until-table'] ?? null,
    maxTables: optionalPositiveInt(flags['max-tables'], '--max-tables'),
    failFast: flags['fail-fast'],
  };
}

export interface StageOutputOptions {
  readonly title: string;
  readonly verbose: boolean;
  readonly json: boolean;
  /** Stage 1 and 3's --dry-run: stdout is for the SQL only. */
  readonly quiet?: boolean;
  /** The command the summary prints when something is left to do. */
  readonly rerun: string;
  /** The run's stop signal (src/cli/interrupts.ts): one for the whole process. */
  readonly signal: AbortSignal;
}

/**
 * Runs a stage with its renderer, prints the summary, and turns it into the exit code.
 * Everything that can fail before the run (flags, configuration) happens before this.
 */
export async function runWithOutput(o: StageOutputOptions, body: (listener: StageListener, signal: AbortSignal) => Promise<StageSummary>): Promise<number> {
  const { result } = await withOutput(o, body, async (summary, output) => {
    await output.finish(summary);
    return summary;
  });
  return stageExitCode(result, result.failed.length === 0 && result.notRun.length === 0);
}

/**
 * The renderer around a run whose result is more than a summary (verify's report): `end`
 * finishes the output its own way and says which summary the exit code follows.
 */
export async function withOutput<R>(
  o: StageOutputOptions,
  body: (listener: StageListener, signal: AbortSignal) => Promise<R>,
  end: (result: R, output: Output) => Promise<StageSummary>,
): Promise<{ result: R; summary: StageSummary }> {
  const output = createOutput(o);
  let result: R;
  try {
    result = await body(output.listener, o.signal);
  } catch (err) {
    await output.finish(null);
    throw err;
  }
  const summary = await end(result, output);
  // The summary says it too; on stderr it also reaches a script reading stdout as JSON.
  if (summary.fault !== undefined) process.stderr.write(`Error: ${summary.fault}\n`);
  return { result, summary };
}

/** A fault of our own: 3; an interrupt: 130; then 0 when `clean`, else 1. */
export function stageExitCode(summary: StageSummary, clean: boolean): number {
  if (summary.fault !== undefined) return EXIT.FATAL;
  if (summary.interrupted) return EXIT.INTERRUPTED;
  return clean ? EXIT.OK : EXIT.TABLES_FAILED;
}
