/**
 * A unit of stage 2 as plain data (a whole table, or one key range of it), so that it can run
 * in this thread or cross to a worker thread (src/workers) by structured clone. Built in one
 * place, unitJob(); both runners turn it into the same copyUnit call.
 */
import type { TableModel } from '../catalog/model.js';
import type { TargetTableNames } from '../naming/index.js';
import { rangeLabel, type ChunkKey, type KeyRange } from '../plan/key-ranges.js';
import type { IdentityColumn, TableClear } from '../postgres/copy-into-table.js';
import type { TargetIdentity } from '../progress/types.js';
import type { LoadSettings, ReadSettings } from './settings.js';

/**
 * One key range of a table. A range of a stage-2 plan commits with its row in
 * mssql2pg.loaded_ranges (chunk plan id); a range reloaded by `verify --repair` belongs to no
 * plan (null) and is not recorded there.
 */
export interface UnitRange {
  readonly key: ChunkKey;
  readonly range: KeyRange;
  readonly chunkPlan: string | null;
}

/**
 * The row a unit inserts into mssql2pg.loaded_ranges inside its own transaction: its rows and
 * this record commit together, and the table's primary key makes a second commit of the same
 * record fail (a unit claimed twice loads once). Built only by unitJob() and wholeTableRecord(),
 * so whatever else a record must carry is added in one place.
 */
export interface UnitRecord {
  readonly chunkPlan: string;
  readonly range: KeyRange;
  /** The key the range is on; null for a whole table's record. */
  readonly key: ChunkKey | null;
}

/** The whole table as one record, `[-inf,+inf)` of a plan id of its own (a distributed run's table unit). */
export function wholeTableRecord(chunkPlan: string): UnitRecord {
  return { chunkPlan, range: { lo: null, hi: null }, key: null };
}

export interface UnitJob {
  readonly table: TableModel;
  readonly names: TargetTableNames;
  readonly read: ReadSettings;
  readonly load: LoadSettings;
  /** What the unit's transaction does to the rows already there before its COPY (TRUNCATE, a range's DELETE, nothing). */
  readonly clear: TableClear;
  /** Identity sequences moved past the copied keys before COMMIT: a whole table's, none for a range. */
  readonly identityColumns: readonly IdentityColumn[];
  /** Null for a whole table. */
  readonly range: UnitRange | null;
  /**
   * Its completion record: a plan range's own; null for a whole table in one process (nothing
   * can claim it twice) and for a range `verify --repair` reloads.
   */
  readonly record: UnitRecord | null;
}

export interface UnitResult {
  readonly rows: number;
  readonly bytes: number;
  /** The table the rows committed into, read inside the unit's transaction. */
  readonly target: TargetIdentity;
  /** Why the TDS decoder did not read this unit although it was asked to (the unit went through the encoder). */
  readonly decoderFallback?: string;
}

/** Runs a job (read, encode, COPY, commit); `onProgress` gets the unit's own running totals. */
export type UnitRunner = (job: UnitJob, signal: AbortSignal, onProgress: (rows: number, bytes: number) => void) => Promise<UnitResult>;

/**
 * A whole table moves its identity sequences in its own transaction; a key range does not,
 * since the table is complete only after its last range (chunked-table.ts advances them then).
 */
export function unitJob(o: {
  readonly table: TableModel;
  readonly names: TargetTableNames;
  readonly read: ReadSettings;
  readonly load: LoadSettings;
  readonly clear: TableClear;
  readonly range: UnitRange | null;
}): UnitJob {
  return {
    ...o,
    identityColumns: o.range === null ? identityColumnsOf(o.table, o.names) : [],
    // A range of a stage-2 plan is recorded; a range `verify --repair` reloads belongs to no plan.
    record: o.range === null || o.range.chunkPlan === null ? null : { chunkPlan: o.range.chunkPlan, range: o.range.range, key: o.range.key },
  };
}

/** How messages name a unit: `key range [-inf,100) of Id`, or null for a whole table. */
export function unitLabel(job: Pick<UnitJob, 'range'>): string | null {
  return job.range === null ? null : `key range ${rangeLabel(job.range.range)} of ${job.range.key.column}`;
}

export function identityColumnsOf(table: TableModel, names: TargetTableNames): IdentityColumn[] {
  return table.columns.flatMap((c) =>
    c.identity === null ? [] : [{ name: names.columns.get(c.name) ?? c.name, increment: c.identity.increment }],
  );
}
