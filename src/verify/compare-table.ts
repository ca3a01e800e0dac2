/**
 * Compares one table, whole or in key ranges (several ranges at once, through the run's unit
 * limiter, as stage 2 loads them): for each unit verify's own read of the source and a COPY of
 * the target's rows, merged by the primary key or compared as multisets (table-plan.ts).
 */
import type pg from 'pg';
import type { TableModel } from '../catalog/model.js';
import type { TargetTableNames } from '../naming/index.js';
import { rangeLabel, type KeyRange } from '../plan/key-ranges.js';
import { childAbort } from '../run/child-abort.js';
import type { ReadSettings } from '../load/settings.js';
import type { VerifySource } from '../sqlserver/contract.js';
import { textPolicy } from './canonical-source.js';
import { columnCheck } from './column-checks.js';
import type { CompareUnitInput, CompareUnitOutcome } from './compare-unit.js';
import { DiffCollector } from './diff-collector.js';
import { mergeCompare, targetKeyText } from './merge-compare.js';
import { multisetCompare } from './multiset-compare.js';
import type { CompareMode, RangeSplit } from './table-plan.js';
import type { TargetColumn, TypeChange } from './target-columns.js';
import { readTargetRows } from './target-read.js';

export interface CompareTableDeps {
  readonly source: VerifySource;
  readonly pool: pg.Pool;
  readonly read: ReadSettings;
  /** Every unit of every table runs through this limiter: `--parallel` comparisons at once. */
  readonly units: <T>(work: () => Promise<T>) => Promise<T>;
  readonly memoryBudget: number;
  readonly scratchDir: string;
}

export interface TableToCompare {
  readonly table: string;
  readonly model: TableModel;
  readonly names: TargetTableNames;
  /** Quoted target table. */
  readonly target: string;
  /** Target column of each source column, by source name. */
  readonly targets: ReadonlyMap<string, TargetColumn>;
  readonly typeChanges: ReadonlyMap<string, TypeChange>;
  readonly mode: CompareMode;
}

/** One unit's result: which range (null: the whole table) and what was found there. */
export interface UnitFindings extends CompareUnitOutcome {
  readonly range: KeyRange | null;
  readonly bytes: number;
}

export interface TableFindings {
  readonly sourceRows: number;
  readonly targetRows: number;
  readonly bytes: number;
  readonly found: DiffCollector;
  /** Per unit, in range order (one entry when compared whole). */
  readonly units: readonly UnitFindings[];
}

export async function compareTable(
  deps: CompareTableDeps,
  t: TableToCompare,
  split: RangeSplit | null,
  only: readonly (KeyRange | null)[] | null,
  signal: AbortSignal,
  onProgress: (rows: number, bytes: number) => void,
): Promise<TableFindings> {
  const units: readonly (KeyRange | null)[] = only ?? (split === null ? [null] : split.ranges);
  const progress = new Map<number, { rows: number; bytes: number }>();
  const report = (): void => {
    let rows = 0;
    let bytes = 0;
    for (const p of progress.values()) {
      rows += p.rows;
      bytes += p.bytes;
    }
    onProgress(rows, bytes);
  };
  // One unit failing stops this table's other units.
  const table = childAbort(signal);
  try {
    const results = await Promise.all(
      units.map((range, i) =>
        deps.units(async () => {
          table.signal.throwIfAborted();
          const p = { rows: 0, bytes: 0 };
          progress.set(i, p);
          try {
            return await compareUnit(deps, t, split, range, table.signal, (rows, bytes) => {
              p.rows = rows;
              p.bytes = bytes;
              report();
            });
          } catch (error) {
            table.controller.abort(error);
            throw error;
          }
        }),
      ),
    );
    return {
      sourceRows: results.reduce((a, r) => a + r.sourceRows, 0),
      targetRows: results.reduce((a, r) => a + r.targetRows, 0),
      bytes: results.reduce((a, r) => a + r.bytes, 0),
      found: DiffCollector.merge(results.map((r) => r.found)),
      units: results,
    };
  } catch (error) {
    // The first failure, not the aborts it caused in the other units.
    throw signal.aborted ? signal.reason : (table.signal.reason ?? error);
  } finally {
    table.dispose();
  }
}

async function compareUnit(
  deps: CompareTableDeps,
  t: TableToCompare,
  split: RangeSplit | null,
  range: KeyRange | null,
  signal: AbortSignal,
  onProgress: (rows: number, bytes: number) => void,
): Promise<UnitFindings> {
  const mergeKey = t.mode.kind === 'merge' ? t.mode.key : [];
  const read = deps.source.readForVerify(t.model, {
    signal,
    isolation: deps.read.isolation,
    nolock: deps.read.nolock,
    range: split !== null && range !== null ? { key: split.key, range } : null,
    orderBy: mergeKey,
  });
  const strings = textPolicy(deps.read.encoder);
  const targets = read.columns.map((c) => t.targets.get(c.name)!);
  const checks = read.columns.map((c, i) => columnCheck(t.model.columns.find((m) => m.name === c.name)!, c.shape, targets[i]!, strings, t.typeChanges.get(c.name) ?? null));
  let bytes = 0;
  let rows = 0;
  const input: CompareUnitInput = {
    table: t.table,
    checks,
    shape: { columns: read.columns.map((c) => c.name), keyColumns: t.model.primaryKey?.columns ?? [] },
    source: read.rows,
    target: readTargetRows(
      deps.pool,
      {
        table: t.target,
        columns: targets,
        range: split !== null && range !== null ? { column: split.targetColumn, range } : null,
        orderBy: mergeKey.map((k) => t.targets.get(k)!.name),
      },
      signal,
      (n) => {
        bytes += n;
        onProgress(rows, bytes);
      },
    ),
    signal,
    onRows: (n) => {
      rows = n;
      onProgress(rows, bytes);
    },
  };
  const names = read.columns.map((c) => c.name);
  const outcome =
    t.mode.kind === 'merge'
      ? await mergeCompare(input, {
          at: mergeKey.map((k) => names.indexOf(k)),
          targetKey: mergeKey.map((k) => targetKeyText(t.targets.get(k)!.baseType)),
          // int2/int4/int8 texts read back as the very number (within 2^53) tedious gives for tinyint/smallint/int.
          numeric: mergeKey.map((k) => read.columns[names.indexOf(k)]!.shape === 'int' && ['int2', 'int4', 'int8'].includes(t.targets.get(k)!.baseType)),
        })
      : await multisetCompare(input, { memoryBudget: deps.memoryBudget, scratchDir: deps.scratchDir });
  return { ...outcome, range, bytes };
}

/** How a unit is named in the report and in repairs. */
export function unitName(split: RangeSplit | null, range: KeyRange | null): string {
  return split === null || range === null ? 'the whole table' : `key range ${rangeLabel(range)} of ${split.key.column}`;
}
