/**
 * What every command gets from main() besides its flags: how it was invoked (for the resume
 * command it prints), the run's one stop signal (src/cli/interrupts.ts), and the source database
 * to open (SQL Server; a test's in-memory source).
 */
import type { ResolvedConfig } from '../config/types.js';
import type { SourceGrants } from '../sqlserver/contract.js';
import type { RunStop } from './interrupts.js';
import type { SourceDatabase } from './source-database.js';

export interface Invocation {
  /** The command words, e.g. `sync data` or `migrate`. */
  readonly command: string;
  /** The user's arguments without the command words, as typed. */
  readonly args: readonly string[];
  /** Where it ran: relative paths in `args` are relative to it. */
  readonly cwd: string;
}

export interface CommandContext {
  readonly invocation: Invocation;
  readonly stop: RunStop;
  readonly source: SourceDatabase;
}

/** A command whose flags are checked and settings built, ready to run: nothing touched yet. */
export interface PreparedCommand {
  /** The command a user would type for it alone, e.g. `sync data`. */
  readonly command: string;
  /** Resolves with the command's exit code. */
  run(): Promise<number>;
}

/**
 * The command words and the rest of argv. yargs accepts flags before, between and after the
 * command words, so each word is the first occurrence after the previous one.
 */
export function splitInvocation(argv: readonly string[], words: readonly string[], cwd: string): Invocation {
  const taken = new Set<number>();
  let from = 0;
  for (const word of words) {
    const at = argv.indexOf(word, from);
    if (at < 0) break;
    taken.add(at);
    from = at + 1;
  }
  return { command: words.join(' '), args: argv.filter((_, i) => !taken.has(i)), cwd };
}

/** How a stage asks the source for the login's grants, when the source can say. */
export function sourceGrantReader(ctx: CommandContext, config: ResolvedConfig): (() => Promise<SourceGrants>) | undefined {
  const read = ctx.source.readGrants;
  return read === undefined ? undefined : () => read(config.source);
}
