/**
 * graphile-worker's `withReleasers`: every resource registers its cleanup as it is acquired,
 * and all cleanups run last-in-first-out when the body ends, even when it throws. A failing
 * cleanup does not stop the others; the body's own error wins.
 */
export type Releaser = () => Promise<void> | void;

export async function withReleasers<T>(body: (onRelease: (r: Releaser) => void) => Promise<T>): Promise<T> {
  const releasers: Releaser[] = [];
  let result: T;
  try {
    result = await body((r) => releasers.push(r));
  } catch (err) {
    await releaseAll(releasers);
    throw err;
  }
  const releaseError = await releaseAll(releasers);
  if (releaseError) throw releaseError;
  return result;
}

async function releaseAll(releasers: Releaser[]): Promise<unknown> {
  let first: unknown;
  while (releasers.length > 0) {
    const r = releasers.pop()!;
    try {
      await r();
    } catch (err) {
      first ??= err;
    }
  }
  return first;
}
