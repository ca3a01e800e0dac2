import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runMigrate, type MigrateStage } from '../../src/cli/migrate.js';
import { resumeCommand, shellQuote } from '../../src/cli/resume-command.js';
import { Mssql2pgError, UsageError } from '../../src/errors.js';

function stages(codes: Record<string, number>, ran: string[]): MigrateStage[] {
  return ['replicate schema', 'sync data', 'replicate constraints', 'verify'].map((command) => ({
    command,
    run: async () => {
      ran.push(command);
      return codes[command] ?? EXIT.OK;
    },
  }));
}

describe('runMigrate', () => {
  it('runs every stage in order and exits 0 when all succeed', async () => {
    const ran: string[] = [];
    const lines: string[] = [];
    const code = await runMigrate(stages({}, ran), { write: (l) => lines.push(l), resume: 'mssql2pg migrate --resume' });
    expect(code).toBe(EXIT.OK);
    expect(ran).toEqual(['replicate schema', 'sync data', 'replicate constraints', 'verify']);
    expect(lines.join('\n')).toMatch(/all 4 stages finished/);
  });

  it('stops after a stage with failed tables, exits 1 and prints the command that resumes', async () => {
    const ran: string[] = [];
    const lines: string[] = [];
    const code = await runMigrate(stages({ 'sync data': EXIT.TABLES_FAILED }, ran), {
      write: (l) => lines.push(l),
      resume: 'mssql2pg migrate --include dbo.* --resume',
    });
    expect(code).toBe(EXIT.TABLES_FAILED);
    expect(ran).toEqual(['replicate schema', 'sync data']);
    const text = lines.join('\n');
    expect(text).toMatch(/stopped after `sync data`.*Not run: replicate constraints, verify/);
    expect(text).toContain('To go on from here, run: mssql2pg migrate --include dbo.* --resume');
  });

  it('passes an interrupt (130) and a fatal error (3) through, with the resume command', async () => {
    for (const code of [EXIT.INTERRUPTED, EXIT.FATAL]) {
      const lines: string[] = [];
      const result = await runMigrate(stages({ 'replicate constraints': code }, []), { write: (l) => lines.push(l), resume: 'R' });
      expect(result).toBe(code);
      expect(lines.join('\n')).toContain('run: R');
    }
  });

  it('on a usage error (2) says nothing was touched and offers no resume', async () => {
    const lines: string[] = [];
    const result = await runMigrate(stages({ 'replicate schema': EXIT.USAGE }, []), { write: (l) => lines.push(l), resume: 'R' });
    expect(result).toBe(EXIT.USAGE);
    expect(lines.join('\n')).not.toContain('run: R');
  });

  it('maps an error a stage throws (as its own command would end) to the exit code and message', async () => {
    for (const [error, code] of [[new UsageError('bad flag'), EXIT.USAGE], [new Mssql2pgError('login failed'), EXIT.FATAL]] as const) {
      const lines: string[] = [];
      const ran: string[] = [];
      const throwing = stages({}, ran).map((s) => (s.command === 'sync data' ? { ...s, run: async () => Promise.reject(error) } : s));
      expect(await runMigrate(throwing, { write: (l) => lines.push(l), resume: 'R' })).toBe(code);
      expect(ran).toEqual(['replicate schema']);
      expect(lines.join('\n')).toContain(error.message);
    }
  });

  it('reports differences found by verify as such', async () => {
    const lines: string[] = [];
    expect(await runMigrate(stages({ verify: EXIT.TABLES_FAILED }, []), { write: (l) => lines.push(l), resume: 'R' })).toBe(1);
    expect(lines.join('\n')).toMatch(/verify found tables that differ/);
  });
});

describe('resumeCommand', () => {
  it('keeps the flags, drops --reset and adds --resume once', () => {
    expect(resumeCommand('migrate', ['--include', 'dbo.*', '--reset', '--parallel', '4'])).toBe(
      "mssql2pg migrate --include 'dbo.*' --parallel 4 --resume",
    );
    expect(resumeCommand('sync data', ['--resume', '--start-from-table', 'Orders'])).toBe(
      'mssql2pg sync data --start-from-table Orders --resume',
    );
  });

  it('masks passwords in URL flags, in both --flag value and --flag=value forms', () => {
    const cmd = resumeCommand('migrate', ['--pg-url', 'postgres://u:s3cret@h/db', '--mssql-url=mssql://sa:P%40ss@sql01/Shop']);
    expect(cmd).not.toMatch(/s3cret|P%40ss/);
    expect(cmd).toContain("--pg-url 'postgres://u:***@h/db'");
    expect(cmd).toContain("'--mssql-url=mssql://sa:***@sql01/Shop'");
  });

  it('quotes words the shell would split or expand', () => {
    expect(shellQuote('Order Lines')).toBe("'Order Lines'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('dbo.Orders')).toBe('dbo.Orders');
  });
});

describe('runMigrate records and reports its stages', () => {
  it('records each stage as it goes (for status), including verify left out by --skip-verify, and says it was left out', async () => {
    const records: string[][] = [];
    const lines: string[] = [];
    const three = stages({}, []).slice(0, 3);
    const code = await runMigrate(three, {
      write: (l) => lines.push(l),
      resume: 'R',
      skipped: [{ command: 'verify', reason: '--skip-verify' }],
      record: async (states) => void records.push(states.map((s) => `${s.command}:${s.state}`)),
    });
    expect(code).toBe(EXIT.OK);
    expect(records[0]).toEqual(['replicate schema:not started', 'sync data:not started', 'replicate constraints:not started', 'verify:skipped']);
    expect(records.at(-1)).toEqual(['replicate schema:completed', 'sync data:completed', 'replicate constraints:completed', 'verify:skipped']);
    expect(lines.at(-1)).toBe('Left out: verify (--skip-verify); `mssql2pg status` prints the command that runs it.');
  });

  it('a stage that stops is recorded with its exit code; a record that cannot be written ends migrate with exit 3', async () => {
    const records: string[][] = [];
    await runMigrate(stages({ 'sync data': EXIT.INTERRUPTED }, []), {
      write: () => {},
      resume: 'R',
      record: async (states) => void records.push(states.map((s) => (s.state === 'stopped' ? `${s.command}:${s.exit_code}` : `${s.command}:${s.state}`))),
    });
    expect(records.at(-1)).toEqual(['replicate schema:completed', 'sync data:130', 'replicate constraints:not started', 'verify:not started']);
    const ran: string[] = [];
    const lines: string[] = [];
    const full = async () => Promise.reject(new Error('ENOSPC: no space left on device'));
    expect(await runMigrate(stages({}, ran), { write: (l) => lines.push(l), resume: 'R', record: full })).toBe(EXIT.FATAL);
    expect(ran).toEqual([]);
    expect(lines.join('\n')).toContain('ENOSPC');
  });
});
