/**
 * Whether a chunked table's range plan from an earlier run can be continued (`sync data
 * --resume`). It can only while everything it relies on still holds: the table is the one the
 * committed ranges went into (same oid and relfilenode: not dropped, recreated, truncated or
 * rewritten since), the plan is on the key the table is split on now, and every range the
 * progress file counts as done has its record in mssql2pg.loaded_ranges. Otherwise the rows the
 * records vouch for may not be there (or belong to other bounds), so the table starts over.
 */
import { describeChunkKey, type ChunkKey, type KeyRange } from '../plan/key-ranges.js';
import { loadedRanges, type LoadedRange } from '../postgres/loaded-ranges.js';
import { describeIdentity, readTargetIdentity, sameIdentity } from '../postgres/table-identity.js';
import type { TableStageProgress } from '../progress/types.js';
import type { DataRun } from './data-run.js';

/** A plan of an earlier run, continued: its id, its ranges not known committed, and the committed ones. */
export interface ContinuedPlan {
  readonly id: string;
  readonly total: number;
  readonly ranges: readonly KeyRange[];
  readonly loaded: ReadonlyMap<string, LoadedRange>;
}

export type ResumeDecision =
  /** Nothing to continue: no plan, or the earlier run finished it. */
  | { readonly kind: 'none' }
  | ({ readonly kind: 'continue' } & ContinuedPlan)
  /** The plan cannot be trusted; `reason` says why, for the table's warning. */
  | { readonly kind: 'start-over'; readonly reason: string };

export async function decideResume(
  run: DataRun,
  previous: TableStageProgress | undefined,
  key: ChunkKey,
  quotedTable: string,
): Promise<ResumeDecision> {
  if (previous?.chunk_plan === undefined || previous.ranges_pending === undefined) return { kind: 'none' };
  if (previous.status !== 'in_progress' && previous.status !== 'failed') return { kind: 'none' };
  const recordedKey = previous.chunk_key;
  if (recordedKey === undefined) {
    return { kind: 'start-over', reason: 'the range plan of the earlier run does not record its key (written by an older mssql2pg)' };
  }
  if (recordedKey.column !== key.column || recordedKey.sql_type !== key.sqlType) {
    return {
      kind: 'start-over',
      reason: `the range plan of the earlier run is on key ${recordedKey.column} (${recordedKey.sql_type}), but the table is now split on ${describeChunkKey(key)}`,
    };
  }
  const total = previous.chunks_total ?? previous.ranges_pending.length;
  await run.ensureRangeTable();
  const loaded = await loadedRanges(run.pool, quotedTable, previous.chunk_plan);
  const mismatch = await recordsMismatch(run, loaded, key, quotedTable);
  if (mismatch !== null) return { kind: 'start-over', reason: mismatch };
  const doneInFile = total - previous.ranges_pending.length;
  if (loaded.size < doneInFile) {
    return {
      kind: 'start-over',
      reason: `${doneInFile} key ranges were recorded as done in the progress file but ${loaded.size} in mssql2pg.loaded_ranges`,
    };
  }
  return { kind: 'continue', id: previous.chunk_plan, total, ranges: previous.ranges_pending, loaded };
}

/** Why the committed records of the plan do not vouch for rows in this table, or null when they do. */
async function recordsMismatch(run: DataRun, loaded: ReadonlyMap<string, LoadedRange>, key: ChunkKey, quotedTable: string): Promise<string | null> {
  if (loaded.size === 0) return null;
  const now = await readTargetIdentity(run.pool, quotedTable);
  for (const [label, record] of loaded) {
    if (record.keyColumn !== key.column || record.keyType !== key.sqlType) {
      const was = record.keyColumn === null ? 'no recorded key (an older mssql2pg)' : `key ${record.keyColumn} (${record.keyType ?? '?'})`;
      return `committed range ${label} in mssql2pg.loaded_ranges has ${was}, but the table is now split on ${describeChunkKey(key)}`;
    }
    if (record.target === null) {
      return `committed range ${label} in mssql2pg.loaded_ranges does not record which table it went into (an older mssql2pg)`;
    }
    if (now === null || !sameIdentity(record.target, now)) {
      return (
        `the target table is not the one the committed key ranges were loaded into (recorded ${describeIdentity(record.target)}, ` +
        `now ${now === null ? 'missing' : describeIdentity(now)}): it was dropped and recreated, truncated or rewritten since`
      );
    }
  }
  return null;
}
