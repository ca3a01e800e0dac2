// The one stop path (src/cli/interrupts.ts) on its own: what the first signal, a second one, a
// fault and a run that cannot finish stopping each do. The same path in a real terminal is
// test/integration/interrupt-terminal.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRunStop, installInterruptHandler } from '../../src/cli/interrupts.js';
import { Interrupted, RunFault, faultOf } from '../../src/run/stop-reason.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function stopWith(graceMs = 1_000) {
  const lines: string[] = [];
  const now: string[] = [];
  const exits: number[] = [];
  const stop = createRunStop((l) => lines.push(l), { graceMs, exit: (c) => void exits.push(c), writeNow: (l) => now.push(l) });
  return { stop, lines, now, exits };
}

describe('createRunStop', () => {
  it('first signal: aborts with an Interrupted reason and says how to exit at once; no exit yet', () => {
    const { stop, lines, exits } = stopWith();
    stop.interrupt('SIGTERM');
    expect(stop.signal.reason).toBeInstanceOf(Interrupted);
    expect((stop.signal.reason as Interrupted).signalName).toBe('SIGTERM');
    expect(faultOf(stop.signal)).toBeNull();
    expect(lines[0]).toContain('SIGTERM: stopping.');
    expect(exits).toEqual([]);
    stop.dispose();
  });

  it('second signal exits 130 at once, saying so through the unbuffered writer', () => {
    const { stop, now, exits } = stopWith();
    stop.interrupt('SIGINT');
    stop.interrupt('SIGINT');
    expect(exits).toEqual([130]);
    expect(now[0]).toContain('SIGINT again: exiting now');
    stop.dispose();
  });

  it('a run that does not finish stopping within the grace period is ended: 130 after an interrupt', () => {
    vi.useFakeTimers();
    const { stop, now, exits } = stopWith(5_000);
    stop.interrupt('SIGINT');
    vi.advanceTimersByTime(4_999);
    expect(exits).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(exits).toEqual([130]);
    expect(now[0]).toMatch(/did not stop within 5 s .*--resume/);
  });

  it('a fault stops the run with a RunFault (exit 3 if it cannot finish stopping); later signals still exit at once', () => {
    vi.useFakeTimers();
    const { stop, lines, exits } = stopWith(2_000);
    stop.fault(new Error('planted'));
    expect(faultOf(stop.signal)).toBeInstanceOf(RunFault);
    expect((stop.signal.reason as RunFault).message).toBe('unexpected error: planted');
    expect(lines[0]).toContain('unexpected error: planted: stopping the run');
    stop.fault(new Error('a second one')); // the first fault stays the reason
    expect((stop.signal.reason as RunFault).message).toBe('unexpected error: planted');
    vi.advanceTimersByTime(2_000);
    expect(exits).toEqual([3]);
  });

  it('dispose cancels the grace timer (the run stopped in time)', () => {
    vi.useFakeTimers();
    const { stop, exits } = stopWith(1_000);
    stop.interrupt('SIGINT');
    stop.dispose();
    vi.advanceTimersByTime(10_000);
    expect(exits).toEqual([]);
  });
});

describe('installInterruptHandler', () => {
  it('turns an unhandled rejection into a fault stop when asked to, and removes that listener on dispose', () => {
    const before = process.listenerCount('unhandledRejection');
    const handler = installInterruptHandler(() => {}, { catchUnhandledRejections: true, graceMs: 60_000 });
    try {
      expect(process.listenerCount('unhandledRejection')).toBe(before + 1);
      process.emit('unhandledRejection', new Error('nobody awaited me'), Promise.resolve());
      expect(faultOf(handler.signal)?.message).toBe('unexpected error: nobody awaited me');
    } finally {
      handler.dispose();
    }
    expect(process.listenerCount('unhandledRejection')).toBe(before);
  });

  it('writes the last words past a live view: while process.stderr.write is replaced, straight to the real stderr', () => {
    const real: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation(((c: unknown) => (real.push(String(c)), true)) as typeof process.stderr.write);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const collected: string[] = [];
    const handler = installInterruptHandler((l) => collected.push(l), { graceMs: 60_000 });
    const buffered: string[] = [];
    const hijacked = process.stderr.write;
    // What listr2 does while it draws: stderr goes into its buffer.
    process.stderr.write = ((c: unknown) => (buffered.push(String(c)), true)) as typeof process.stderr.write;
    try {
      process.emit('SIGINT', 'SIGINT');
      process.emit('SIGINT', 'SIGINT');
      expect(exit).toHaveBeenCalledWith(130);
      expect(real.join('')).toContain('SIGINT again: exiting now');
      expect(buffered.join('')).not.toContain('SIGINT again');
    } finally {
      process.stderr.write = hijacked;
      handler.dispose();
    }
  });
});
