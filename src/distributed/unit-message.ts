/**
 * A unit as it travels through the queue: the run, the unit's id, the source it reads (server
 * and database only) and the UnitJob stage 2 runs, all plain data. Nothing here may hold a
 * secret: the rows live in pg-boss's job table, readable by anyone who can read the target.
 */
import { createHash } from 'node:crypto';
import { wholeTableRecord, type UnitJob, type UnitRecord } from '../load/unit-job.js';
import { rangeLabel } from '../plan/key-ranges.js';
import type { UnitJobData } from '../postgres/unit-queue.js';
import type { SourceIdentity } from './source-identity.js';

export interface UnitMessage extends UnitJobData {
  readonly source: SourceIdentity;
  readonly job: WireUnitJob;
}

/** A UnitJob as JSON can hold it (pg-boss stores job data as jsonb): the column-name map as pairs. */
export type WireUnitJob = Omit<UnitJob, 'names'> & {
  readonly names: Omit<UnitJob['names'], 'columns'> & { readonly columns: readonly (readonly [string, string])[] };
};

export function toWire(job: UnitJob): WireUnitJob {
  return { ...job, names: { ...job.names, columns: [...job.names.columns] } };
}

export function fromWire(job: WireUnitJob): UnitJob {
  return { ...job, names: { ...job.names, columns: new Map(job.names.columns) } };
}

/** Plan ids of distributed whole-table records start with this (range plans are bare uuids). */
export const WHOLE_TABLE_PLAN_PREFIX = 'table:';

/**
 * A whole table of a distributed run commits a record too: two workers may hold the same unit
 * (a heartbeat lost while the first was still committing), and without a record the second
 * would load it again. The id is the run's, so a resumed run finds what it committed.
 */
export function distributedJob(runId: string, job: UnitJob): UnitJob {
  if (job.record !== null) return job;
  return { ...job, record: wholeTableRecord(`${WHOLE_TABLE_PLAN_PREFIX}${runId}`) };
}

/** The unit's record: every distributed job has one (distributedJob). */
export function recordOf(job: Pick<UnitJob, 'record'>): UnitRecord {
  if (job.record === null) throw new Error('internal: a distributed unit without its completion record');
  return job.record;
}

/** Stable across coordinator restarts (same run, table, plan and range): the queue's singleton key. */
export function unitId(runId: string, sourceTable: string, record: UnitRecord): string {
  return createHash('sha256').update(`${runId}\n${sourceTable}\n${record.chunkPlan}\n${rangeLabel(record.range)}`).digest('hex').slice(0, 32);
}
