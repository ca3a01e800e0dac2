import { JsonFileProgressStore } from '../progress/json-file-store.js';
import { acquireProgressLock } from '../progress/lock.js';
import { progressFilePath } from '../progress/paths.js';
import { MemoryProgressStore } from '../progress/store.js';
import { ProgressTracker, type ProgressTrackerOptions } from '../progress/tracker.js';
import type { StageName } from '../progress/types.js';
import type { StageListener } from '../run/events.js';
import type { Releaser } from '../run/releasers.js';

export interface OpenProgressOptions {
  readonly progressDir: string;
  readonly stage: StageName;
  /** Dry runs read the progress file (for --resume decisions) but never lock or write it. */
  readonly dryRun: boolean;
  readonly onRelease: (r: Releaser) => void;
  readonly listener?: StageListener;
}

/**
 * Takes the stage's lock (nothing for a dry run). The lock comes first so that a second run
 * is refused before it reads (let alone resets) a file another run is writing.
 */
export async function lockProgress(o: OpenProgressOptions): Promise<void> {
  if (o.dryRun) return;
  const lock = await acquireProgressLock(o.progressDir, o.stage);
  o.onRelease(() => lock.release());
  if (lock.tookOverFrom) {
    const h = lock.tookOverFrom;
    o.listener?.({
      type: 'notice',
      message: `Took over a stale lock left by pid ${h.pid} on ${h.host} (started ${h.started_at}); that run is gone.`,
    });
  }
}

/** Opens the stage's tracker, after lockProgress; `reset` as ProgressTracker.open takes it. */
export async function openTracker(o: OpenProgressOptions, reset: ProgressTrackerOptions['reset']): Promise<ProgressTracker> {
  const fileStore = new JsonFileProgressStore(progressFilePath(o.progressDir, o.stage));
  if (o.dryRun) {
    // Read the real file (a corrupted one is still an error), then work on an in-memory copy.
    const existing = reset === true ? null : await fileStore.load();
    return ProgressTracker.open(new MemoryProgressStore(existing, fileStore.describe()), o.stage, { reset });
  }
  const tracker = await ProgressTracker.open(fileStore, o.stage, { reset });
  // runStage flushes and reports a failed write as the run's fault (with its summary); this is
  // the safety net for a stage that fails before it, where the stage's own error is the one to
  // show. Either way a failing write here must not replace the summary with a bare error.
  o.onRelease(() => tracker.flush().catch(() => {}));
  return tracker;
}
