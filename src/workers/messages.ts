/** The messages between the main thread (worker-pool.ts) and a unit worker (unit-worker.ts). */
import type { TargetConfig } from '../config/types.js';
import type { UnitJob, UnitResult } from '../load/unit-job.js';
import type { SourceSpec } from './source-spec.js';
import type { ThreadError } from './thread-errors.js';

export interface WorkerSetup {
  readonly source: SourceSpec;
  readonly targetUrl: string;
  /** The connect timeout and keepalive of the run (default: the defaults). */
  readonly targetTimeouts?: Omit<TargetConfig, 'url'>;
}

export type ToWorker =
  | { readonly type: 'run'; readonly id: number; readonly job: UnitJob }
  | { readonly type: 'abort'; readonly id: number; readonly reason: ThreadError }
  | { readonly type: 'close' };

export interface WorkerMemory {
  /** Peak V8 heap of this worker's isolate plus its external (Buffer) memory, in bytes. */
  readonly peakHeapBytes: number;
}

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'init-failed'; readonly error: ThreadError }
  | { readonly type: 'progress'; readonly id: number; readonly rows: number; readonly bytes: number }
  | { readonly type: 'done'; readonly id: number; readonly result: UnitResult }
  | { readonly type: 'failed'; readonly id: number; readonly error: ThreadError }
  | { readonly type: 'closed'; readonly memory: WorkerMemory };
