/**
 * The one way a run is stopped early, whatever the renderer and whatever the stage (migrate's
 * stages included): a SIGINT (Ctrl-C, in a terminal or not), a SIGTERM, or a fault of our own
 * (an unhandled rejection; runStage adds a failed progress write through the same signal).
 *
 * First time: the run's AbortSignal aborts. No new table starts, running units are cancelled
 * and rolled back, progress is saved, scratch tables dropped, the summary printed with its
 * resume line; exit 130 (interrupt) or 3 (fault). Second signal: exit at once, saying so.
 * If the run cannot finish stopping within the grace period (a database that stopped
 * answering), the process exits anyway: what was in flight was never committed, so this is no
 * worse than a kill -9, which the progress files are built to survive.
 *
 * listr2 registers its own SIGINT listener by default and calls process.exit(127) once its
 * tasks settle: that is why Ctrl-C in a terminal used to end with no summary. The live view is
 * created with `registerSignalListeners: false`, so this is the only listener.
 */
import { formatError } from '../run/format-error.js';
import { Interrupted, RunFault } from '../run/stop-reason.js';
import { DEFAULTS } from '../config/defaults.js';
import { EXIT } from './exit-codes.js';

export interface RunStop {
  /** Aborted on the first signal or fault; its reason is an Interrupted or a RunFault. */
  readonly signal: AbortSignal;
  /** Stops the run because of a fault of our own: the same clean stop, exit 3. */
  fault(error: unknown): void;
  /**
   * Work the second signal does before it exits (a distributed coordinator cancels the units its
   * workers are copying), bounded to 5 s: the user asked to exit at once.
   */
  beforeExit(work: () => Promise<void>): void;
  /**
   * For a command that finishes what it has in hand after the first signal, however long that
   * takes (a worker, a distributed coordinator): no grace period, and its own words for both
   * signals. A second signal still exits at once.
   */
  drainOnStop(words: DrainWords): void;
  dispose(): void;
}

export interface DrainWords {
  /** Said on the first signal, after `SIGTERM: `. */
  readonly first: string;
  /** Said on the second, after `SIGTERM again: `. */
  readonly again: string;
}

export interface InterruptOptions {
  /** How long the run may take to stop after the first signal or fault (ms). */
  readonly graceMs?: number;
  /** Turn unhandled promise rejections into a fault stop (the real CLI process, not tests). */
  readonly catchUnhandledRejections?: boolean;
  readonly exit?: (code: number) => void;
  /**
   * Where the last words before a forced exit go. The live view (listr2) holds back everything
   * written to stderr while it draws and prints it when it ends, which an exit never reaches:
   * these go to the terminal at once.
   */
  readonly writeNow?: (line: string) => void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** The most the second signal waits for its beforeExit work. */
const BEFORE_EXIT_MS = 5000;

/** A RunStop bound to nothing in the process: main() run by tests, or a stop the caller drives. */
export function createRunStop(write: (line: string) => void, options: InterruptOptions = {}): RunStop & { interrupt(sig: string): void } {
  const controller = new AbortController();
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const graceMs = options.graceMs ?? DEFAULTS.stopGraceMs;
  const writeNow = options.writeNow ?? write;
  let grace: NodeJS.Timeout | undefined;
  let beforeExit: (() => Promise<void>) | null = null;
  let drain: DrainWords | null = null;
  const startGrace = (code: number): void => {
    grace = setTimeout(() => {
      writeNow(
        `\nThe run did not stop within ${Math.round(graceMs / 1000)} s (a database is not answering): exiting now. ` +
          'What was in flight never committed; tables still marked in_progress are redone by --resume.',
      );
      restoreCursor();
      exit(code);
    }, graceMs);
    grace.unref();
  };
  return {
    signal: controller.signal,
    interrupt(sig: string) {
      if (controller.signal.aborted) {
        writeNow(`\n${sig} again: ${drain?.again ?? 'exiting now. Tables in progress are recorded as in_progress; --resume redoes them.'}`);
        restoreCursor();
        const work = beforeExit;
        if (work === null) return exit(EXIT.INTERRUPTED);
        void Promise.race([work().catch(() => {}), new Promise((resolve) => setTimeout(resolve, BEFORE_EXIT_MS))]).then(() =>
          exit(EXIT.INTERRUPTED),
        );
        return;
      }
      if (drain !== null) {
        write(`\n${sig}: ${drain.first}`);
        controller.abort(new Interrupted(sig));
        return;
      }
      write(`\n${sig}: stopping. The work in progress is rolled back and its tables marked failed; what was committed stays. Press Ctrl-C again to exit at once.`);
      controller.abort(new Interrupted(sig));
      startGrace(EXIT.INTERRUPTED);
    },
    fault(error: unknown) {
      if (controller.signal.aborted) return;
      const fault = error instanceof RunFault ? error : new RunFault(`unexpected error: ${formatError(error)}`, { cause: error });
      write(`\n${fault.message}: stopping the run. The work in progress is rolled back and its tables marked failed; what was committed stays.`);
      controller.abort(fault);
      startGrace(EXIT.FATAL);
    },
    beforeExit(work) {
      beforeExit = work;
    },
    drainOnStop(words) {
      drain = words;
    },
    dispose() {
      clearTimeout(grace);
    },
  };
}

/**
 * The CLI process's RunStop: SIGINT and SIGTERM (and, with `catchUnhandledRejections`, any
 * unhandled rejection) all go through it. `dispose` removes every listener it added.
 */
export function installInterruptHandler(write: (line: string) => void, options: InterruptOptions = {}): RunStop {
  // Taken now, before any live view replaces process.stderr.write with its buffer; used only
  // while it is replaced (a live view is drawing), else the lines go where `write` sends them.
  const stderrWrite = process.stderr.write;
  const writeNow = (line: string): void => {
    if (process.stderr.write === stderrWrite) write(line);
    else stderrWrite.call(process.stderr, `${line}\n`);
  };
  const stop = createRunStop(write, { writeNow, ...options });
  const onSignal = (sig: NodeJS.Signals): void => stop.interrupt(sig);
  const onRejection = (reason: unknown): void => stop.fault(reason);
  for (const sig of SIGNALS) process.on(sig, onSignal);
  if (options.catchUnhandledRejections) process.on('unhandledRejection', onRejection);
  return {
    signal: stop.signal,
    fault: (error) => stop.fault(error),
    beforeExit: (work) => stop.beforeExit(work),
    drainOnStop: (words) => stop.drainOnStop(words),
    dispose() {
      for (const sig of SIGNALS) process.off(sig, onSignal);
      process.off('unhandledRejection', onRejection);
      stop.dispose();
    },
  };
}

/** The live view hides the cursor while it draws; an exit in the middle must give it back. */
function restoreCursor(): void {
  if (process.stdout.isTTY) process.stdout.write('\u001b[?25h');
}
