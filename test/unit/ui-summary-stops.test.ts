// Words that mean what they say in the final summary: a run stopped by a fault says so and
// why; after an interrupt the rows are the committed ones; a resumed run gives its own rows and
// the total; the command that goes on is the user's own.
import { describe, expect, it } from 'vitest';
import type { StageSummary } from '../../src/run/events.js';
import { formatSummary, summaryAsJson } from '../../src/ui/summary.js';

const base: StageSummary = {
  stage: 'data', selected: 11, window: 11, succeeded: 10, skipped: 0, failed: [], notRun: [],
  warnings: [], notices: [], rows: 800_000, bytes: 8 * 1_048_576, durationMs: 8_000, interrupted: false,
};
const RERUN = "mssql2pg sync data --include 'dbo.*' --progress-dir /srv/mig/progress --resume";

describe('formatSummary after a stop', () => {
  it('a fault: "stopped by an error", the fault on its own line, the user\'s resume command', () => {
    const fault = "Could not save progress file /srv/mig/progress/data_sync_progress.json: ENOSPC: no space left on device, open '…'";
    const lines = formatSummary({ ...base, interrupted: true, fault, failed: [{ table: 'dbo.Big', error: `interrupted (${fault})` }] }, RERUN);
    expect(lines[1]).toBe('Data sync summary (stopped by an error)');
    expect(lines).toContain(`  Stopped:   ${fault}`);
    expect(lines.at(-1)).toBe(`Fix the problems above, then run: ${RERUN}`);
  });

  it('an interrupt: the rows are the committed ones', () => {
    const lines = formatSummary({ ...base, interrupted: true }, RERUN);
    expect(lines[1]).toBe('Data sync summary (interrupted)');
    expect(lines).toContain('  Rows:      800,000 committed (100,000 rows/s, 1.0 MB/s)');
  });

  it('a resumed run: the rows of this run, then the total with earlier runs', () => {
    const lines = formatSummary({ ...base, succeeded: 11, rows: 200_000, totalRows: 1_000_000 });
    expect(lines).toContain('  Rows:      200,000 (25,000 rows/s, 1.0 MB/s); 1,000,000 in these tables with earlier runs');
  });

  it('JSON names the command that goes on when something is left', () => {
    expect(JSON.parse(summaryAsJson({ ...base, interrupted: true }, RERUN)).nextCommand).toBe(RERUN);
    expect(Object.keys(JSON.parse(summaryAsJson(base, RERUN)))).not.toContain('nextCommand');
  });

  it('JSON has the fault and the total only when set', () => {
    expect(JSON.parse(summaryAsJson({ ...base, interrupted: true, fault: 'disk full', totalRows: 9 }))).toMatchObject({ ok: false, fault: 'disk full', totalRows: 9 });
    expect(Object.keys(JSON.parse(summaryAsJson(base)))).not.toContain('fault');
  });
});
