import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildReport } from '../../src/verify/report.js';
import { writeVerifyReport } from '../../src/verify/write-report.js';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(((c: unknown) => ((stdout += String(c)), true)) as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(((c: unknown) => ((stderr += String(c)), true)) as typeof process.stderr.write);
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (stdout += `${a.join(' ')}\n`));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (stderr += `${a.join(' ')}\n`));
  const code = await main(argv);
  return { code, stdout, stderr };
}
afterEach(() => vi.restoreAllMocks());

const dir = (): string => mkdtempSync(path.join(tmpdir(), 'mssql2pg-cli-status-'));

describe('mssql2pg status', () => {
  it('prints the stages from --progress-dir and exits 0, with --json for scripts', async () => {
    const d = dir();
    writeFileSync(path.join(d, 'data_sync_progress.json'), JSON.stringify({
      session_start: 'x', last_updated: 'y',
      tables: { 'dbo.A': { data: { status: 'failed', started_at: null, completed_at: null, failed_at: 'z', rows_synced: 0, error: 'boom' } } },
    }));
    const text = await run(['status', '--progress-dir', d]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('    - dbo.A: boom');
    expect(text.stdout).toContain('Resume:   mssql2pg sync data --resume');
    const json = await run(['status', '--progress-dir', d, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ progress_dir: d, stages: [{ stage: 'data', by_status: { failed: 1 } }] });
  });

  it('exits 2 naming a corrupted progress file', async () => {
    const d = dir();
    writeFileSync(path.join(d, 'schema_replication_progress.json'), 'not json');
    const r = await run(['status', '--progress-dir', d]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path.join(d, 'schema_replication_progress.json'));
  });
});

describe('mssql2pg status: the last verify report', () => {
  it('shows when verify last ran and which tables were not exact', async () => {
    const d = dir();
    await writeVerifyReport(d, buildReport([
      { table: 'dbo.A', status: 'exact', sourceRows: 1, targetRows: 1 },
      { table: 'dbo.B', status: 'count-differs', sourceRows: 2, targetRows: 1, differences: [], moreDifferences: false },
    ], false, new Date('2026-11-24T12:00:00.000Z')));
    const r = await run(['status', '--progress-dir', d]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  Last run: 2026-11-24T12:00:00.000Z: 1 of 2 tables not exact');
    expect(r.stdout).toContain('    - dbo.B: count-differs');
    const json = await run(['status', '--progress-dir', d, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ verify: { ok: false, tables: 2, not_exact: [{ table: 'dbo.B' }] } });
  });

  it('exits 2 naming a corrupted verify report', async () => {
    const d = dir();
    writeFileSync(path.join(d, 'verify_report.json'), '{"ok": 1}');
    const r = await run(['status', '--progress-dir', d]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Verify report ${path.join(d, 'verify_report.json')} is corrupted`);
  });
});

describe('mssql2pg verify', () => {
  it('refuses --resume before connecting (verify keeps no progress)', async () => {
    const r = await run(['verify', '--resume']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('verify keeps no progress');
  });

  it('--help lists its own flags', async () => {
    const r = await run(['verify', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--counts-only', '--parallel', '--include', '--start-from-table', '--json']) expect(r.stdout).toContain(flag);
  });

  it('--help shows --accept-override and --repair, which refuses --counts-only before connecting', async () => {
    const help = await run(['verify', '--help']);
    expect(help.stdout).toContain('--accept-override');
    expect(help.stdout).toContain('--repair');
    const both = await run(['verify', '--repair', '--counts-only']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/repair.*counts-only|counts-only.*repair/);
    const bad = await run(['verify', '--accept-override', 'a.b.c.d']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--accept-override takes a SQL Server type (money) or schema.table.column');
  });
});
