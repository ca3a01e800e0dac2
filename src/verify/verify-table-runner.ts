/**
 * Verifies one table: with --counts-only, exact counts on both sides; otherwise every row, by a
 * path independent of stage 2 (verify's own source read and canonicalizer, the target read back
 * in its own types), whole or in stage 2's key ranges (table-plan.ts). With --repair, ranges
 * with plain differences are reloaded and compared again. A table that is not verified throws
 * TableDiffersError, so runStage records it like a failure and the exit code is 1.
 */
import type pg from 'pg';
import type { TypeOverridesConfig } from '../config/types.js';
import { Mssql2pgError } from '../errors.js';
import type { ReadSettings } from '../load/settings.js';
import { chooseChunkKey, wantsChunks, type KeyRange } from '../plan/key-ranges.js';
import { requireTable } from '../postgres/inspect.js';
import type { TableContext, TableResult, TableRunner } from '../run/run-stage.js';
import type { VerifySource } from '../sqlserver/contract.js';
import { compareTable, unitName, type TableFindings, type TableToCompare } from './compare-table.js';
import { DiffCollector } from './diff-collector.js';
import { repairUnits } from './repair.js';
import { verdictLine, verdictOk, type TableVerdict } from './report.js';
import { compareModeOf, rangeSplitOf, type RangeSplit } from './table-plan.js';
import { verdictOf } from './table-verdict.js';
import { readTargetColumns, targetColumnsOf, typeChangeOf, type TargetColumn, type TypeChange } from './target-columns.js';
import { hasKeyIndex } from './target-key-index.js';

export interface VerifyRunnerDeps {
  readonly source: VerifySource;
  readonly pool: pg.Pool;
  readonly read: ReadSettings;
  readonly countsOnly: boolean;
  /** About this many rows per key range (tables with a chunk key). */
  readonly rangeRows: number;
  readonly units: <T>(work: () => Promise<T>) => Promise<T>;
  /** Bytes of canonical rows a multiset comparison holds before spilling to scratchDir. */
  readonly memoryBudget: number;
  readonly scratchDir: string;
  readonly postgis: boolean;
  /** --accept-override values, lower-cased. */
  readonly accepted: ReadonlySet<string>;
  readonly overrides: TypeOverridesConfig;
  readonly repair: boolean;
  /** Filled with every table's verdict, for the report. */
  readonly verdicts: Map<string, TableVerdict>;
}

/** The table was compared and is not exact: not an error of the tool, but exit code 1. */
export class TableDiffersError extends Mssql2pgError {}

export function createVerifyTableRunner(deps: VerifyRunnerDeps): TableRunner {
  return async (ctx: TableContext): Promise<TableResult> => {
    const target = await requireTable(deps.pool, ctx.names.schema, ctx.names.table, 'nothing to verify.');
    const verdict = deps.countsOnly ? await countVerdict(deps, ctx, target) : await rowVerdict(deps, ctx, target);
    deps.verdicts.set(ctx.table, verdict.verdict);
    if (!verdictOk(verdict.verdict)) throw new TableDiffersError(verdictLine(verdict.verdict));
    return { rows: verdict.rows, bytes: verdict.bytes };
  };
}

interface Verdict {
  readonly verdict: TableVerdict;
  readonly rows: number;
  readonly bytes: number;
}

async function countVerdict(deps: VerifyRunnerDeps, ctx: TableContext, target: string): Promise<Verdict> {
  // Both at once: each count is a full scan on its own server.
  const [sourceRows, targetRows] = await Promise.all([
    deps.source.countRows(ctx.model, { nolock: deps.read.nolock, signal: ctx.signal }),
    deps.pool.query<{ count: string }>(`SELECT count(*)::text AS count FROM ${target}`).then((r) => Number(r.rows[0]!.count)),
  ]);
  const counts = { table: ctx.table, sourceRows, targetRows };
  const verdict: TableVerdict =
    sourceRows === targetRows ? { ...counts, status: 'counts-match' } : { ...counts, status: 'count-differs', differences: [], moreDifferences: false };
  return { verdict, rows: sourceRows, bytes: 0 };
}

async function rowVerdict(deps: VerifyRunnerDeps, ctx: TableContext, target: string): Promise<Verdict> {
  const t = await tableToCompare(deps, ctx, target);
  const split = await splitOf(deps, ctx, t);
  const compare = (only: readonly (KeyRange | null)[] | null): Promise<TableFindings> =>
    compareTable(deps, t, split, only, ctx.signal, (rows, bytes) => ctx.reportRows(rows, bytes));
  const findings = await compare(null);
  const context = { table: ctx.table, typeChanges: t.typeChanges, accepted: deps.accepted, overrides: deps.overrides };
  let verdict = verdictOf(context, findings);
  let rows = findings.sourceRows;
  let bytes = findings.bytes;
  const toRepair = findings.units.filter((u) => (u.found.groups.get('')?.rows ?? 0) > 0 || u.sourceRows !== u.targetRows).map((u) => u.range);
  if (deps.repair && toRepair.length > 0) {
    const loaded = await repairUnits({ load: deps.source.load, pool: deps.pool, read: deps.read }, { model: ctx.model, names: ctx.names, split }, toRepair, ctx.signal);
    const again = await compare(toRepair);
    // The repaired units' new findings replace theirs; the others stand as they were.
    const repairedLabels = new Set(toRepair.map((r) => unitName(split, r)));
    const kept = findings.units.filter((u) => !repairedLabels.has(unitName(split, u.range)));
    const merged = mergeFindings([...kept, ...again.units]);
    verdict = { ...verdictOf(context, merged), repaired: { units: [...repairedLabels], rowsLoaded: loaded, before: verdictLine(verdict) } };
    rows += again.sourceRows;
    bytes += again.bytes;
  }
  return { verdict, rows, bytes };
}

function mergeFindings(units: TableFindings['units']): TableFindings {
  return {
    sourceRows: units.reduce((a, u) => a + u.sourceRows, 0),
    targetRows: units.reduce((a, u) => a + u.targetRows, 0),
    bytes: units.reduce((a, u) => a + u.bytes, 0),
    found: DiffCollector.merge(units.map((u) => u.found)),
    units,
  };
}

/** The target's columns, which of them had their type changed, and how the table is walked. */
async function tableToCompare(deps: VerifyRunnerDeps, ctx: TableContext, target: string): Promise<TableToCompare> {
  const found = await readTargetColumns(deps.pool, target);
  const list = targetColumnsOf(ctx.model, ctx.names, found, target);
  const targets = new Map<string, TargetColumn>(ctx.model.columns.map((c, i) => [c.name, list[i]!]));
  const typeChanges = new Map<string, TypeChange>();
  for (const c of ctx.model.columns) {
    const change = typeChangeOf(ctx.model, c, targets.get(c.name)!, deps.postgis);
    if (change !== null) typeChanges.set(c.name, change);
  }
  return { table: ctx.table, model: ctx.model, names: ctx.names, target, targets, typeChanges, mode: compareModeOf(ctx.model, (c) => targets.get(c)!) };
}

/**
 * stage 2's ranges, sized by the exact count of the source (the catalog's estimate may be stale),
 * when the table has a chunk key and is bigger than one range and the target can read a range
 * by index; else null, compared whole (with a warning when only the index is missing).
 */
async function splitOf(deps: VerifyRunnerDeps, ctx: TableContext, t: TableToCompare): Promise<RangeSplit | null> {
  const key = chooseChunkKey(ctx.model);
  if (key === null) return null;
  const options = { nolock: deps.read.nolock, signal: ctx.signal };
  const [rows, bounds] = await Promise.all([deps.source.countRows(ctx.model, options), deps.source.keyBounds(ctx.model, key, options)]);
  if (!wantsChunks(rows, deps.rangeRows)) return null;
  const column = ctx.names.columns.get(key.column) ?? key.column;
  if (!(await hasKeyIndex(deps.pool, ctx.names.schema, ctx.names.table, column))) {
    ctx.warn(
      `no index on ${column} in the target (\`mssql2pg replicate constraints\` creates the primary key): compared whole, ` +
        `in one read of each side${t.mode.kind === 'merge' ? ' (Postgres sorts the table by its key)' : ''}, instead of one full scan per key range`,
    );
    return null;
  }
  return rangeSplitOf(ctx.model, ctx.names, bounds, rows, deps.rangeRows);
}
