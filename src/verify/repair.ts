/**
 * `verify --repair` (AWS DMS calls it data resync): reloads exactly the key ranges verify found
 * different (or the whole table, when it was compared whole) through stage 2's own unit code
 * (src/load), each range in one transaction that deletes the range's rows in the target and
 * copies the source's rows of that range, checked against `COPY n` before COMMIT. The caller
 * then compares those ranges again. Differences a column's changed type explains are not
 * repaired: loading again would lose the same digits again.
 */
import type pg from 'pg';
import type { TableModel } from '../catalog/model.js';
import { quotePgQualified } from '../ddl/quote.js';
import { inThreadRunner } from '../load/copy-unit.js';
import { DEFAULT_LOAD_SETTINGS, type ReadSettings } from '../load/settings.js';
import { identityColumnsOf, unitJob } from '../load/unit-job.js';
import type { TargetTableNames } from '../naming/index.js';
import type { KeyRange } from '../plan/key-ranges.js';
import { advanceIdentities } from '../postgres/copy-into-table.js';
import type { RowSource } from '../sqlserver/contract.js';
import type { RangeSplit } from './table-plan.js';

export interface RepairDeps {
  readonly load: RowSource;
  readonly pool: pg.Pool;
  readonly read: ReadSettings;
}

export interface RepairTarget {
  readonly model: TableModel;
  readonly names: TargetTableNames;
  readonly split: RangeSplit | null;
}

/** Reloads the units (ranges, or null for the whole table) one after the other; returns the rows loaded. */
export async function repairUnits(deps: RepairDeps, t: RepairTarget, units: readonly (KeyRange | null)[], signal: AbortSignal): Promise<number> {
  const run = inThreadRunner({ source: deps.load, pool: deps.pool });
  // No retries: a repair that fails is reported, and running verify --repair again retries it.
  const load = { ...DEFAULT_LOAD_SETTINGS, retries: 0 };
  let rows = 0;
  for (const range of units) {
    signal.throwIfAborted();
    const split = t.split;
    const job =
      range === null || split === null
        ? unitJob({ table: t.model, names: t.names, read: deps.read, load, clear: { mode: 'truncate', freeze: true }, range: null })
        : unitJob({
            table: t.model,
            names: t.names,
            read: deps.read,
            load,
            clear: { mode: 'delete-range', column: split.targetColumn, range },
            range: { key: split.key, range, chunkPlan: null },
          });
    rows += (await run(job, signal, () => {})).rows;
  }
  // A whole-table unit moved the identity sequences itself; ranges leave it to the end, as in stage 2.
  if (units.some((u) => u !== null)) {
    await advanceIdentities(deps.pool, quotePgQualified(t.names.schema, t.names.table), identityColumnsOf(t.model, t.names));
  }
  return rows;
}
