/**
 * Why a run was stopped before its end, carried as the reason of the run's AbortSignal so that
 * every part of the run (runStage, a unit, a retry's sleep) sees the same answer:
 *
 * - `Interrupted`: the user (Ctrl-C) or a supervisor (SIGTERM) asked it to stop: exit 130;
 * - `RunFault`: a fault of our own made going on unsafe (a progress file that cannot be written,
 *   an unhandled rejection): the run stops the same clean way, but exits 3 and says why.
 */
import { Mssql2pgError } from '../errors.js';

export class Interrupted extends Error {
  constructor(readonly signalName: string) {
    super(`interrupted by ${signalName}`);
    this.name = 'Interrupted';
  }
}

export class RunFault extends Mssql2pgError {}

/** The fault behind an aborted signal, or null when it was an interrupt (or not aborted). */
export function faultOf(signal: AbortSignal | undefined): RunFault | null {
  return signal?.aborted === true && signal.reason instanceof RunFault ? signal.reason : null;
}
