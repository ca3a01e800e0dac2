/**
 * A unit of stage 2 as plain data (a whole table, or one key range of it), so that it can run
 * in this thread or cross to a worker thread (src/workers) by structured clone. Both runners
 * turn a job into the same copyUnit call.
 */
import type pg from 'pg';
import type { TableModel } from '../catalog/model.js';
import type { EncoderOptions } from '../copy/index.js';
import { quoteQualified } from '../ddl/quote.js';
import type { TargetTableNames } from '../naming/index.js';
import type { ChunkKey, KeyRange } from '../plan/key-ranges.js';
import type { IdentityColumn } from '../postgres/copy-into-table.js';
import { recordLoadedRange } from '../postgres/loaded-ranges.js';
import { copyUnit, type UnitResult, type UnitSpec } from './copy-unit.js';
import type { IsolationLevel, RowSource } from '../sqlserver/contract.js';

export interface UnitJob {
  readonly table: TableModel;
  readonly names: TargetTableNames;
  readonly encoder: EncoderOptions;
  readonly isolation: IsolationLevel;
  readonly nolock: boolean;
  readonly truncate: boolean;
  readonly identityColumns: readonly IdentityColumn[];
  /** Null for a whole table; a range commits with its row in mssql2pg.loaded_ranges. */
  readonly range: { readonly key: ChunkKey; readonly range: KeyRange; readonly chunkPlan: string } | null;
  /** Prefix of messages about this unit, e.g. `key range [-inf,100) of Id: `; empty for a table. */
  readonly what: string;
}

/** Runs a job (read, encode, COPY, commit); `onProgress` gets the unit's own running totals. */
export type UnitRunner = (job: UnitJob, signal: AbortSignal, onProgress: (rows: number, bytes: number) => void) => Promise<UnitResult>;

export function unitSpecOf(job: UnitJob, source: RowSource, pool: pg.Pool): UnitSpec {
  const r = job.range;
  const target = quoteQualified(job.names.schema, job.names.table);
  return {
    table: job.table,
    names: job.names,
    pool,
    encoder: job.encoder,
    read:
      r === null
        ? (options) => source.readTable(job.table, options)
        : (options) => source.readTableRange!(job.table, r.key, r.range, options),
    readOptions: { isolation: job.isolation, nolock: job.nolock },
    truncate: job.truncate,
    identityColumns: job.identityColumns,
    what: job.what,
    inTransaction: r === null ? undefined : (client, copied) => recordLoadedRange(client, target, r.chunkPlan, r.range, copied),
  };
}

/** Units in this thread, over the caller's source and pool (tests, and `--parallel` without workers). */
export function inThreadRunner(source: RowSource, pool: pg.Pool): UnitRunner {
  return (job, signal, onProgress) => copyUnit(unitSpecOf(job, source, pool), signal, onProgress);
}
