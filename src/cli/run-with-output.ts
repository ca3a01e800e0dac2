import type { StageListener, StageSummary } from '../run/events.js';
import type { WindowOptions } from '../run/window.js';
import { EXIT } from './exit-codes.js';
import { optionalPositiveInt, type CommonFlags } from './flags.js';
import { installInterruptHandler } from './interrupts.js';
import { createOutput } from './output.js';

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

/**
 * Runs a stage with its renderer and the Ctrl-C handler installed, prints the summary, and
 * turns it into the exit code. Everything that can fail before the run (configuration,
 * connecting) should happen before this, so that no redraw timer or signal listener is left.
 */
export async function runWithOutput(
  o: { title: string; verbose: boolean; json: boolean; quiet?: boolean },
  body: (listener: StageListener, signal: AbortSignal, beforeExit: (fn: () => Promise<void>) => void) => Promise<StageSummary>,
): Promise<number> {
  const output = createOutput(o);
  const interrupts = installInterruptHandler((l) => process.stderr.write(`${l}\n`));
  try {
    const summary = await body(output.listener, interrupts.signal, interrupts.beforeExit);
    await output.finish(summary);
    if (summary.interrupted) return EXIT.INTERRUPTED;
    return summary.failed.length > 0 || summary.notRun.length > 0 ? EXIT.TABLES_FAILED : EXIT.OK;
  } catch (err) {
    await output.finish(null);
    throw err;
  } finally {
    interrupts.dispose();
  }
}
