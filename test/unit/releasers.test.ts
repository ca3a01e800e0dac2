import { describe, expect, it } from 'vitest';
import { withReleasers } from '../../src/run/releasers.js';

describe('withReleasers', () => {
  it('returns the body result and releases last-in-first-out, awaiting each', async () => {
    const log: string[] = [];
    const result = await withReleasers(async (onRelease) => {
      onRelease(async () => {
        await new Promise((r) => setTimeout(r, 5));
        log.push('source pool');
      });
      onRelease(() => void log.push('target pool'));
      onRelease(async () => void log.push('progress lock'));
      log.push('body');
      return 42;
    });
    expect(result).toBe(42);
    expect(log).toEqual(['body', 'progress lock', 'target pool', 'source pool']);
  });

  it('releases everything registered so far when the body fails, then rethrows its error', async () => {
    const log: string[] = [];
    const bodyError = new Error('COPY failed');
    await expect(
      withReleasers(async (onRelease) => {
        onRelease(() => void log.push('first'));
        onRelease(() => void log.push('second'));
        throw bodyError;
      }),
    ).rejects.toBe(bodyError);
    expect(log).toEqual(['second', 'first']);
  });

  it("keeps the body's error when a releaser fails too, and still runs the other releasers", async () => {
    const log: string[] = [];
    const bodyError = new Error('body');
    await expect(
      withReleasers(async (onRelease) => {
        onRelease(() => void log.push('first'));
        onRelease(() => {
          throw new Error('release failed');
        });
        onRelease(() => void log.push('third'));
        throw bodyError;
      }),
    ).rejects.toBe(bodyError);
    expect(log).toEqual(['third', 'first']);
  });

  it('throws the first release error when the body succeeded, after running every releaser', async () => {
    const log: string[] = [];
    const firstFailure = new Error('pool.end failed');
    await expect(
      withReleasers(async (onRelease) => {
        onRelease(() => void log.push('a'));
        onRelease(() => Promise.reject(new Error('second to run, also failed')));
        onRelease(() => Promise.reject(firstFailure));
        return 'ok';
      }),
    ).rejects.toBe(firstFailure);
    expect(log).toEqual(['a']);
  });

  it('runs each releaser once', async () => {
    let calls = 0;
    await withReleasers(async (onRelease) => {
      onRelease(() => void (calls += 1));
    });
    expect(calls).toBe(1);
  });
});
