// status shows every stage of a migration, the ones never started and verify when
// --skip-verify left it out, and suggests the next command (issue: after an interrupted stage 3
// status had no constraints section and said "Every recorded table is completed").
import { describe, expect, it } from 'vitest';
import type { MigrateRecord } from '../../src/progress/migrate-record.js';
import type { ProgressFile, TableStageProgress } from '../../src/progress/types.js';
import { formatOverview, formatTargetCheck } from '../../src/status/format-overview.js';
import { migrationOverview } from '../../src/status/migration-overview.js';
import { formatVerifyStatus, type VerifyStatus } from '../../src/status/read-verify-report.js';
import { summarizeStage } from '../../src/status/stage-status.js';

const entry = (status: TableStageProgress['status']): TableStageProgress => ({
  status, started_at: 'a', completed_at: status === 'completed' ? 'b' : null, failed_at: null, rows_synced: 0, error: null,
});
const MIGRATE = { command: 'migrate', args: ['--include', 'dbo.*', '--progress-dir', '/p'] };
function stage(name: 'schema' | 'data' | 'constraints', tables: Record<string, TableStageProgress['status']>, updated = '2026-01-01T00:00:00.000Z') {
  const file: ProgressFile = {
    session_start: 'x', last_updated: updated, last_command: MIGRATE,
    tables: Object.fromEntries(Object.entries(tables).map(([t, s]) => [t, { [name]: entry(s) }])),
  };
  return summarizeStage(name, `/p/${name}.json`, file);
}
const verify = (o: Partial<VerifyStatus>): VerifyStatus => ({ file: '/p/verify_report.json', verified_at: 'T', counts_only: false, ok: true, tables: 2, not_exact: [], ...o });
const record = (stages: MigrateRecord['stages']): MigrateRecord => ({ started_at: 'S', updated_at: 'U', command: MIGRATE, stages });

describe('migrationOverview', () => {
  it('after migrate was interrupted in stage 3: every stage, constraints interrupted, verify skipped, and migrate --resume next', () => {
    const o = migrationOverview(
      [stage('schema', { 'dbo.A': 'completed', 'dbo.B': 'completed' }), stage('data', { 'dbo.A': 'completed', 'dbo.B': 'completed' }), stage('constraints', { 'dbo.A': 'completed', 'dbo.B': 'failed' })],
      null,
      record([
        { command: 'replicate schema', state: 'completed' },
        { command: 'sync data', state: 'completed' },
        { command: 'replicate constraints', state: 'stopped', exit_code: 130 },
        { command: 'verify', state: 'skipped', reason: '--skip-verify' },
      ]),
    );
    expect(o.stages.map((s) => [s.command, s.state])).toEqual([
      ['replicate schema', 'completed'],
      ['sync data', 'completed'],
      ['replicate constraints', 'interrupted'],
      ['verify', 'skipped'],
    ]);
    expect(o.next).toBe("mssql2pg migrate --include 'dbo.*' --progress-dir /p --resume");
    const lines = formatOverview(o, 'S');
    expect(lines[0]).toBe('Migration (mssql2pg migrate, started S):');
    expect(lines).toContain('  verify                 skipped (left out by --skip-verify)');
    expect(lines).toContain('  replicate constraints  interrupted (1 of 2 tables not completed; migrate stopped here with exit code 130)');
  });

  it('a stage that never started is listed as such, and is the next command, with the flags every stage shares', () => {
    const o = migrationOverview([stage('schema', { 'dbo.A': 'completed' }), { ...stage('data', { 'dbo.A': 'completed' }), last_command: { command: 'sync data', args: ['--chunk-rows', '0', '--progress-dir', '/p'] }, last_updated: '2026-02-01' }], null, null);
    expect(o.stages.map((s) => s.state)).toEqual(['completed', 'completed', 'not started', 'not run']);
    expect(o.next).toBe('mssql2pg replicate constraints --progress-dir /p');
  });

  it('all stages done and only counts compared: not done, verify with every row is next', () => {
    const stages = [stage('schema', { 'dbo.A': 'completed' }), stage('data', { 'dbo.A': 'completed' }), stage('constraints', { 'dbo.A': 'completed' })];
    const counts = migrationOverview(stages, verify({ counts_only: true }), null);
    expect(counts.stages[3]).toMatchObject({ state: 'counts match', detail: expect.stringContaining('values not compared') });
    expect(counts.next).toMatch(/^mssql2pg verify /);
    expect(migrationOverview(stages, verify({}), null)).toMatchObject({ next: null, reason: 'every stage completed and verify found every table exact' });
  });
});

describe('a verify older than the data', () => {
  const at = (completed: string): TableStageProgress => ({ status: 'completed', started_at: '2026-03-01T10:00:00.000Z', completed_at: completed, failed_at: null, rows_synced: 5, error: null });
  const withTables = (name: 'schema' | 'data' | 'constraints', completed: string, updated: string) =>
    summarizeStage(name, `/p/${name}.json`, { session_start: 'x', last_updated: updated, tables: { 'dbo.A': { [name]: at(completed) } } });
  const VERIFIED = '2026-03-01T12:00:00.000Z';

  it('sync data loaded a table after verify ended: verify is out of date, and verify is the next command', () => {
    const o = migrationOverview(
      [withTables('schema', '2026-03-01T10:00:01.000Z', '2026-03-01T10:00:01.000Z'), withTables('data', '2026-03-01T13:30:00.000Z', '2026-03-01T13:30:00.000Z'), withTables('constraints', '2026-03-01T11:00:00.000Z', '2026-03-01T11:00:00.000Z')],
      verify({ verified_at: VERIFIED }),
      null,
    );
    expect(o.stages[3]).toEqual({ command: 'verify', state: 'out of date', detail: `exact at ${VERIFIED}; sync data wrote the target after it, at 2026-03-01T13:30:00.000Z` });
    expect(o.next).toBe('mssql2pg verify');
    expect(o.reason).toBe('verify is out of date: verify again before cutover');
  });

  it('replicate schema recreating tables after verify makes it out of date too', () => {
    const o = migrationOverview(
      [withTables('schema', '2026-03-01T12:00:05.000Z', '2026-03-01T12:00:05.000Z'), withTables('data', '2026-03-01T11:00:00.000Z', '2026-03-01T11:00:00.000Z'), withTables('constraints', '2026-03-01T11:30:00.000Z', '2026-03-01T11:30:00.000Z')],
      verify({ verified_at: VERIFIED }),
      null,
    );
    expect(o.stages[3]).toMatchObject({ state: 'out of date', detail: expect.stringContaining('replicate schema wrote the target after it') });
  });

  it('a --resume that skipped every table (the file updated, no table touched) leaves verify exact', () => {
    const o = migrationOverview(
      [withTables('schema', '2026-03-01T10:00:01.000Z', '2026-03-02T09:00:00.000Z'), withTables('data', '2026-03-01T11:00:00.000Z', '2026-03-02T09:00:01.000Z'), withTables('constraints', '2026-03-01T11:30:00.000Z', '2026-03-02T09:00:02.000Z')],
      verify({ verified_at: VERIFIED }),
      null,
    );
    expect(o.stages[3]).toMatchObject({ state: 'exact' });
    expect(o.next).toBeNull();
  });
});

describe('formatVerifyStatus', () => {
  it('a --counts-only run never says "exact"', () => {
    const lines = formatVerifyStatus(verify({ counts_only: true }));
    expect(lines[1]).toBe('  Last run: T (counts only): counts match on all 2 tables; values were not compared (run verify without --counts-only to compare every row)');
    expect(lines.join('\n')).not.toContain('exact');
  });
});

describe('formatTargetCheck', () => {
  it('names each leftover schema with what it is and the statement that removes it', () => {
    const lines = formatTargetCheck({
      checked: true,
      where: 'pg01:5432 (postgres://u:***@pg01:5432/shop)',
      schemas: [
        { schema: 'mssql2pg', kind: 'bookkeeping', tables: 1, bytes: 16_384, rangeRows: 12 },
        { schema: 'mssql2pg_verify', kind: 'verify-scratch', tables: 4, bytes: 39 * 1_048_576, rangeRows: null },
      ],
    });
    expect(lines[0]).toBe('Target database pg01:5432 (postgres://u:***@pg01:5432/shop):');
    expect(lines[1]).toContain('12 range records');
    expect(lines[1]).toContain('DROP SCHEMA mssql2pg CASCADE;');
    expect(lines[2]).toMatch(/^  mssql2pg_verify: 4 tables, 39\.0 MB: scratch tables an older mssql2pg's verify left .*DROP SCHEMA mssql2pg_verify CASCADE;$/);
  });

  it('says it could not look, and why', () => {
    expect(formatTargetCheck({ checked: false, reason: 'no PostgreSQL URL given (--pg-url, PG_URL or target.url in the config file).' })[0]).toContain(
      'not checked for leftover schemas (mssql2pg_verify, mssql2pg): no PostgreSQL URL given',
    );
  });
});
