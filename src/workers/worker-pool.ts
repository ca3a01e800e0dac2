/**
 * The main thread's side of stage 2's worker threads: `size` workers (node:worker_threads),
 * each running one unit at a time with its own SQL Server and Postgres connections. A plain
 * pool rather than a library (piscina, workerpool): a unit is a long stream with progress
 * events and an abort in the middle, which task-pool libraries model as one opaque call.
 *
 * The caller (the `units` limiter in sync-data.ts) never runs more units than there are
 * workers; a unit that finds no idle worker waits for one all the same.
 */
import { Worker } from 'node:worker_threads';
import { Mssql2pgError } from '../errors.js';
import type { UnitJob, UnitResult, UnitRunner } from '../load/unit-job.js';
import type { FromWorker, ToWorker, WorkerMemory, WorkerSetup } from './messages.js';
import { siblingModule } from './source-spec.js';
import { fromThreadError, toThreadError } from './thread-errors.js';

const CLOSE_GRACE_MS = 10_000;

interface Pending {
  readonly resolve: (result: UnitResult) => void;
  readonly reject: (err: unknown) => void;
  readonly onProgress: (rows: number, bytes: number) => void;
}

class UnitThread {
  readonly worker: Worker;
  current: { id: number; pending: Pending } | null = null;
  /** Claimed by a run() (set synchronously, before any await, so two runs never share a worker). */
  busy = false;
  memory: WorkerMemory | null = null;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;

  constructor(setup: WorkerSetup, onGone: (thread: UnitThread, err: Error) => void) {
    this.worker = startWorker(siblingModule(import.meta.url, './unit-worker'), setup);
    let settleReady: { resolve: () => void; reject: (e: Error) => void };
    this.ready = new Promise((resolve, reject) => (settleReady = { resolve, reject }));
    this.ready.catch(() => {});
    this.worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          return settleReady.resolve();
        case 'init-failed':
          return settleReady.reject(fromThreadError(message.error));
        case 'progress':
          if (this.current?.id === message.id) this.current.pending.onProgress(message.rows, message.bytes);
          return;
        case 'done':
        case 'failed': {
          const current = this.current;
          if (current?.id !== message.id) return;
          this.current = null;
          if (message.type === 'done') current.pending.resolve(message.result);
          else current.pending.reject(fromThreadError(message.error));
          return;
        }
        case 'closed':
          this.memory = message.memory;
          return;
      }
    });
    const gone = (err: Error): void => {
      settleReady.reject(err);
      onGone(this, err);
    };
    this.worker.on('error', (err) => gone(err));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        gone(new Error(`worker thread exited with code ${code}`));
        resolve();
      }),
    );
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }
}

/**
 * The compiled dist/ entry is plain JavaScript. Under tsx or vitest it is TypeScript, and on
 * Node 20 a worker's `execArgv: ['--import', 'tsx']` does not reach the worker's own entry
 * ("Unknown file extension .ts"), so a two-line bootstrap registers tsx first, then imports it.
 * execArgv is emptied either way: a worker must not inherit the parent's loader flags.
 */
function startWorker(entry: string, setup: WorkerSetup): Worker {
  const resourceLimits = setup.youngGenerationMb === undefined ? {} : { resourceLimits: { maxYoungGenerationSizeMb: setup.youngGenerationMb } };
  if (!entry.endsWith('.ts')) return new Worker(new URL(entry), { workerData: setup, execArgv: [], ...resourceLimits });
  // Resolved here, not in the eval'd code: that would resolve `tsx` from the working directory.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: setup, execArgv: [], ...resourceLimits });
}

export class WorkerPool {
  private readonly threads: UnitThread[] = [];
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;
  private closing = false;
  private readonly memories: WorkerMemory[] = [];

  private constructor(private readonly setup: WorkerSetup) {}

  /** Starts `size` workers and waits until each has opened its connections. */
  static async open(setup: WorkerSetup, size: number): Promise<WorkerPool> {
    const pool = new WorkerPool(setup);
    for (let i = 0; i < size; i++) pool.threads.push(pool.spawn());
    try {
      await Promise.all(pool.threads.map((t) => t.ready));
    } catch (err) {
      await pool.close();
      // The original class did not survive the thread boundary; the CLI's exit-code mapping
      // wants an Mssql2pgError for a known, explained failure (exit 3 with its message).
      throw new Mssql2pgError(`A stage-2 worker thread could not open its connections: ${(err as Error).message}`, { cause: err });
    }
    return pool;
  }

  readonly run: UnitRunner = async (job, signal, onProgress) => {
    signal.throwIfAborted();
    const thread = await this.idleThread();
    const id = this.nextId++;
    return new Promise<UnitResult>((resolve, reject) => {
      const onAbort = (): void => thread.send({ type: 'abort', id, reason: toThreadError(signal.reason) });
      const done = (): void => {
        signal.removeEventListener('abort', onAbort);
        thread.busy = false;
        this.waiting.shift()?.();
      };
      thread.current = {
        id,
        pending: {
          resolve: (r) => (done(), resolve(r)),
          reject: (e) => (done(), reject(e)),
          onProgress,
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      thread.send({ type: 'run', id, job: job as UnitJob });
      if (signal.aborted) onAbort();
    });
  };

  /** Peak heap of each worker that has closed (after close()). */
  memory(): readonly WorkerMemory[] {
    return this.memories;
  }

  async close(): Promise<void> {
    this.closing = true;
    const threads = [...this.threads];
    for (const t of threads) t.send({ type: 'close' });
    // A worker closes its connections and ends; one that a stuck handle keeps alive is
    // terminated after a grace period rather than holding the run open forever.
    await Promise.all(
      threads.map(async (t) => {
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS)));
        if ((await Promise.race([t.exited, grace])) === 'late') await t.worker.terminate();
        clearTimeout(timer);
        await t.exited;
      }),
    );
    for (const t of threads) if (t.memory) this.memories.push(t.memory);
  }

  private spawn(): UnitThread {
    return new UnitThread(this.setup, (thread, err) => {
      // A worker that dies (an uncaught error, out of memory) fails its unit; the unit's own
      // retry policy decides what next, on a fresh worker.
      const current = thread.current;
      thread.current = null;
      current?.pending.reject(new Error(`stage-2 worker thread failed: ${err.message}`, { cause: err }));
      const at = this.threads.indexOf(thread);
      if (at >= 0 && !this.closing) {
        if (thread.memory) this.memories.push(thread.memory);
        this.threads[at] = this.spawn();
      }
    });
  }

  private async idleThread(): Promise<UnitThread> {
    for (;;) {
      const idle = this.threads.find((t) => !t.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }
}
