import { JsonFileProgressStore } from '../progress/json-file-store.js';
import { acquireProgressLock, type ProgressLock } from '../progress/lock.js';
import { progressFilePath } from '../progress/paths.js';
import { MemoryProgressStore } from '../progress/store.js';
import { ProgressTracker } from '../progress/tracker.js';
import type { StageName } from '../progress/types.js';
import type { StageListener } from '../run/events.js';
import type { Releaser } from '../run/releasers.js';

export interface OpenProgressOptions {
  readonly progressDir: string;
  readonly stage: StageName;
  readonly reset: boolean;
  /** Dry runs read the progress file (for --resume decisions) but never lock or write it. */
  readonly dryRun: boolean;
  readonly onRelease: (r: Releaser) => void;
  readonly listener?: StageListener;
}

/**
 * Takes the stage's lock, then opens its tracker. The lock comes first so that a second run
 * is refused before it reads (let alone resets) a file another run is writing.
 */
export async function openProgress(o: OpenProgressOptions): Promise<ProgressTracker> {
  const fileStore = new JsonFileProgressStore(progressFilePath(o.progressDir, o.stage));
  if (o.dryRun) {
    // Read the real file (a corrupted one is still an error), then work on an in-memory copy.
    const existing = o.reset ? null : await fileStore.load();
    return ProgressTracker.open(new MemoryProgressStore(existing, fileStore.describe()), o.stage, { reset: o.reset });
  }
  const lock: ProgressLock = await acquireProgressLock(o.progressDir, o.stage);
  o.onRelease(() => lock.release());
  if (lock.tookOverFrom) {
    const h = lock.tookOverFrom;
    o.listener?.({
      type: 'notice',
      message: `Took over a stale lock left by pid ${h.pid} on ${h.host} (started ${h.started_at}); that run is gone.`,
    });
  }
  const tracker = await ProgressTracker.open(fileStore, o.stage, { reset: o.reset });
  o.onRelease(() => tracker.flush());
  return tracker;
}
