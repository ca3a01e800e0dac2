/**
 * A connect (or any one-shot opening) that an interrupt does not wait for: it rejects with the
 * stop's reason at once, and whatever the opening yields later is closed, not leaked.
 */
export function untilStopped<T>(opening: Promise<T>, signal: AbortSignal, close: (value: T) => Promise<void> | void): Promise<T> {
  if (signal.aborted) {
    void opening.then(close, () => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason);
      void opening.then(close, () => {});
    };
    signal.addEventListener('abort', onAbort, { once: true });
    opening.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) void close(value);
        else resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
