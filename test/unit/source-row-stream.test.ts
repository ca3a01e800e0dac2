import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import mssql from 'mssql';
import { describe, expect, it } from 'vitest';
import { Mssql2pgError } from '../../src/errors.js';
import { readRows, type RowSourceRequest } from '../../src/sqlserver/row-stream.js';

/**
 * Behaves like mssql's Request in stream mode: emits rows as fast as it can while not
 * paused, `done` at the end, and an ECANCEL error then `done` after cancel().
 */
class FakeRequest extends EventEmitter implements RowSourceRequest {
  stream = false;
  arrayRowMode = false;
  sql: string | null = null;
  sent = 0;
  pauses = 0;
  resumes = 0;
  cancels = 0;
  private paused = false;
  private stopped = false;

  constructor(
    private readonly total: number,
    private readonly failAfter: number | null = null,
  ) {
    super();
  }

  query(sql: string): Promise<void> {
    this.sql = sql;
    setImmediate(() => this.pump());
    return new Promise((resolve) => this.once('done', () => resolve()));
  }

  pause(): void {
    this.pauses++;
    this.paused = true;
  }

  resume(): void {
    this.resumes++;
    this.paused = false;
    setImmediate(() => this.pump());
  }

  cancel(): void {
    this.cancels++;
    this.stopped = true;
    setImmediate(() => {
      this.emit('error', Object.assign(new Error('Canceled.'), { code: 'ECANCEL' }));
      this.emit('done');
    });
  }

  private pump(): void {
    while (!this.paused && !this.stopped && this.sent < this.total) {
      if (this.sent === this.failAfter) {
        this.stopped = true;
        this.emit('error', Object.assign(new Error('Arithmetic overflow'), { number: 8115 }));
        this.emit('done');
        return;
      }
      this.emit('row', [this.sent, `row ${this.sent}`]);
      this.sent++;
    }
    if (this.sent === this.total && !this.stopped) {
      this.stopped = true;
      this.emit('done');
    }
  }
}

describe('readRows', () => {
  it('applies backpressure: a slow consumer never has more than the high-water mark waiting', async () => {
    const request = new FakeRequest(10_000);
    let consumed = 0;
    let maxWaiting = 0;
    for await (const row of readRows(request, 'SELECT 1')) {
      expect(row[0]).toBe(consumed);
      consumed++;
      maxWaiting = Math.max(maxWaiting, request.sent - consumed);
      if (consumed % 10 === 0) await nextTurn(); // the consumer is slower than the network
    }
    expect(consumed).toBe(10_000);
    expect(maxWaiting).toBeLessThanOrEqual(500);
    expect(request.pauses).toBeGreaterThan(10);
    expect(request.resumes).toBe(request.pauses);
    expect(request.cancels).toBe(0);
    expect(request).toMatchObject({ stream: true, arrayRowMode: true, sql: 'SELECT 1' });
  });

  it('honours custom water marks and does not pause a consumer that keeps up', async () => {
    const request = new FakeRequest(1_000);
    let maxWaiting = 0;
    let consumed = 0;
    for await (const _row of readRows(request, 'SELECT 1', undefined, { highWaterMark: 20, lowWaterMark: 5 })) {
      consumed++;
      maxWaiting = Math.max(maxWaiting, request.sent - consumed);
      await nextTurn();
    }
    expect(maxWaiting).toBeLessThanOrEqual(20);
    expect(request.pauses).toBeGreaterThan(0);

    const small = new FakeRequest(10);
    const rows: unknown[][] = [];
    for await (const row of readRows(small, 'SELECT 1')) rows.push(row);
    expect(rows).toHaveLength(10);
    expect(small.pauses).toBe(0);
  });

  it('cancels the request when the consumer breaks early', async () => {
    const request = new FakeRequest(10_000);
    let seen = 0;
    for await (const _row of readRows(request, 'SELECT 1')) {
      if (++seen === 5) break;
    }
    expect(request.cancels).toBe(1);
  });

  it('cancels the request when the consumer throws', async () => {
    const request = new FakeRequest(10_000);
    const consume = async (): Promise<void> => {
      for await (const _row of readRows(request, 'SELECT 1')) throw new Error('COPY failed');
    };
    await expect(consume()).rejects.toThrow('COPY failed');
    expect(request.cancels).toBe(1);
  });

  it('rejects the loop when the request emits an error, keeping the driver error as cause', async () => {
    const request = new FakeRequest(10_000, 100);
    let seen = 0;
    const consume = async (): Promise<void> => {
      for await (const _row of readRows(request, 'SELECT 1')) seen++;
    };
    const failure = await consume().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Mssql2pgError);
    expect((failure as Error).message).toContain('Arithmetic overflow');
    expect(((failure as Error).cause as { number: number }).number).toBe(8115);
    expect(seen).toBeLessThanOrEqual(100);
    expect(request.cancels).toBe(0); // the request had already ended
  });

  it('stops with the abort reason and cancels when the signal fires', async () => {
    const request = new FakeRequest(10_000);
    const controller = new AbortController();
    const reason = new Error('interrupted');
    const consume = async (): Promise<number> => {
      let seen = 0;
      for await (const _row of readRows(request, 'SELECT 1', controller.signal)) {
        if (++seen === 3) controller.abort(reason);
        await nextTurn();
      }
      return seen;
    };
    await expect(consume()).rejects.toBe(reason);
    expect(request.cancels).toBe(1);
  });

  it('does not start a query when the signal is already aborted', async () => {
    const request = new FakeRequest(10);
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(readRows(request, 'SELECT 1', controller.signal).next()).rejects.toThrow('too late');
    expect(request.sql).toBeNull();
  });

  it('works with a real mssql Request: its stream-mode error reaches the consumer', async () => {
    // No server needed: a Request without a connection fails with ENOCONN through the same
    // `error` then `done` events a server error takes in stream mode.
    const request: RowSourceRequest = new mssql.Request();
    const failure = await readRows(request, 'SELECT 1').next().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Mssql2pgError);
    expect(((failure as Error).cause as { code: string }).code).toBe('ENOCONN');
  });
});
