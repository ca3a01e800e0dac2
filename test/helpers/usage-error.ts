import { expect } from 'vitest';
import { UsageError } from '../../src/errors.js';

/** Runs `fn`, asserts it threw a UsageError, and returns it for checks on the message. */
export function usageErrorOf(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError, nothing was thrown');
}
