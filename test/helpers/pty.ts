// Runs a command in a real pseudo-terminal (util-linux `script`), so the program under test sees
// a TTY on stdin, stdout and stderr exactly as in a user's terminal, and a Ctrl-C written to the
// terminal goes through the kernel's line discipline: SIGINT to the whole foreground process
// group, as when a user presses it.
import { spawn, spawnSync } from 'node:child_process';
import { shellQuote } from '../../src/progress/recorded-command.js';

export interface PtyRun {
  /** Everything the terminal showed so far (escape sequences included). */
  output(): string;
  /** Types into the terminal: '\x03' is Ctrl-C. */
  type(text: string): void;
  /** The program's exit code (script -e passes it through). */
  readonly exited: Promise<number>;
  kill(): void;
}

/** True when `script` from util-linux is installed (the test says so and skips otherwise). */
export function ptyAvailable(): boolean {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}

export function runInPty(argv: readonly string[], o: { cwd: string; env: NodeJS.ProcessEnv; columns?: number }): PtyRun {
  const command = `stty cols ${o.columns ?? 120} rows 40; exec ${argv.map(shellQuote).join(' ')}`;
  const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: o.cwd, env: { ...o.env, TERM: 'xterm-256color' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stdin.on('error', () => {});
  const exited = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? 137 : 1))));
  return {
    output: () => text,
    type: (s) => void child.stdin.write(s),
    exited,
    kill: () => void child.kill('SIGKILL'),
  };
}

/** The terminal's text without colours and cursor moves: what a user reads. */
export function plainText(terminal: string): string {
  // eslint-disable-next-line no-control-regex
  return terminal.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}
