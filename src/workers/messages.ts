/** The messages between the main thread (worker-pool.ts) and a unit worker (unit-worker.ts). */
import type { TargetConfig } from '../config/types.js';
import type { UnitJob, UnitResult } from '../load/unit-job.js';
import type { SourceSpec } from './source-spec.js';
import type { ThreadError } from './thread-errors.js';

export interface WorkerSetup {
  readonly source: SourceSpec;
  readonly targetUrl: string;
  /**
   * V8's young generation per worker (MB), or the default. The TDS decoder allocates one 80 KiB
   * chunk per 64 KiB of COPY text and almost nothing else: with the default young generation
   * the dead chunks pile up as external memory between scavenges (67 MB measured on one
   * reader), while a small one frees them within a few chunks (18 MB) at no measurable CPU
   * cost. bench:tds-sync at --parallel 2, peak RSS of the process: 4 MB 201-203 MB, 2 MB
   * 179-184 MB, 1 MB 185 MB, with the same CPU per row (a forced full GC every second in each
   * worker gave 193 MB: the rest was dead chunks, live ArrayBuffers were under 1 MB).
   * tedious's path allocates objects per row and cell: it needs the default.
   */
  readonly youngGenerationMb?: number;
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
