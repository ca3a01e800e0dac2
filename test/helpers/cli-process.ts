// Starts test/helpers/cli-child.ts (the real CLI over in-memory source tables) as a child
// process, piped or in a pseudo-terminal, from any working directory.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI_CHILD } from './cli-child.js';
import type { MemoryDatabaseArgs } from './memory-source-database.js';
import { runInPty, type PtyRun } from './pty.js';

/** tsx by absolute URL: the child's working directory is not the repository. */
const TSX = import.meta.resolve('tsx');

export function cliArgv(tables: MemoryDatabaseArgs, args: readonly string[]): string[] {
  return [process.execPath, '--import', TSX, CLI_CHILD, JSON.stringify(tables), ...args];
}

export interface CliEnv {
  readonly pgUrl: string;
  /** Extra variables (e.g. MSSQL2PG_TEST_PID_FILE). */
  readonly extra?: NodeJS.ProcessEnv;
}

/** The user's environment: PG_URL, and an MSSQL_URL that is never connected to (the source is in memory). */
export function cliEnv(e: CliEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['MSSQL2PG_PROGRESS_DIR', 'PG_CONNECT_TIMEOUT_MS', 'PG_KEEPALIVE_MS', 'CI']) delete env[name];
  return { ...env, PG_URL: e.pgUrl, MSSQL_URL: 'mssql://migrator:NotUsed-1@memory/src', ...e.extra };
}

/** A fresh working directory for one run (its default progress dir is `<cwd>/progress`). */
export function workDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'mssql2pg-cli-'));
}

export function cliInPty(tables: MemoryDatabaseArgs, args: readonly string[], cwd: string, env: CliEnv): PtyRun {
  return runInPty(cliArgv(tables, args), { cwd, env: cliEnv(env) });
}

export interface PipedRun {
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
  readonly pid: number;
  kill(signal: NodeJS.Signals): void;
  stdout(): string;
  stderr(): string;
}

/** Off a TTY (logs, CI): plain lines. */
export function cliPiped(tables: MemoryDatabaseArgs, args: readonly string[], cwd: string, env: CliEnv): PipedRun {
  const [node, ...rest] = cliArgv(tables, args);
  const child = spawn(node!, rest, { cwd, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return {
    pid: child.pid!,
    exited: new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr }))),
    kill: (signal) => void child.kill(signal),
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
