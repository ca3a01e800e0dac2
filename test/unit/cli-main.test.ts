import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Argv } from 'yargs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { schemaCommandBuilder } from '../../src/cli/replicate-schema-command.js';
import { constraintsCommandBuilder, parseMaintenanceWorkMem } from '../../src/cli/replicate-constraints-command.js';
import { dataCommandBuilder } from '../../src/cli/sync-data-command.js';
import { migrateCommandBuilder } from '../../src/cli/migrate-command.js';
import { verifyCommandBuilder } from '../../src/cli/verify-command.js';
import { ENV_VARS } from '../../src/config/env.js';

const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The option names a builder declares, recorded by a stand-in for yargs that accepts any call. */
function declaredOptions(builder: (y: Argv) => unknown): string[] {
  const names: string[] = [];
  const recorder: unknown = new Proxy(
    {},
    {
      get: (_target, prop) =>
        (...args: unknown[]) => {
          if (prop === 'option' || prop === 'options') names.push(String(args[0]));
          return recorder;
        },
    },
  );
  builder(recorder as Argv);
  return names;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs main() capturing everything written (yargs prints help through console.log). */
async function runMain(argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const toOut = (chunk: unknown): boolean => ((stdout += String(chunk)), true);
  const toErr = (chunk: unknown): boolean => ((stderr += String(chunk)), true);
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(toOut as typeof process.stdout.write),
    vi.spyOn(process.stderr, 'write').mockImplementation(toErr as typeof process.stderr.write),
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void toOut(`${a.join(' ')}\n`)),
    vi.spyOn(console, 'info').mockImplementation((...a: unknown[]) => void toOut(`${a.join(' ')}\n`)),
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void toErr(`${a.join(' ')}\n`)),
    vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void toErr(`${a.join(' ')}\n`)),
  ];
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

const SECRET = 'Sup3r-Secret-Pw';
let savedEnv: NodeJS.ProcessEnv;
let savedCwd: string;
let exitSpy: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  savedEnv = { ...process.env };
  savedCwd = process.cwd();
  // No configuration from the developer's shell or the repo's config/ leaks into these runs.
  for (const name of Object.keys(ENV_VARS)) delete process.env[name];
  process.chdir(realpathSync(mkdtempSync(path.join(tmpdir(), 'mssql2pg-cli-'))));
  exitSpy = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    throw new Error(`process.exit(${code}) called`);
  }) as typeof process.exit);
});

afterEach(() => {
  process.chdir(savedCwd);
  process.env = savedEnv;
  expect(exitSpy).not.toHaveBeenCalled();
  exitSpy.mockRestore();
});

describe('main: version and help', () => {
  it('--version prints the package.json version and returns 0', async () => {
    const r = await runMain(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(packageVersion);
  });

  it('--help lists both commands and the exit codes, returning 0', async () => {
    const r = await runMain(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('replicate');
    expect(r.stdout).toContain('sync');
    expect(r.stdout).toContain('Exit codes');
    expect(r.stdout).toContain('--version');
  });

  it.each([
    ['replicate', 'schema', schemaCommandBuilder],
    ['sync', 'data', dataCommandBuilder],
    ['replicate', 'constraints', constraintsCommandBuilder],
    ['migrate', undefined, migrateCommandBuilder],
  ] as const)('%s %s --help mentions every declared flag', async (group, command, builder) => {
    const options = declaredOptions(builder as (y: Argv) => unknown);
    // Guard against the recorder silently seeing nothing.
    expect(options.length).toBeGreaterThan(20);
    expect(options).toContain('resume');
    const r = await runMain(command ? [group, command, '--help'] : [group, '--help']);
    expect(r.code).toBe(0);
    for (const name of options) expect(r.stdout, `--${name}`).toContain(`--${name}`);
  });

  // migrate runs every stage "with the same flags": it must accept each stage's own flags
  // (verify's resume/reset aside, which migrate passes to the three other stages only).
  it.each([
    ['replicate schema', schemaCommandBuilder],
    ['sync data', dataCommandBuilder],
    ['replicate constraints', constraintsCommandBuilder],
    ['verify', verifyCommandBuilder],
  ] as const)('migrate declares every flag of %s but --dry-run', (_name, builder) => {
    const migrate = declaredOptions(migrateCommandBuilder as (y: Argv) => unknown);
    for (const name of declaredOptions(builder as (y: Argv) => unknown)) {
      if (name !== 'dry-run') expect(migrate, `--${name}`).toContain(name);
    }
    expect(migrate).not.toContain('dry-run');
  });

  it('sync data --help mentions the flags only sync data has, replicate schema --help does not', async () => {
    const schemaHelp = (await runMain(['replicate', 'schema', '--help'])).stdout;
    const dataHelp = (await runMain(['sync', 'data', '--help'])).stdout;
    expect(schemaHelp).toContain('--dry-run');
    expect(dataHelp).not.toContain('--dry-run');
    expect(dataHelp).toContain('--parallel');
    expect(schemaHelp).not.toContain('--parallel');
  });
});

describe('main: usage errors return 2 without running anything', () => {
  it('no command', async () => {
    const r = await runMain([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Name a command');
    expect(r.stderr).toContain('--help');
  });

  it('replicate without schema', async () => {
    const r = await runMain(['replicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mssql2pg replicate schema');
  });

  it('replicate constraints --dry-run needs the source only, and says how to configure it', async () => {
    process.env.PG_URL = 'postgres://u@pghost/db';
    const r = await runMain(['replicate', 'constraints', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SQL Server connection is not configured');
    expect(r.stdout).toBe('');
  });

  it('sync without data', async () => {
    const r = await runMain(['sync']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mssql2pg sync data');
  });

  it('an unknown flag', async () => {
    const r = await runMain(['replicate', 'schema', '--bogus-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument/i);
    expect(r.stderr).toContain('bogus-flag');
  });

  it('an unknown command', async () => {
    const r = await runMain(['migrat']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument|Did you mean/i);
  });

  it('--resume together with --reset', async () => {
    const r = await runMain(['sync', 'data', '--resume', '--reset']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mutually exclusive|resume.*reset/i);
  });

  it('a bad --identifier-style choice', async () => {
    const r = await runMain(['replicate', 'schema', '--identifier-style', 'camel']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('camel');
  });

  it('replicate schema with no configuration at all says how to configure', async () => {
    const r = await runMain(['replicate', 'schema']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SQL Server connection is not configured');
    expect(r.stderr).toContain('MSSQL_HOST');
    expect(r.stderr).toContain('MSSQL_URL');
    expect(r.stdout).toBe('');
  });

  it('migrate with no configuration stops at its first stage, says how to configure, offers no resume', async () => {
    const r = await runMain(['migrate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SQL Server connection is not configured');
    expect(r.stderr).toMatch(/migrate stopped: `replicate schema` refused to start.*Not run: sync data, replicate constraints, verify/);
    expect(r.stderr).not.toContain('--resume');
  });

  it('migrate --dry-run is an unknown flag (each stage has its own dry run)', async () => {
    const r = await runMain(['migrate', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown arguments?: dry-run/);
  });

  it('sync data with no configuration at all says how to configure', async () => {
    const r = await runMain(['sync', 'data']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SQL Server connection is not configured');
  });

  it('a partial configuration never prints the password it was given', async () => {
    process.env.MSSQL_PASSWORD = SECRET;
    process.env.MSSQL_URL = `mssql://sa:${encodeURIComponent(SECRET)}@sqlhost/`;
    const r = await runMain(['replicate', 'schema']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('database (');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.stdout + r.stderr).not.toContain(encodeURIComponent(SECRET));
  });

  it('a source URL with a bad scheme never echoes its password', async () => {
    process.env.MSSQL_URL = `http://sa:${SECRET}@sqlhost/db`;
    const r = await runMain(['replicate', 'schema']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mssql://');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('sync data without PG_URL names PG_URL', async () => {
    process.env.MSSQL_URL = 'mssql://sa:pw@sqlhost/db';
    const r = await runMain(['sync', 'data']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PG_URL');
  });

  it.each([
    [['sync', 'data', '--parallel', '0'], '--parallel'],
    [['sync', 'data', '--retries', '-1'], '--retries'],
    [['sync', 'data', '--chunk-rows', '-5'], '--chunk-rows'],
    [['sync', 'data', '--chunk-rows', '1.5'], '--chunk-rows'],
    [['sync', 'data', '--strip-nul', '--replace-nul', 'x'], 'strip-nul'],
    [['replicate', 'constraints', '--parallel', '0'], '--parallel'],
    [['replicate', 'constraints', '--maintenance-work-mem', 'lots'], '--maintenance-work-mem'],
  ])('%j is refused naming the flag', async (argv, flag) => {
    const r = await runMain(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
  });
});

describe('parseMaintenanceWorkMem', () => {
  it.each([
    ['1GB', '1GB'],
    ['1gb', '1GB'],
    ['512 MB', '512MB'],
    ['65536kb', '65536kB'],
    ['65536', '65536kB'],
  ])('%s → %s (Postgres unit spelling)', (input, expected) => {
    expect(parseMaintenanceWorkMem(input)).toBe(expected);
  });

  it('is null when not given, and refuses anything that is not a size', () => {
    expect(parseMaintenanceWorkMem(undefined)).toBeNull();
    expect(() => parseMaintenanceWorkMem("1GB'; DROP TABLE x")).toThrow(/--maintenance-work-mem/);
  });
});
