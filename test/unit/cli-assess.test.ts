// `mssql2pg assess` through main(): listed in --help, its own --help, and the errors a user
// meets before anything is read (exit 2, or 3 when the source cannot be reached).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ENV_VARS } from '../../src/config/env.js';
import { writeNotMigrated } from '../../src/progress/unmigrated.js';

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const capture = (chunk: unknown): boolean => ((out += String(chunk)), true);
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write),
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void capture(`${a.join(' ')}\n`)),
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void capture(`${a.join(' ')}\n`)),
  ];
  try {
    return { code: await main(argv), out };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  for (const k of Object.keys(ENV_VARS)) {
    saved[k] = process.env[k];
    delete process.env[k];
  }
});
afterEach(() => {
  for (const k of Object.keys(ENV_VARS)) if (saved[k] === undefined) delete process.env[k];
  else process.env[k] = saved[k];
});

describe('mssql2pg assess', () => {
  it('is listed by mssql2pg --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/assess +before anything is touched/);
  });

  it('has its own --help with the report and JSON options, and no target or resume flags', async () => {
    const r = await run(['assess', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--report', '--json', '--mssql-url', '--include', '--identifier-style']) expect(r.out).toContain(flag);
    for (const flag of ['--pg-url', '--resume', '--parallel']) expect(r.out).not.toContain(flag);
  });

  it('without a SQL Server configured: exit 2 naming what is missing; an unknown flag is refused', async () => {
    const r = await run(['assess']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('SQL Server connection is not configured');
    const unknown = await run(['assess', '--pg-url', 'postgres://x']);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/Unknown argument/i);
  });

  it('a source it cannot reach: exit 3, the password never printed', async () => {
    const r = await run(['assess', '--mssql-url', 'mssql://sa:VerySecret1@127.0.0.1:1/db']);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/Cannot connect to SQL Server at 127\.0\.0\.1:1\/db/);
    expect(r.out).not.toContain('VerySecret1');
  });
});

describe('mssql2pg status', () => {
  it('shows the account of what was not migrated once stage 3 wrote it (and in --json)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mssql2pg-status-'));
    expect((await run(['status', '--progress-dir', dir])).out).not.toContain('Not migrated');
    await writeNotMigrated(dir, {
      written_at: '2026-01-01T00:00:00.000Z', database: 'Shop', with_differences: 0, excluded: 0,
      entries: [{ kind: 'procedure', name: 'dbo.p', verdict: 'exported', reason: 'T-SQL code', file: path.join('unmigrated', 'procedure.dbo.p.sql') }],
    });
    const text = await run(['status', '--progress-dir', dir]);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`Not migrated from Shop: 1 procedure was exported for porting by hand (one file each, with the reason and the original T-SQL, in ${path.join(dir, 'unmigrated')}).`);
    const json = JSON.parse((await run(['status', '--progress-dir', dir, '--json'])).out) as { not_migrated: string };
    expect(json.not_migrated).toMatch(/^Not migrated from Shop/);
  });
});
