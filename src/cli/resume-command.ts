/**
 * The exact command that resumes a run, built from the arguments the user gave: the same
 * command and flags (so the same tables, window, naming and connections), `--resume` added and
 * `--reset` removed. It must work run exactly as printed, from any directory: the progress
 * directory and the config file are always named, with absolute paths. Connection URLs given
 * as flags keep their place with the password masked: the command is printed to a terminal and
 * logs, and recorded in progress files, and a password must never be.
 */
import path from 'node:path';
import { redactRegisteredSecrets, redactUrl } from '../config/redact.js';
import { resumeLine, shellQuote, type RecordedCommand } from '../progress/recorded-command.js';
import type { Invocation } from './command-context.js';

export { shellQuote };

/** Flags that take a URL whose password must not be printed. */
const URL_FLAGS = new Set(['--mssql-url', '--pg-url', '--mssqlUrl', '--pgUrl']);
/** Flags that take a path, relative to where the command ran. */
const PROGRESS_DIR_FLAGS = new Set(['--progress-dir', '--progressDir']);
const CONFIG_FLAGS = new Set(['--config']);
const DROPPED = new Set(['--reset', '--resume', '--no-resume', '--no-reset']);

/** Where the run's files were, as resolved: named in the command whatever the user typed. */
export interface RunLocation {
  /** The progress directory (absolute, as the configuration resolved it). */
  readonly progressDir: string;
  /** The config file read (as given, relative to the invocation's cwd), or null. */
  readonly configFile: string | null;
}

/** The invocation's arguments made ready to run again anywhere (see the file comment). */
export function recordedCommand(inv: Invocation, where: RunLocation): RecordedCommand {
  const rewritten = rewriteArgs(inv.args, (p) => path.resolve(inv.cwd, p));
  const args = [...rewritten.args];
  if (!rewritten.named.has('config') && where.configFile !== null) args.push('--config', path.resolve(inv.cwd, where.configFile));
  if (!rewritten.named.has('progress-dir')) args.push('--progress-dir', where.progressDir);
  return { command: inv.command, args };
}

/** `mssql2pg <command> <the same args> --resume`, the args as typed (passwords masked). */
export function resumeCommand(command: string, args: readonly string[]): string {
  return resumeLine({ command, args: rewriteArgs(args, (p) => p).args });
}

/**
 * Drops --resume/--reset, masks URL passwords, and passes path values through `pathOf`; in both
 * the `--flag value` and `--flag=value` forms. Says which path flags were given.
 */
function rewriteArgs(args: readonly string[], pathOf: (p: string) => string): { args: string[]; named: Set<'config' | 'progress-dir'> } {
  const out: string[] = [];
  const named = new Set<'config' | 'progress-dir'>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (DROPPED.has(name)) continue;
    const kind = URL_FLAGS.has(name) ? 'url' : PROGRESS_DIR_FLAGS.has(name) ? 'progress-dir' : CONFIG_FLAGS.has(name) ? 'config' : null;
    const value = eq > 0 ? arg.slice(eq + 1) : args[i + 1];
    if (kind === null || value === undefined) {
      out.push(arg);
      continue;
    }
    if (kind !== 'url') named.add(kind);
    const rewritten = kind === 'url' ? redactUrl(value) : pathOf(value);
    if (eq > 0) out.push(`${name}=${rewritten}`);
    else {
      out.push(name, rewritten);
      i++;
    }
  }
  return { args: out.map(redactRegisteredSecrets), named };
}
