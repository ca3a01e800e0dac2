/**
 * Entry point of a stage-2 worker thread. It owns one SQL Server source (from a SourceSpec)
 * and one Postgres connection, and runs the units the main thread sends, one at a time: read,
 * encode and COPY all happen here, off the main thread. It never writes the progress file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type pg from 'pg';
import { copyUnit } from '../load/copy-unit.js';
import type { RowSource } from '../sqlserver/contract.js';
import { openTargetPool } from '../postgres/pool.js';
import type { FromWorker, ToWorker, WorkerSetup } from './messages.js';
import { openSourceFromSpec } from './source-spec.js';
import { fromThreadError, toThreadError } from './thread-errors.js';

const port = parentPort!;
const setup = workerData as WorkerSetup;
const post = (message: FromWorker): void => port.postMessage(message);
const running = new Map<number, AbortController>();
let peakHeapBytes = 0;

function sampleMemory(): void {
  const m = process.memoryUsage();
  peakHeapBytes = Math.max(peakHeapBytes, m.heapUsed + m.external);
}
const sampler = setInterval(sampleMemory, 100);
sampler.unref();

async function open(): Promise<{ source: RowSource; pool: pg.Pool }> {
  const source = await openSourceFromSpec(setup.source);
  try {
    const target = setup.targetTimeouts === undefined ? setup.targetUrl : { url: setup.targetUrl, ...setup.targetTimeouts };
    return { source, pool: await openTargetPool(target, 1) };
  } catch (err) {
    await source.close().catch(() => {});
    throw err;
  }
}

const opened = open();
opened.then(
  () => post({ type: 'ready' }),
  (err: unknown) => post({ type: 'init-failed', error: toThreadError(err) }),
);

async function run(id: number, message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const abort = new AbortController();
  running.set(id, abort);
  try {
    const { source, pool } = await opened;
    const result = await copyUnit(message.job, { source, pool }, abort.signal, (rows, bytes) =>
      post({ type: 'progress', id, rows, bytes }),
    );
    post({ type: 'done', id, result });
  } catch (err) {
    post({ type: 'failed', id, error: toThreadError(err) });
  } finally {
    running.delete(id);
    sampleMemory();
  }
}

async function close(): Promise<void> {
  clearInterval(sampler);
  sampleMemory();
  try {
    const { source, pool } = await opened;
    await Promise.allSettled([source.close(), pool.end()]);
  } catch {
    // Opening failed; the main thread already has that error.
  }
  post({ type: 'closed', memory: { peakHeapBytes } });
  port.close();
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'run') void run(message.id, message);
  else if (message.type === 'abort') running.get(message.id)?.abort(fromThreadError(message.reason));
  else void close();
});
