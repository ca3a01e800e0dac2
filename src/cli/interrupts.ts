import { EXIT } from './exit-codes.js';

/**
 * First SIGINT/SIGTERM: abort the run (no new table starts, running copies roll back, progress
 * is saved). Second: exit at once, because the user means it.
 */
export function installInterruptHandler(write: (line: string) => void): {
  signal: AbortSignal;
  dispose(): void;
  /** Work done on the second signal before exiting (a distributed run cancels its running units), at most 5 s. */
  beforeExit(fn: () => Promise<void>): void;
} {
  const controller = new AbortController();
  let beforeExit: (() => Promise<void>) | null = null;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      write(`\n${sig} again: exiting now. Tables in progress are recorded as in_progress; --resume redoes them.`);
      if (beforeExit === null) {
        process.exit(EXIT.INTERRUPTED);
        return;
      }
      const exit = (): never => process.exit(EXIT.INTERRUPTED);
      void Promise.race([beforeExit().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]).then(exit);
      return;
    }
    write(`\n${sig}: stopping. Running tables are rolled back and marked failed; press Ctrl-C again to exit at once.`);
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    beforeExit: (fn) => void (beforeExit = fn),
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
