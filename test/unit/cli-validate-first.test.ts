// Every command checks all its flags before it touches anything; `migrate` checks every stage's
// flags before stage 1 (issue: `migrate --parallel 0` created every table in stage 1, then sync
// data refused; a rerun then failed 11 times with "already exists").
import { existsSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { SourceDatabase } from '../../src/cli/source-database.js';
import { ENV_VARS } from '../../src/config/env.js';

/** A source that records every use: none is allowed before the flags are all checked. */
function recordingSource(calls: string[]): SourceDatabase {
  const use = (what: string) => () => {
    calls.push(what);
    throw new Error(`the source was used (${what})`);
  };
  return { readCatalog: use('catalog'), openRowSource: use('rows'), workerSource: use('worker'), openVerifySource: use('verify'), readGrants: use('grants') };
}

let cwd: string;
let saved: NodeJS.ProcessEnv;
let savedCwd: string;
beforeEach(() => {
  saved = { ...process.env };
  savedCwd = process.cwd();
  for (const name of Object.keys(ENV_VARS)) delete process.env[name];
  // Neither server exists: a command that got as far as connecting would fail with exit 3.
  process.env.MSSQL_URL = 'mssql://sa:NotUsed-1@127.0.0.1:9/src';
  process.env.PG_URL = 'postgres://u:NotUsed-1@127.0.0.1:9/db';
  cwd = realpathSync(mkdtempSync(path.join(tmpdir(), 'mssql2pg-validate-')));
  process.chdir(cwd);
});
afterEach(() => {
  process.chdir(savedCwd);
  process.env = saved;
  vi.restoreAllMocks();
});

async function run(argv: string[]): Promise<{ code: number; stderr: string; calls: string[] }> {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation(((c: unknown) => ((stderr += String(c)), true)) as typeof process.stderr.write);
  vi.spyOn(process.stdout, 'write').mockImplementation((() => true) as typeof process.stdout.write);
  const calls: string[] = [];
  const code = await main(argv, { source: recordingSource(calls), cwd });
  vi.restoreAllMocks();
  return { code, stderr, calls };
}

describe('migrate refuses a bad flag of any stage before stage 1 touches anything', () => {
  it.each([
    [['--parallel', '0'], '--parallel must be a positive integer (got 0)', 'sync data'],
    [['--parallel', '-1'], '--parallel must be a positive integer (got -1)', 'sync data'],
    [['--parallel', 'abc'], '--parallel must be a positive integer (got a value that is not a number)', 'sync data'],
    [['--parallel', '1.5'], '--parallel must be a positive integer (got 1.5)', 'sync data'],
    [['--chunk-rows', '-5'], '--chunk-rows must be a whole number of at least 0', 'sync data'],
    [['--retries', '-1'], '--retries must be a whole number of at least 0', 'sync data'],
    [['--range-rows', '0'], '--range-rows must be a positive integer (got 0)', 'verify'],
    [['--maintenance-work-mem', 'lots'], '--maintenance-work-mem expects a size', 'replicate constraints'],
    [['--pg-connect-timeout-ms', '-1'], '--pg-connect-timeout-ms must be a whole number of milliseconds', 'replicate schema'],
  ])('%j: exit 2, the flag named, no stage run, nothing created', async (flags, message, stage) => {
    const r = await run(['migrate', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(`migrate stopped: \`${stage}\` refused to start`);
    expect(r.stderr).toContain('nothing was touched');
    expect(r.stderr).not.toContain('=== migrate 1/');
    expect(r.stderr).not.toContain('--resume');
    expect(r.calls).toEqual([]);
    expect(existsSync(path.join(cwd, 'progress'))).toBe(false);
  });

  it('a stage after the first names every stage as not run', async () => {
    const r = await run(['migrate', '--range-rows', '0']);
    expect(r.stderr).toContain('Not run: replicate schema, sync data, replicate constraints, verify.');
  });

  it('--range-rows is not checked when --skip-verify leaves verify out', async () => {
    const r = await run(['migrate', '--range-rows', '0', '--skip-verify', '--parallel', '0']);
    expect(r.stderr).toContain('--parallel must be a positive integer');
    expect(r.stderr).not.toContain('--range-rows');
  });

  it('--distributed --parallel 0 is accepted: stage 2 only coordinates, constraints and verify take their defaults', async () => {
    const r = await run(['migrate', '--distributed', '--parallel', '0']);
    expect(r.stderr).not.toContain('--parallel must be');
    expect(r.stderr).not.toContain('refused to start');
    // Every stage was prepared: stage 1 went on to read the catalog.
    expect(r.calls[0]).toBe('catalog');
  });
});

describe('every command checks its flags before it opens anything', () => {
  it.each([
    [['sync', 'data', '--parallel', 'abc'], '--parallel'],
    [['sync', 'data', '--retries', '1.5'], '--retries'],
    [['verify', '--range-rows', '0'], '--range-rows'],
    [['verify', '--parallel', '0'], '--parallel'],
    [['replicate', 'constraints', '--parallel', '-1'], '--parallel'],
    [['replicate', 'schema', '--max-tables', '0'], '--max-tables'],
  ])('%j: exit 2 naming the flag; the source never used', async (argv, flag) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.calls).toEqual([]);
    expect(existsSync(path.join(cwd, 'progress'))).toBe(false);
  });
});
