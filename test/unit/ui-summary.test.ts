import { describe, expect, it } from 'vitest';
import type { StageSummary } from '../../src/run/events.js';
import { formatSummary, summaryAsJson } from '../../src/ui/summary.js';

function summary(o: Partial<StageSummary> = {}): StageSummary {
  return {
    stage: 'data',
    selected: 300,
    window: 50,
    succeeded: 48,
    skipped: 0,
    failed: [],
    notRun: [],
    warnings: [],
    notices: [],
    rows: 1_234_567,
    bytes: 100 * 1_048_576,
    durationMs: 125_000,
    interrupted: false,
    ...o,
  };
}

describe('formatSummary', () => {
  it('prints the data summary for a clean run, without a --resume hint', () => {
    expect(formatSummary(summary({ succeeded: 50 }))).toEqual([
      '',
      'Data sync summary',
      '  Tables:    300 selected, 50 in this run',
      '  Succeeded: 50   Skipped: 0   Failed: 0',
      '  Rows:      1,234,567 (9,877 rows/s, 0.8 MB/s)',
      '  Duration:  2m 5s',
    ]);
  });

  it('titles the constraints stage and gives its resume command after a failure', () => {
    const lines = formatSummary(summary({ stage: 'constraints', succeeded: 49, failed: [{ table: 'dbo.Orders', error: 'duplicate' }] }));
    expect(lines[1]).toBe('Constraint replication summary');
    expect(lines.some((l) => l.includes('Rows:'))).toBe(false);
    expect(lines.at(-1)).toBe('Fix the problems above, then run: mssql2pg replicate constraints --resume');
  });

  it('prints no rows line for the schema stage', () => {
    const lines = formatSummary(summary({ stage: 'schema', succeeded: 50, durationMs: 3_400 }));
    expect(lines[1]).toBe('Schema replication summary');
    expect(lines.some((l) => l.includes('Rows:'))).toBe(false);
    expect(lines.at(-1)).toBe('  Duration:  3.4 s');
  });

  it('lists notices, warnings and failed tables with reasons, then the --resume hint', () => {
    const lines = formatSummary(
      summary({
        skipped: 2,
        failed: [
          { table: 'dbo.Orders', error: 'duplicate key value [SQLSTATE 23505, constraint orders_pkey]' },
          { table: 'dbo.Lines', error: 'Login failed [SQL Server error 18456]' },
        ],
        notRun: ['dbo.X'],
        notices: ['Reading WITH (NOLOCK)'],
        warnings: [{ table: 'dbo.Notes', message: '2 NUL characters stripped' }],
      }),
    );
    expect(lines.slice(3)).toEqual([
      '  Succeeded: 48   Skipped: 2   Failed: 2   Not started: 1',
      '  Rows:      1,234,567 (9,877 rows/s, 0.8 MB/s)',
      '  Duration:  2m 5s',
      '  Notes:',
      '    - Reading WITH (NOLOCK)',
      '  Warnings (1):',
      '    - dbo.Notes: 2 NUL characters stripped',
      '  Failed tables:',
      '    - dbo.Orders: duplicate key value [SQLSTATE 23505, constraint orders_pkey]',
      '    - dbo.Lines: Login failed [SQL Server error 18456]',
      '',
      'Fix the problems above, then run: mssql2pg sync data --resume',
    ]);
  });

  it('gives the --resume hint when tables were not started, even with no failure', () => {
    const lines = formatSummary(summary({ stage: 'schema', notRun: ['dbo.A'] }));
    expect(lines.at(-1)).toBe('Fix the problems above, then run: mssql2pg replicate schema --resume');
  });

  it('marks an interrupted run in the title and gives the --resume hint', () => {
    const lines = formatSummary(summary({ interrupted: true }));
    expect(lines[1]).toBe('Data sync summary (interrupted)');
    expect(lines.at(-1)).toBe('Fix the problems above, then run: mssql2pg sync data --resume');
  });

  it('does not divide by zero for an instant run', () => {
    expect(formatSummary(summary({ durationMs: 0, rows: 0, bytes: 0 }))).toContain('  Rows:      0 (0 rows/s, 0.0 MB/s)');
  });
});

describe('summaryAsJson', () => {
  it('has a stable shape for scripts', () => {
    const s = summary({
      failed: [{ table: 'dbo.Orders', error: 'boom' }],
      notRun: ['dbo.X'],
      warnings: [{ table: 'dbo.N', message: 'w' }],
      notices: ['n'],
      skipped: 1,
    });
    expect(JSON.parse(summaryAsJson(s))).toEqual({
      stage: 'data',
      ok: false,
      interrupted: false,
      tables: { selected: 300, window: 50, succeeded: 48, skipped: 1, failed: 1, notStarted: 1 },
      rows: 1_234_567,
      bytes: 100 * 1_048_576,
      durationMs: 125_000,
      rowsPerSecond: 9_877,
      failed: [{ table: 'dbo.Orders', error: 'boom' }],
      notStarted: ['dbo.X'],
      warnings: [{ table: 'dbo.N', message: 'w' }],
      notices: ['n'],
    });
  });

  it('is ok only when nothing failed, nothing was left and the run was not interrupted', () => {
    expect(JSON.parse(summaryAsJson(summary())).ok).toBe(true);
    expect(JSON.parse(summaryAsJson(summary({ notRun: ['a'] }))).ok).toBe(false);
    expect(JSON.parse(summaryAsJson(summary({ interrupted: true }))).ok).toBe(false);
    expect(JSON.parse(summaryAsJson(summary({ durationMs: 0 }))).rowsPerSecond).toBe(0);
  });
});

describe('formatSummary for verify', () => {
  it('counts exact and not-exact tables instead of succeeded and failed', () => {
    const lines = formatSummary(summary({ stage: 'verify', succeeded: 2, failed: [{ table: 'dbo.A', error: 'count differs (source 2, target 1)' }] }));
    expect(lines).toContain('Verify summary');
    expect(lines).toContain('  Exact:     2   Not exact or not verified: 1');
    expect(lines).toContain('  Not exact (details below):');
    expect(lines).toContain('    - dbo.A: count differs (source 2, target 1)');
    expect(lines.at(-1)).toBe('Fix the problems above, then run: mssql2pg verify');
  });
});
