/**
 * A worker's signals: the first SIGTERM/SIGINT asks it to stop after the units in hand; a
 * second aborts them. Resolves with whether the stop was hard (the second signal).
 */
export function waitForStop(write: (line: string) => void, abortUnits: (reason: Error) => void): Promise<boolean> {
  return new Promise((resolve) => {
    let count = 0;
    const onSignal = (sig: NodeJS.Signals): void => {
      count += 1;
      if (count === 1) {
        write(`${sig}: taking no new unit; exiting once the units in hand have committed (again to abort them).`);
        resolve(false);
        return;
      }
      write(`${sig} again: aborting the units in hand; they are rolled back and go to another worker.`);
      abortUnits(new Error(`interrupted by ${sig}`));
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.exitCode = 130;
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
