/**
 * Flags of distributed runs, declared once: the coordinator's (sync data --distributed) and the
 * worker's (mssql2pg worker) share the heartbeat and the per-source cap.
 */
import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import type { QueueTiming } from '../postgres/unit-queue.js';
import { UsageError } from '../errors.js';
import { optionalPositiveInt } from './flags.js';

export function withQueueOptions<T>(y: Argv<T>) {
  return y
    .option('max-per-source', { type: 'number', describe: 'at most N units of one SQL Server at once, over every worker of the queue (default: no cap)', group: 'Distributed:' })
    .option('heartbeat-seconds', {
      type: 'number',
      default: DEFAULTS.distributed.heartbeatSeconds,
      describe: 'a unit whose worker has not answered for this long (kill -9, host lost) is given to another worker (at least 10)',
      group: 'Distributed:',
    });
}

export interface QueueFlags {
  'max-per-source'?: number;
  'heartbeat-seconds': number;
}

export function queueTiming(flags: QueueFlags): QueueTiming {
  const heartbeat = flags['heartbeat-seconds'];
  if (!Number.isInteger(heartbeat) || heartbeat < 10) throw new UsageError('--heartbeat-seconds must be a whole number of at least 10 (the queue refuses less).');
  return { heartbeatSeconds: heartbeat, pollSeconds: DEFAULTS.distributed.pollSeconds };
}

export function maxPerSource(flags: QueueFlags): number | null {
  return optionalPositiveInt(flags['max-per-source'], '--max-per-source');
}
