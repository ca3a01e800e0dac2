import { afterEach, describe, expect, it, vi } from 'vitest';
import { installInterruptHandler } from '../../src/cli/interrupts.js';
import { createOutput } from '../../src/cli/output.js';
import type { StageSummary } from '../../src/run/events.js';

const SUMMARY: StageSummary = {
  stage: 'data', selected: 2, window: 2, succeeded: 2, skipped: 0, failed: [], notRun: [],
  warnings: [], notices: [], rows: 10, bytes: 100, durationMs: 1000, interrupted: false,
};

function capture() {
  const out = { stdout: '', stderr: '' };
  vi.spyOn(process.stdout, 'write').mockImplementation(((c: unknown) => ((out.stdout += String(c)), true)) as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(((c: unknown) => ((out.stderr += String(c)), true)) as typeof process.stderr.write);
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createOutput without a TTY', () => {
  it('prints plain progress lines and the summary on stdout', async () => {
    const out = capture();
    const output = createOutput({ title: 'Syncing data', verbose: false, json: false });
    output.listener({ type: 'table:start', table: 'dbo.A', position: 1, total: 2, estimatedRows: 0 });
    await output.finish(SUMMARY);
    expect(out.stdout).toContain('[1/2] Processing: dbo.A\n');
    expect(out.stdout).toContain('Data sync summary');
    expect(out.stderr).toBe('');
  });

  it('with --json keeps stdout for the JSON summary alone; progress goes to stderr', async () => {
    const out = capture();
    const output = createOutput({ title: 'Syncing data', verbose: false, json: true });
    output.listener({ type: 'table:start', table: 'dbo.A', position: 1, total: 2, estimatedRows: 0 });
    await output.finish(SUMMARY);
    expect(JSON.parse(out.stdout)).toMatchObject({ stage: 'data', ok: true, rows: 10 });
    expect(out.stderr).toContain('[1/2] Processing: dbo.A');
  });

  // `replicate schema --dry-run > schema.sql` must give psql nothing but SQL.
  it('quiet (--dry-run) leaves stdout empty: progress and summary go to stderr, with or without --json', async () => {
    for (const json of [false, true]) {
      const out = capture();
      const output = createOutput({ title: 'Replicating schema', verbose: true, json, quiet: true });
      output.listener({ type: 'table:start', table: 'dbo.A', position: 1, total: 2, estimatedRows: 0 });
      output.listener({ type: 'table:warning', table: 'dbo.A', message: 'datetime2(7) rounded' });
      await output.finish(SUMMARY);
      expect(out.stdout).toBe('');
      expect(out.stderr).toContain(json ? '"stage"' : 'Data sync summary');
      vi.restoreAllMocks();
    }
  });

  it('prints nothing at finish when the command failed before a summary', async () => {
    const out = capture();
    await createOutput({ title: 't', verbose: false, json: false }).finish(null);
    expect(out.stdout + out.stderr).toBe('');
  });
});

describe('installInterruptHandler', () => {
  it('aborts on the first SIGINT, exits 130 on the second, and removes its listeners on dispose', () => {
    const before = process.listenerCount('SIGINT');
    const beforeTerm = process.listenerCount('SIGTERM');
    const lines: string[] = [];
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const handler = installInterruptHandler((l) => lines.push(l));
    try {
      expect(process.listenerCount('SIGINT')).toBe(before + 1);
      process.emit('SIGINT', 'SIGINT');
      expect(handler.signal.aborted).toBe(true);
      expect(String((handler.signal.reason as Error).message)).toBe('interrupted by SIGINT');
      expect(exit).not.toHaveBeenCalled();
      process.emit('SIGINT', 'SIGINT');
      expect(exit).toHaveBeenCalledWith(130);
      expect(lines[0]).toContain('stopping');
      expect(lines[1]).toContain('--resume');
    } finally {
      handler.dispose();
    }
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(process.listenerCount('SIGTERM')).toBe(beforeTerm);
  });

  it('treats SIGTERM like SIGINT', () => {
    const handler = installInterruptHandler(() => {});
    try {
      process.emit('SIGTERM', 'SIGTERM');
      expect((handler.signal.reason as Error).message).toBe('interrupted by SIGTERM');
    } finally {
      handler.dispose();
    }
  });
});
