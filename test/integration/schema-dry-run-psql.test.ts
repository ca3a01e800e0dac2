// `mssql2pg replicate schema --dry-run > schema.sql` must give a file that
// `psql -v ON_ERROR_STOP=1 -f schema.sql` runs: SQL (and `--` comments) on stdout, everything
// else (progress, warnings, the summary, JSON) on stderr. Runs the command in a child process
// and pipes its real stdout into a real psql.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, withPgClient, type TestDatabase } from '../helpers/postgres.js';

const CHILD = path.resolve('test/helpers/schema-dry-run-child.ts');

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

function dryRun(...flags: string[]): { stdout: string; stderr: string; status: number | null } {
  const progressDir = mkdtempSync(path.join(tmpdir(), 'mssql2pg-dry-run-'));
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, progressDir, ...flags], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', MSSQL_URL: 'mssql://u:never-connected@127.0.0.1:1/src', PG_URL: '' },
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function hasPsql(): boolean {
  return spawnSync('psql', ['--version']).status === 0;
}

/** Applies a script the way the README says: psql -v ON_ERROR_STOP=1 -f (stdin here). */
async function applyScript(url: string, sql: string): Promise<void> {
  if (hasPsql()) {
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', '-'], { input: sql, stdio: ['pipe', 'pipe', 'pipe'] });
    return;
  }
  // No psql client on this machine: the simple-query protocol runs a multi-statement script the
  // same way (and stops at the first error), so the check still means something.
  process.stderr.write('[schema-dry-run-psql] psql not found: applying the script over the simple-query protocol\n');
  await withPgClient(url, (c) => c.query(sql));
}

describe('replicate schema --dry-run > schema.sql', () => {
  it('writes only SQL to stdout, which psql -v ON_ERROR_STOP=1 applies; the summary goes to stderr', async () => {
    const { stdout, stderr, status } = dryRun('--verbose');
    expect(status).toBe(0);
    expect(stdout).toContain('CREATE TABLE "public"."everytype"');
    expect(stdout).not.toMatch(/summary|Processing|never-connected/i);
    expect(stderr).toMatch(/Schema replication summary/);
    expect(stderr).not.toContain('never-connected');
    await applyScript(db.url, stdout);
    const tables = await withPgClient(db.url, (c) =>
      c.query<{ t: string }>(`SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema IN ('public', 'sales') ORDER BY 1`),
    );
    expect(tables.rows.map((r) => r.t)).toEqual(['public.everytype', 'sales.customers', 'sales.orders']);
  });

  it('with --json too: stdout stays pure SQL, the JSON summary goes to stderr', async () => {
    const { stdout, stderr, status } = dryRun('--json');
    expect(status).toBe(0);
    expect(stderr).toMatch(/"stage":\s*"schema"/);
    expect(stdout).not.toContain('"stage"');
    await applyScript(db.url, stdout);
  });
});
