// Starts and stops the child processes of the distributed tests: workers and coordinators
// (test/helpers/worker-child.ts, coordinator-child.ts), with their output kept for messages.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CoordinatorChildArgs } from './coordinator-child.js';
import type { WorkerChildArgs } from './worker-child.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface Child {
  readonly proc: ChildProcess;
  readonly exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/** `args`: an object (passed as one JSON argument) or the argument list itself. */
export function startChild(entry: string, args: object | readonly string[], o: { readonly command?: readonly string[] } = {}): Child {
  let out = '';
  let err = '';
  const command = o.command ?? [];
  const [file, ...prefix] = command.length > 0 ? command : [process.execPath];
  const proc = spawn(file!, [...prefix, '--import', 'tsx', entry, ...(Array.isArray(args) ? args : [JSON.stringify(args)])], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, exited, stdout: () => out, stderr: () => err };
}

export function startWorker(args: WorkerChildArgs, o: { readonly command?: readonly string[] } = {}): Child {
  return startChild('test/helpers/worker-child.ts', args, o);
}

export function startCoordinator(args: CoordinatorChildArgs, o: { readonly command?: readonly string[] } = {}): Child {
  return startChild('test/helpers/coordinator-child.ts', args, o);
}

/** Waits until `ready()` holds, failing with the children's output after `ms`. */
export async function until(ready: () => Promise<boolean> | boolean, ms: number, children: readonly Child[] = []): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms\n${children.map((c) => `--- pid ${c.proc.pid}\n${c.stderr().slice(-3000)}`).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM (a clean stop after the units in hand), then the exit code. */
export async function stopChild(c: Child): Promise<number | null> {
  if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGTERM');
  return c.exited;
}
