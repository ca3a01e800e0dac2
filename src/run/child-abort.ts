/**
 * An AbortController that also aborts when its parent signal does (with the parent's reason),
 * so one part of a run (a table, an attempt, the stage after fail-fast) can be stopped on its
 * own while an interrupt still stops everything. `dispose` unhooks it from the parent.
 */
export interface ChildAbort {
  readonly controller: AbortController;
  readonly signal: AbortSignal;
  dispose(): void;
}

export function childAbort(parent: AbortSignal | undefined): ChildAbort {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onAbort, { once: true });
  if (parent?.aborted) onAbort();
  return {
    controller,
    signal: controller.signal,
    dispose: () => parent?.removeEventListener('abort', onAbort),
  };
}
