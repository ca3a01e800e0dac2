// Runs the real CLI (src/cli/main.ts through tsx) as a child process, the way a user would,
// with its output streamed to ours.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface CliStep {
  /** e.g. ['replicate', 'schema', '--progress-dir', dir] */
  readonly args: readonly string[];
  /** Connections go in the environment, not argv, so they never show up in `ps`. */
  readonly mssqlUrl: string;
  readonly pgUrl: string;
}

/** Variables that would be merged with MSSQL_URL by the config resolver and change the source. */
const SOURCE_ENV_VARS = [
  'MSSQL_HOST', 'MSSQL_PORT', 'MSSQL_INSTANCE', 'MSSQL_DATABASE', 'MSSQL_USER', 'MSSQL_PASSWORD',
  'MSSQL_ENCRYPT', 'MSSQL_TRUST_SERVER_CERTIFICATE', 'MSSQL2PG_PROGRESS_DIR',
];

export function cliEnvironment(base: NodeJS.ProcessEnv, step: Pick<CliStep, 'mssqlUrl' | 'pgUrl'>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, MSSQL_URL: step.mssqlUrl, PG_URL: step.pgUrl };
  for (const name of SOURCE_ENV_VARS) delete env[name];
  return env;
}

/**
 * Resolves with the CLI's exit code (128 + n when it died of a signal). The child gets its own
 * process group so a Ctrl-C in the terminal reaches it once, forwarded by us, instead of twice
 * (the CLI treats a second SIGINT as "exit at once").
 */
export function runCli(step: CliStep): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...step.args], {
      cwd: REPO_ROOT,
      env: cliEnvironment(process.env, step),
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = (): void => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    };
    child.once('error', (error) => {
      done();
      reject(new Error(`could not start the mssql2pg CLI (${process.execPath} --import tsx src/cli/main.ts)`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      done();
      resolve(code ?? 128 + signalNumber(signal));
    });
  });
}

function signalNumber(signal: NodeJS.Signals | null): number {
  if (signal === 'SIGINT') return 2;
  if (signal === 'SIGTERM') return 15;
  if (signal === 'SIGKILL') return 9;
  return 1;
}
