import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressFileError } from '../../src/errors.js';
import type { ProgressFile, TableStageProgress, WindowRecord } from '../../src/progress/types.js';
import { formatStatus } from '../../src/status/format-status.js';
import { readStatus } from '../../src/status/read-status.js';
import { summarizeStage } from '../../src/status/stage-status.js';

const T0 = '2026-11-24T10:00:00.000Z';
function entry(status: TableStageProgress['status'], o: Partial<TableStageProgress> = {}): TableStageProgress {
  return {
    status,
    started_at: status === 'pending' ? null : '2026-11-24T10:00:01.000Z',
    completed_at: status === 'completed' ? '2026-11-24T10:01:00.000Z' : null,
    failed_at: status === 'failed' ? '2026-11-24T10:02:00.000Z' : null,
    rows_synced: 0,
    error: status === 'failed' ? 'Table dbo.B (data) failed: boom' : null,
    ...o,
  };
}
function file(stage: 'schema' | 'data', tables: Record<string, TableStageProgress>, window?: WindowRecord): ProgressFile {
  return {
    session_start: T0,
    last_updated: '2026-11-24T10:05:00.000Z',
    tables: Object.fromEntries(Object.entries(tables).map(([t, e]) => [t, { [stage]: e }])),
    ...(window ? { last_window: window } : {}),
  };
}
const WINDOW_A_B: WindowRecord = { first_table: 'dbo.A', last_table: 'dbo.B', next_table: 'dbo.C', max_tables: 2 };

describe('summarizeStage', () => {
  it('all completed after a batch window: the next window starts at the table after it, same --max-tables', () => {
    const s = summarizeStage('data', 'p/data_sync_progress.json', file('data', {
      'dbo.B': entry('completed', { rows_synced: 5, completed_at: '2026-11-24T10:03:00.000Z' }),
      'dbo.A': entry('completed', { rows_synced: 7 }),
    }, WINDOW_A_B));
    expect(s).toMatchObject({
      tables: 2, by_status: { completed: 2, failed: 0, in_progress: 0, pending: 0 }, rows_synced: 12,
      started_at: '2026-11-24T10:00:01.000Z', finished_at: '2026-11-24T10:03:00.000Z', resume_command: null,
      next_window: { start_from_table: 'dbo.C', command: 'mssql2pg sync data --resume --start-from-table dbo.C --max-tables 2', reason: 'after-window' },
    });
    const lines = formatStatus('p', [s]);
    expect(lines).toContain('  Every recorded table is completed.');
    expect(lines).toContain('  Last window: dbo.A … dbo.B (--max-tables 2)');
    expect(lines).toContain('  Next batch window: mssql2pg sync data --resume --start-from-table dbo.C --max-tables 2   (the table after the last window)');
  });

  it('all completed without a window, or with a window that reached the end: no next window', () => {
    const tables = { 'dbo.A': entry('completed') };
    const whole = summarizeStage('data', 'f', file('data', tables));
    expect([whole.last_window, whole.next_window]).toEqual([null, null]);
    expect(formatStatus('p', [whole]).join('\n')).not.toContain('Next batch window');
    const last = summarizeStage('data', 'f', file('data', tables, { first_table: 'dbo.A', last_table: 'dbo.A', next_table: null, max_tables: null }));
    expect(last.next_window).toBeNull();
    expect(formatStatus('p', [last])).toContain('  The last window reached the end of the table list.');
  });

  it('failed, interrupted and pending tables: each failure with its error, resume command, window from the first unfinished', () => {
    const s = summarizeStage('data', 'f', file('data', {
      'dbo.A': entry('completed', { rows_synced: 10 }),
      'dbo.B': entry('failed'),
      'dbo.C': entry('in_progress', { rows_synced: 4 }),
      'dbo.D': entry('pending'),
    }, WINDOW_A_B), (t) => (t === 'dbo.C' ? { chunks_total: 8, chunks_done: 3, ranges_pending: 5 } : null));
    expect(s.finished_at).toBeNull();
    expect(s.failed.map((f) => [f.table, f.error])).toEqual([['dbo.B', 'Table dbo.B (data) failed: boom']]);
    expect(s.unfinished.map((u) => u.table)).toEqual(['dbo.C', 'dbo.D']);
    expect(s.resume_command).toBe('mssql2pg sync data --resume');
    expect(s.next_window?.start_from_table).toBe('dbo.B');
    const lines = formatStatus('p', [s]);
    expect(lines).toEqual(expect.arrayContaining([
      '  Tables:   4 recorded: 1 completed, 1 failed, 1 in progress, 1 pending',
      '  Rows:     14 copied',
      '    - dbo.B: Table dbo.B (data) failed: boom',
      '    - dbo.C: in progress (interrupted unless a run is going on), chunks 3/8, 4 rows',
      '    - dbo.D: pending',
      '  Resume:   mssql2pg sync data --resume',
    ]));
  });

  it('uses each stage its own command; an empty file has nothing to resume', () => {
    const schema = summarizeStage('schema', 'f', file('schema', { 'dbo.A': entry('failed') }));
    expect(schema.resume_command).toBe('mssql2pg replicate schema --resume');
    expect(summarizeStage('constraints', 'f', { session_start: T0, last_updated: T0, tables: {} })).toMatchObject({
      tables: 0, resume_command: null, next_window: null, started_at: null, finished_at: null,
    });
  });

  it('quotes a table name that the shell would split', () => {
    const s = summarizeStage('data', 'f', file('data', { 'dbo.Order Lines': entry('pending') }, { ...WINDOW_A_B, max_tables: null }));
    expect(s.next_window?.command).toBe(`mssql2pg sync data --resume --start-from-table 'dbo.Order Lines'`);
  });
});

describe('readStatus', () => {
  const dir = (): string => mkdtempSync(path.join(tmpdir(), 'mssql2pg-status-'));

  it('reads every stage file present, in stage order, with chunk counts from the raw entries', async () => {
    const d = dir();
    const data = file('data', { 'dbo.A': entry('in_progress') }) as unknown as { tables: Record<string, { data: Record<string, unknown> }> };
    Object.assign(data.tables['dbo.A']!.data, { chunks_total: 4, chunks_done: 1, ranges_pending: [{ lo: '1', hi: '9' }, { lo: '10', hi: null }] });
    writeFileSync(path.join(d, 'data_sync_progress.json'), JSON.stringify(data));
    writeFileSync(path.join(d, 'schema_replication_progress.json'), JSON.stringify(file('schema', { 'dbo.A': entry('completed') })));
    const stages = await readStatus(d);
    expect(stages.map((s) => s.stage)).toEqual(['schema', 'data']);
    expect(stages[1]!.unfinished[0]!.chunks).toEqual({ chunks_total: 4, chunks_done: 1, ranges_pending: 2 });
  });

  it('says so when there are no progress files', async () => {
    const d = dir();
    expect(await readStatus(d)).toEqual([]);
    expect(formatStatus(d, [])[0]).toContain(`No progress files in ${d}`);
  });

  it('stops on a corrupted file, naming it (exit 2 via ProgressFileError)', async () => {
    const d = dir();
    writeFileSync(path.join(d, 'data_sync_progress.json'), '{"session_start": 1');
    const err = await readStatus(d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProgressFileError);
    expect((err as Error).message).toContain(path.join(d, 'data_sync_progress.json'));
  });
});
