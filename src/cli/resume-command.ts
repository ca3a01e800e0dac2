/**
 * The exact command that resumes a run, built from the arguments the user gave: the same
 * command and flags (so the same tables, window, naming and connections), `--resume` added and
 * `--reset` removed. Connection URLs given as flags keep their place with the password masked:
 * the command is printed to a terminal and logs, and a password must never be.
 */
import { redactRegisteredSecrets, redactUrl } from '../config/redact.js';

/** Flags that take a URL whose password must not be printed. */
const URL_FLAGS = new Set(['--mssql-url', '--pg-url']);

export function resumeCommand(command: string, args: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--reset' || arg === '--resume' || arg === '--no-resume' || arg === '--no-reset') continue;
    if (arg.startsWith('--reset=') || arg.startsWith('--resume=')) continue;
    const eq = arg.indexOf('=');
    if (eq > 0 && URL_FLAGS.has(arg.slice(0, eq))) {
      out.push(`${arg.slice(0, eq)}=${redactUrl(arg.slice(eq + 1))}`);
      continue;
    }
    if (URL_FLAGS.has(arg) && i + 1 < args.length) {
      out.push(arg, redactUrl(args[++i]!));
      continue;
    }
    out.push(arg);
  }
  out.push('--resume');
  return redactRegisteredSecrets(`mssql2pg ${command} ${out.map(shellQuote).join(' ')}`);
}

/** POSIX-shell quoting: plain words as they are, anything else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
