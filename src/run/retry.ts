import { DEFAULTS } from '../config/defaults.js';

/**
 * Per-table retries for transient failures. A table copy is all-or-nothing (one transaction),
 * so retrying it from the start is always safe; the only question is whether the failure could
 * go away by itself.
 */

/** Socket-level failures (Node) and the mssql/tedious codes for lost or timed-out connections. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENETDOWN', 'EAI_AGAIN',
  // mssql ConnectionError/RequestError codes.
  'ESOCKET', 'ETIMEOUT', 'ECONNCLOSED', 'ECLOSE',
]);

/**
 * SQL Server error numbers worth retrying: 1205 deadlock victim; 1222 lock request timeout;
 * -2 client timeout; 233/10053/10054/10060 transport errors; 40197/40501/40613/49918-49920 and
 * 10928/10929 are the Azure SQL "service busy / reconfiguring" family.
 */
const TRANSIENT_SQLSERVER_NUMBERS = new Set([
  1205, 1222, -2, 233, 10053, 10054, 10060, 40197, 40501, 40613, 49918, 49919, 49920, 10928, 10929,
]);

/**
 * Postgres SQLSTATEs: class 08 connection exceptions; 57P01 admin_shutdown, 57P02
 * crash_shutdown, 57P03 cannot_connect_now; 40001/40P01 serialization failure and deadlock;
 * 53300 too_many_connections.
 */
function isTransientSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '40001', '40P01', '53300'].includes(code);
}

/** node-postgres reports a dropped socket with these messages and no code. */
const TRANSIENT_MESSAGES = [/Connection terminated/i, /connection error and is not queryable/i, /socket hang up/i];

/**
 * Transient or not, judged on the first error in the cause chain that carries a code or number:
 * a wrapper keeps the classification of the driver error it wraps.
 */
export function isTransientError(err: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; number?: unknown; message?: unknown; originalError?: unknown; cause?: unknown };
    if (typeof e.number === 'number') return TRANSIENT_SQLSERVER_NUMBERS.has(e.number);
    if (typeof e.code === 'string' && e.code !== '') {
      if (/^[0-9A-Z]{5}$/.test(e.code) && !TRANSIENT_CODES.has(e.code)) return isTransientSqlState(e.code);
      if (TRANSIENT_CODES.has(e.code)) return true;
    }
    if (typeof e.message === 'string' && TRANSIENT_MESSAGES.some((re) => re.test(e.message as string))) return true;
    // mssql keeps the tedious error in `originalError`; walk it before `cause`.
    current = e.originalError ?? e.cause;
  }
  return false;
}

export interface BackoffOptions {
  readonly baseMs: number;
  readonly capMs: number;
  readonly random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = DEFAULTS.backoff;

/** 1 s, 2 s, 4 s … capped, each ±20 % jitter so parallel tables do not retry in lock-step. */
export function backoffDelayMs(attempt: number, o: BackoffOptions = DEFAULT_BACKOFF): number {
  const exp = Math.min(o.capMs, o.baseMs * 2 ** Math.max(0, attempt - 1));
  const jitter = 0.8 + 0.4 * (o.random ?? Math.random)();
  return Math.min(o.capMs, Math.round(exp * jitter));
}

export interface RetryOptions {
  /** Retries after the first attempt (so at most retries + 1 attempts). */
  readonly retries: number;
  readonly backoff?: BackoffOptions;
  readonly signal?: AbortSignal;
  readonly isTransient?: (err: unknown) => boolean;
  readonly onRetry?: (attempt: number, delayMs: number, err: unknown) => void;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Runs `fn` until it succeeds, fails permanently, runs out of retries, or the signal aborts. */
export async function withRetries<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  const transient = o.isTransient ?? isTransientError;
  const sleep = o.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt > o.retries || o.signal?.aborted || !transient(err)) throw err;
      const delay = backoffDelayMs(attempt, o.backoff);
      o.onRetry?.(attempt, delay, err);
      await sleep(delay, o.signal);
      if (o.signal?.aborted) throw err;
    }
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
