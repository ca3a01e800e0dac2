/**
 * The command of a stage's latest run, recorded in its progress file so that `mssql2pg status`
 * can print the command that resumes *this* run: the user's own arguments (progress dir,
 * config, window, chunk rows, include/exclude, overrides), never a generic one that would resume
 * the wrong run or none. The arguments are recorded ready to run again: `--resume`/`--reset`
 * removed, paths absolute (so the command works from any directory), `--progress-dir` and
 * `--config` always present, passwords in URL flags masked (progress files never hold secrets).
 */

export interface RecordedCommand {
  /** The command words: `sync data`, `migrate`, … */
  readonly command: string;
  readonly args: readonly string[];
}

/** Flags of the batch window, with a value each: replaced when status names the next window. */
const WINDOW_FLAGS = new Set(['--start-from-table', '--until-table', '--max-tables']);

/** `mssql2pg <command> <args>` (no --resume: verify is run again, the stages are resumed). */
export function commandLine(c: RecordedCommand): string {
  return ['mssql2pg', c.command, ...c.args.map(shellQuote)].join(' ');
}

export function resumeLine(c: RecordedCommand): string {
  return `${commandLine(c)} --resume`;
}

/** What goes on after a stop: verify on its own is run again (it keeps no progress), everything else resumed. */
export function rerunLine(c: RecordedCommand): string {
  return c.command === 'verify' ? commandLine(c) : resumeLine(c);
}

/** The next batch window: the same command with its window flags replaced by this one. */
export function windowLine(c: RecordedCommand, startFrom: string, maxTables: number | null): string {
  const args: string[] = [];
  for (let i = 0; i < c.args.length; i++) {
    const arg = c.args[i]!;
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (WINDOW_FLAGS.has(name)) {
      if (!arg.includes('=')) i++;
      continue;
    }
    args.push(arg);
  }
  const window = ['--start-from-table', startFrom, ...(maxTables ? ['--max-tables', String(maxTables)] : [])];
  return `${commandLine({ command: c.command, args })} --resume ${window.map(shellQuote).join(' ')}`;
}

/**
 * The flags every command takes (src/cli/flags.ts, withCommonOptions; a unit test keeps the two
 * lists equal): connections, tables, window, naming, progress. What another stage of the same
 * migration needs, without the flags only one stage knows (`--chunk-rows` would be refused by
 * `replicate constraints`).
 */
export const SHARED_FLAGS: ReadonlySet<string> = new Set([
  'config', 'mssql-url', 'mssql-host', 'mssql-port', 'mssql-instance', 'mssql-database', 'mssql-user', 'mssql-encrypt',
  'trust-server-certificate', 'pg-url', 'pg-connect-timeout-ms', 'pg-keepalive-ms', 'include', 'exclude',
  'start-from-table', 'until-table', 'max-tables', 'target-schema', 'schema-map', 'identifier-style', 'type-override',
  'progress-dir', 'resume', 'reset', 'fail-fast', 'verbose', 'json',
]);

/** Another command of the same migration: `command` with the shared flags of `c` (values included). */
export function sameRunCommand(c: RecordedCommand, command: string): RecordedCommand {
  const args: string[] = [];
  let keep = false;
  for (const arg of c.args) {
    if (arg.startsWith('-')) {
      const name = arg.replace(/^--?(no-)?/, '').split('=')[0]!;
      keep = SHARED_FLAGS.has(name) || (name === 'v' && arg === '-v');
    }
    // A value belongs to the flag before it: no command here takes positional arguments.
    if (keep) args.push(arg);
  }
  return { command, args };
}

/** POSIX-shell quoting: plain words as they are, anything else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
