import { describe, expect, it } from 'vitest';
import { UnrepresentableValueError } from '../../src/copy/index.js';
import { Mssql2pgError, TableError } from '../../src/errors.js';
import { backoffDelayMs, isTransientError, withRetries } from '../../src/run/retry.js';

/** A node-postgres DatabaseError's shape: message plus the SQLSTATE in `code`. */
const pgError = (code: string, message = `pg ${code}`) => Object.assign(new Error(message), { code, severity: 'ERROR' });
/** An mssql RequestError wrapping the tedious error, as mssql 12 throws it. */
const mssqlWrapped = (number: number) =>
  Object.assign(new Error(`mssql ${number}`), { name: 'RequestError', code: 'EREQUEST', originalError: Object.assign(new Error(`tedious ${number}`), { number }) });

describe('isTransientError', () => {
  it('retries a SQL Server deadlock victim (1205), bare or inside an mssql wrapper', () => {
    expect(isTransientError({ number: 1205 })).toBe(true);
    expect(isTransientError(mssqlWrapped(1205))).toBe(true);
    expect(isTransientError(Object.assign(new Error('lock timeout'), { number: 1222 }))).toBe(true);
  });

  it('does not retry a SQL Server conversion error (245), bare or wrapped', () => {
    expect(isTransientError(Object.assign(new Error('Conversion failed when converting the varchar value'), { number: 245 }))).toBe(false);
    expect(isTransientError(mssqlWrapped(245))).toBe(false);
  });

  it.each(['57P01', '08006', '08003', '40P01', '40001', '53300'])('retries Postgres SQLSTATE %s', (code) => {
    expect(isTransientError(pgError(code))).toBe(true);
  });

  it.each(['23505', '22P02', '42P01', '22021', '42501'])('does not retry Postgres SQLSTATE %s', (code) => {
    expect(isTransientError(pgError(code))).toBe(false);
  });

  it('retries socket failures by code, and node-postgres connection loss by message', () => {
    expect(isTransientError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransientError(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(true);
    expect(isTransientError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientError(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
  });

  it('keeps the classification of the cause a wrapper carries', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(isTransientError(new Mssql2pgError('copy failed', { cause: reset }))).toBe(true);
    expect(isTransientError(new TableError('dbo.T', 'data', 'copy failed', { cause: new TableError('dbo.T', 'data', 'inner', { cause: reset }) }))).toBe(true);
    expect(isTransientError(new Mssql2pgError('insert failed', { cause: pgError('23505') }))).toBe(false);
  });

  it('does not retry value errors, plain errors, or non-errors', () => {
    const nul = new UnrepresentableValueError({ column: 'Body', shape: 'text', rowIndex: 41, row: [42, 'a\u0000b'], problem: 'nul-character', reason: 'NUL' });
    expect(isTransientError(nul)).toBe(false);
    expect(isTransientError(new Error('row count mismatch'))).toBe(false);
    expect(isTransientError(undefined)).toBe(false);
    expect(isTransientError('ECONNRESET')).toBe(false);
  });

  it('stops at a cause cycle instead of looping', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(isTransientError(a)).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  const middle = { baseMs: 1000, capMs: 60_000, random: () => 0.5 };

  it('doubles from 1 s and caps at 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) => backoffDelayMs(attempt, middle))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('uses 1 s, 2 s, 4 s … capped at 60 s by default', () => {
    const delays = [1, 2, 3, 10].map((attempt) => backoffDelayMs(attempt));
    expect(delays[0]).toBeGreaterThanOrEqual(800);
    expect(delays[0]).toBeLessThanOrEqual(1200);
    expect(delays[1]).toBeGreaterThanOrEqual(1600);
    expect(delays[1]).toBeLessThanOrEqual(2400);
    expect(delays[2]).toBeGreaterThanOrEqual(3200);
    expect(delays[2]).toBeLessThanOrEqual(4800);
    expect(delays[3]).toBeGreaterThanOrEqual(48_000);
    expect(delays[3]).toBeLessThanOrEqual(60_000);
  });

  it('keeps jitter within ±20 % and never above the cap', () => {
    const at = (random: number, attempt: number) => backoffDelayMs(attempt, { baseMs: 1000, capMs: 60_000, random: () => random });
    expect(at(0, 1)).toBe(800);
    expect(at(0.999_999, 1)).toBe(1200);
    expect(at(0, 3)).toBe(3200);
    expect(at(0.25, 3)).toBe(3600);
    expect(at(0, 7)).toBe(48_000);
    expect(at(0.999_999, 7)).toBe(60_000);
  });
});

describe('withRetries', () => {
  const transient = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

  function recorder() {
    const slept: number[] = [];
    const retried: [number, number, string][] = [];
    return {
      slept,
      retried,
      sleep: async (ms: number) => {
        slept.push(ms);
      },
      onRetry: (attempt: number, delayMs: number, err: unknown) => retried.push([attempt, delayMs, (err as Error).message]),
    };
  }

  it('retries transient failures with backoff and returns the first success', async () => {
    const r = recorder();
    const attempts: number[] = [];
    const result = await withRetries(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw transient();
        return 'ok';
      },
      { retries: 5, backoff: { baseMs: 100, capMs: 1000, random: () => 0.5 }, sleep: r.sleep, onRetry: r.onRetry },
    );
    expect(result).toBe('ok');
    expect(attempts).toEqual([1, 2, 3]);
    expect(r.retried).toEqual([[1, 100, 'read ECONNRESET'], [2, 200, 'read ECONNRESET']]);
    expect(r.slept).toEqual([100, 200]);
  });

  it('gives up after `retries` retries with the last error', async () => {
    const r = recorder();
    let calls = 0;
    const run = withRetries(
      async (attempt) => {
        calls += 1;
        throw Object.assign(new Error(`reset ${attempt}`), { code: 'ECONNRESET' });
      },
      { retries: 2, sleep: r.sleep, onRetry: r.onRetry },
    );
    await expect(run).rejects.toThrow('reset 3');
    expect(calls).toBe(3);
    expect(r.retried.map(([attempt]) => attempt)).toEqual([1, 2]);
  });

  it('stops at once on a permanent error', async () => {
    const r = recorder();
    let calls = 0;
    const run = withRetries(
      async () => {
        calls += 1;
        throw pgError('23505', 'duplicate key');
      },
      { retries: 5, sleep: r.sleep, onRetry: r.onRetry },
    );
    await expect(run).rejects.toThrow('duplicate key');
    expect(calls).toBe(1);
    expect(r.slept).toEqual([]);
  });

  it('uses an injected classifier', async () => {
    let calls = 0;
    const run = withRetries(
      async () => {
        calls += 1;
        throw new Error('custom');
      },
      { retries: 1, isTransient: () => true, sleep: async () => {} },
    );
    await expect(run).rejects.toThrow('custom');
    expect(calls).toBe(2);
  });

  it('does not retry once the signal is aborted, before or during the backoff sleep', async () => {
    const before = new AbortController();
    before.abort();
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls += 1;
          throw transient();
        },
        { retries: 5, signal: before.signal, sleep: async () => {} },
      ),
    ).rejects.toThrow('ECONNRESET');
    expect(calls).toBe(1);

    const during = new AbortController();
    calls = 0;
    await expect(
      withRetries(
        async () => {
          calls += 1;
          throw transient();
        },
        { retries: 5, signal: during.signal, sleep: async () => during.abort() },
      ),
    ).rejects.toThrow('ECONNRESET');
    expect(calls).toBe(1);
  });

  it('the default sleep wakes up early when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await expect(
      withRetries(
        async () => {
          throw transient();
        },
        { retries: 5, signal: controller.signal, backoff: { baseMs: 10_000, capMs: 10_000 } },
      ),
    ).rejects.toThrow('ECONNRESET');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
