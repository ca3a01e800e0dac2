/**
 * A worker's signals, through the process's one stop path (interrupts.ts): the first SIGTERM or
 * SIGINT takes no new unit and lets the units in hand commit, however long they take; a second
 * aborts them (rolled back; the queue gives them to another worker) and exits 130. Resolves on
 * the first signal.
 */
import type { RunStop } from './interrupts.js';

export function waitForStop(stop: RunStop, abortUnits: (reason: Error) => void): Promise<void> {
  stop.drainOnStop({
    first: 'taking no new unit; exiting once the units in hand have committed (again to abort them).',
    again: 'aborting the units in hand; they are rolled back and go to another worker.',
  });
  stop.beforeExit(async () => abortUnits(new Error('interrupted: a second signal')));
  return new Promise((resolve) => {
    if (stop.signal.aborted) return resolve();
    stop.signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
