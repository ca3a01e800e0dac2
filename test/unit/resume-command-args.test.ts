// The command that goes on is the user's own (issue: status printed `mssql2pg sync data --resume`,
// dropping --progress-dir, --config and the window, so it resumed the wrong run or none). It must
// work run exactly as printed from any directory, and never show a password.
import type { Argv } from 'yargs';
import { describe, expect, it } from 'vitest';
import { withCommonOptions } from '../../src/cli/flags.js';
import { recordedCommand } from '../../src/cli/resume-command.js';
import { splitInvocation } from '../../src/cli/command-context.js';
import { commandLine, rerunLine, resumeLine, sameRunCommand, SHARED_FLAGS, windowLine } from '../../src/progress/recorded-command.js';

const where = { progressDir: '/home/ann/mig/progress', configFile: null };

describe('recordedCommand', () => {
  it('keeps every flag the user gave, drops --reset, and names the progress dir with an absolute path', () => {
    const c = recordedCommand(
      { command: 'sync data', args: ['--include', 'dbo.*', 'sales.*', '--chunk-rows', '500000', '--reset', '--start-from-table', 'Orders', '--type-override', 'money=numeric(19,2)'], cwd: '/home/ann/mig' },
      where,
    );
    expect(resumeLine(c)).toBe(
      "mssql2pg sync data --include 'dbo.*' 'sales.*' --chunk-rows 500000 --start-from-table Orders --type-override 'money=numeric(19,2)' --progress-dir /home/ann/mig/progress --resume",
    );
  });

  it('makes relative --progress-dir and --config absolute, in both spellings, and adds the config file the run read by default', () => {
    const given = recordedCommand({ command: 'migrate', args: ['--progress-dir', 'p2', '--config=cfg/m.json'], cwd: '/work' }, { progressDir: '/work/p2', configFile: 'cfg/m.json' });
    expect(given.args).toEqual(['--progress-dir', '/work/p2', '--config=/work/cfg/m.json']);
    const byDefault = recordedCommand({ command: 'migrate', args: ['--parallel', '4'], cwd: '/work' }, { progressDir: '/work/progress', configFile: 'config/mssql2pg.json' });
    expect(byDefault.args).toEqual(['--parallel', '4', '--config', '/work/config/mssql2pg.json', '--progress-dir', '/work/progress']);
  });

  it('masks passwords in URL flags', () => {
    const c = recordedCommand({ command: 'sync data', args: ['--pg-url', 'postgres://u:s3cret@h/db', '--mssql-url=mssql://sa:P%40ss@sql01/Shop'], cwd: '/' }, where);
    expect(commandLine(c)).not.toMatch(/s3cret|P%40ss/);
    expect(c.args).toContain('postgres://u:***@h/db');
  });

  it('splitInvocation finds the command words wherever yargs accepts them', () => {
    expect(splitInvocation(['--verbose', 'sync', '--parallel', '2', 'data', '--json'], ['sync', 'data'], '/x')).toEqual({
      command: 'sync data', args: ['--verbose', '--parallel', '2', '--json'], cwd: '/x',
    });
  });
});

describe('lines built from a recorded command', () => {
  const c = { command: 'sync data', args: ['--include', 'dbo.*', '--start-from-table', 'A', '--max-tables=5', '--chunk-rows', '0', '--progress-dir', '/p'] };

  it('the next batch window replaces the window flags', () => {
    expect(windowLine(c, 'dbo.F', 5)).toBe("mssql2pg sync data --include 'dbo.*' --chunk-rows 0 --progress-dir /p --resume --start-from-table dbo.F --max-tables 5");
  });

  it('verify is run again, the stages resumed', () => {
    expect(rerunLine({ command: 'verify', args: ['--progress-dir', '/p'] })).toBe('mssql2pg verify --progress-dir /p');
    expect(rerunLine({ command: 'replicate constraints', args: [] })).toBe('mssql2pg replicate constraints --resume');
  });

  it('another stage of the same migration keeps only the flags every command takes', () => {
    expect(commandLine(sameRunCommand(c, 'replicate constraints'))).toBe(
      "mssql2pg replicate constraints --include 'dbo.*' --start-from-table A --max-tables=5 --progress-dir /p",
    );
  });
});

/** The option names a builder declares (a stand-in for yargs that records .option calls). */
function declaredOptions(builder: (y: Argv) => unknown): string[] {
  const names: string[] = [];
  const recorder: unknown = new Proxy({}, { get: (_t, prop) => (...args: unknown[]) => (prop === 'option' && names.push(String(args[0])), recorder) });
  builder(recorder as Argv);
  return names;
}

describe('SHARED_FLAGS', () => {
  it('is exactly the flags every command takes (withCommonOptions)', () => {
    expect([...SHARED_FLAGS].sort()).toEqual(declaredOptions((y) => withCommonOptions(y)).sort());
  });
});
