import { describe, expect, it } from 'vitest';
import type { StageEvent } from '../../src/run/events.js';
import { formatCount, formatDuration, formatMegabytesPerSecond, formatRate, formatSeconds } from '../../src/ui/format.js';
import { createPlainRenderer } from '../../src/ui/plain-renderer.js';

function render(events: StageEvent[], o: { verbose?: boolean; every?: number; stepMs?: number } = {}): string[] {
  const lines: string[] = [];
  let clock = 0;
  const listener = createPlainRenderer({
    write: (l) => lines.push(l),
    verbose: o.verbose ?? false,
    every: o.every,
    now: () => (clock += o.stepMs ?? 0),
  });
  for (const e of events) listener(e);
  return lines;
}

const start = (stage: 'schema' | 'data', toRun: number, skipped: string[] = []): StageEvent => ({
  type: 'stage:start', stage, selected: 300, window: 300, toRun, skipped,
});

describe('format helpers', () => {
  it('formatCount groups thousands with commas, locale-independent', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(85_432)).toBe('85,432');
    expect(formatCount(1_234_567_890)).toBe('1,234,567,890');
    expect(formatCount(1234.4)).toBe('1,234');
  });

  it('formatSeconds keeps one decimal', () => {
    expect(formatSeconds(12_300)).toBe('12.3 s');
    expect(formatSeconds(0)).toBe('0.0 s');
  });

  it('formatDuration switches to minutes and hours', () => {
    expect(formatDuration(4_200)).toBe('4.2 s');
    expect(formatDuration(125_000)).toBe('2m 5s');
    expect(formatDuration(3_725_000)).toBe('1h 2m 5s');
  });

  it('formatRate and formatMegabytesPerSecond survive a zero duration', () => {
    expect(formatRate(85_432, 12_301)).toBe('6,945');
    expect(formatRate(10, 0)).toBe('0');
    expect(formatMegabytesPerSecond(5 * 1_048_576, 2_000)).toBe('2.5');
    expect(formatMegabytesPerSecond(1, 0)).toBe('0.0');
  });
});

describe('createPlainRenderer', () => {
  it('prints exact start and done lines for the data stage', () => {
    const lines = render([
      start('data', 2),
      { type: 'table:start', table: 'dbo.Orders', position: 45, total: 300, estimatedRows: 90_000 },
      { type: 'table:progress', table: 'dbo.Orders', rows: 1000, bytes: 1 },
      { type: 'table:done', table: 'dbo.Orders', position: 125, total: 300, rows: 85_432, bytes: 1, durationMs: 12_301 },
      { type: 'table:start', table: 'dbo.Lines', position: 46, total: 300, estimatedRows: 0 },
      { type: 'table:fail', table: 'dbo.Lines', position: 46, total: 300, error: 'duplicate key [SQLSTATE 23505]', durationMs: 10 },
    ]);
    expect(lines).toEqual([
      '300 tables selected, 300 in this run, 2 to process',
      '[45/300] Processing: dbo.Orders',
      '[125/300] dbo.Orders: 85,432 rows in 12.3 s (6,945 rows/s)',
      '[46/300] Processing: dbo.Lines',
      '[46/300] dbo.Lines: FAILED: duplicate key [SQLSTATE 23505]',
    ]);
  });

  it('prints "created" lines for the schema stage', () => {
    const lines = render([
      start('schema', 1),
      { type: 'table:done', table: 'dbo.Orders', position: 1, total: 300, rows: 0, bytes: 0, durationMs: 250 },
    ]);
    expect(lines[1]).toBe('[1/300] dbo.Orders: created in 0.3 s');
  });

  it('counts skipped tables in one line unless verbose', () => {
    const events: StageEvent[] = [
      start('data', 1, ['dbo.A', 'dbo.B']),
      { type: 'table:skip', table: 'dbo.A', position: 1, total: 300 },
      { type: 'table:skip', table: 'dbo.B', position: 2, total: 300 },
    ];
    expect(render(events)).toEqual([
      '300 tables selected, 300 in this run, 1 to process, 2 already completed',
      'Skipping 2 tables already completed (--verbose lists them)',
    ]);
    expect(render(events, { verbose: true })).toEqual([
      '300 tables selected, 300 in this run, 1 to process, 2 already completed',
      'Skipping dbo.A (already completed) [1/300]',
      'Skipping dbo.B (already completed) [2/300]',
    ]);
  });

  it('shows warnings only when verbose, and retries and notices always', () => {
    const events: StageEvent[] = [
      start('data', 1),
      { type: 'notice', message: 'Reading WITH (NOLOCK): rows may be skipped or read twice.' },
      { type: 'table:warning', table: 'dbo.A', message: '3 NUL characters stripped' },
      { type: 'table:retry', table: 'dbo.A', attempt: 1, delayMs: 2_000, error: 'Connection lost [ECONNRESET]' },
    ];
    const quiet = render(events);
    expect(quiet).toEqual([
      '300 tables selected, 300 in this run, 1 to process',
      'Reading WITH (NOLOCK): rows may be skipped or read twice.',
      'dbo.A: attempt 1 failed (Connection lost [ECONNRESET]); retrying in 2.0 s',
    ]);
    expect(render(events, { verbose: true })).toContain('dbo.A: warning: 3 NUL characters stripped');
  });

  it('prints a progress line every 10 finished tables, but not after the last', () => {
    const events: StageEvent[] = [start('data', 25)];
    for (let i = 1; i <= 25; i++) {
      events.push(
        i === 7
          ? { type: 'table:fail', table: `s.T${i}`, position: i, total: 300, error: 'x', durationMs: 1 }
          : { type: 'table:done', table: `s.T${i}`, position: i, total: 300, rows: 1, bytes: 1, durationMs: 1_000 },
      );
    }
    // The clock advances 1 s per reading: the renderer reads it once at creation and once per
    // progress line, so the elapsed times are 1 s and 2 s.
    const progress = render(events, { stepMs: 1_000 }).filter((l) => l.startsWith('Progress:'));
    expect(progress).toEqual([
      'Progress: 10/25 tables (9 succeeded, 1 failed), 1.0 s elapsed',
      'Progress: 20/25 tables (19 succeeded, 1 failed), 2.0 s elapsed',
    ]);
  });

  it('honours a custom interval, and prints no progress line when the run ends on one', () => {
    const events: StageEvent[] = [start('schema', 4)];
    for (let i = 1; i <= 4; i++) events.push({ type: 'table:done', table: `s.T${i}`, position: i, total: 300, rows: 0, bytes: 0, durationMs: 1 });
    expect(render(events, { every: 2 }).filter((l) => l.startsWith('Progress:'))).toEqual([
      'Progress: 2/4 tables (2 succeeded, 0 failed), 0.0 s elapsed',
    ]);
  });
});

describe('plain renderer for verify', () => {
  it('says exact for a table that matches, and gives the difference without FAILED', () => {
    const lines = render([
      { type: 'stage:start', stage: 'verify', selected: 2, window: 2, toRun: 2, skipped: [] },
      { type: 'table:done', table: 'dbo.A', position: 1, total: 2, rows: 1000, bytes: 0, durationMs: 1000 },
      { type: 'table:fail', table: 'dbo.B', position: 2, total: 2, error: 'count differs (source 2, target 1)', durationMs: 10 },
    ]);
    expect(lines).toContain('[1/2] dbo.A: exact, 1,000 rows in 1.0 s (1,000 rows/s)');
    expect(lines).toContain('[2/2] dbo.B: count differs (source 2, target 1)');
  });
});
