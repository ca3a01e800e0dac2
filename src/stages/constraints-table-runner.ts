/**
 * Stage 3's work on one table: its keys, indexes and checks, then (once every table it
 * references has its keys) its foreign keys. Each statement is its own transaction, so a
 * failure keeps what was built before it and --resume continues after it.
 *
 * Why keys are memoized per table: a table's foreign keys need the referenced table's keys.
 * Instead of a barrier over the whole run (which would hold a --parallel slot while waiting and
 * can deadlock on FK cycles), a table that needs another's keys starts (or joins) that table's
 * key build. Statement slots are only held while a statement runs, so nothing waits in a slot.
 */
import type pg from 'pg';
import { quotePgLiteral } from '../ddl/quote.js';
import { TableError } from '../errors.js';
import { KIND_LABEL, type ForeignKeyItem, type PostdataItem, type TablePostdataPlan } from '../postdata/index.js';
import { applyInTransaction } from '../postgres/apply-ddl.js';
import { readExistingPostdata, type ExistingPostdata } from '../postgres/existing-postdata.js';
import type { TableContext, TableResult, TableRunner } from '../run/run-stage.js';
import { statementFailed } from './postdata-errors.js';

export interface ConstraintsRunnerDeps {
  readonly plans: ReadonlyMap<string, TablePostdataPlan>;
  /** Tables of this run: only their keys are awaited before a foreign key. */
  readonly inRun: ReadonlySet<string>;
  readonly pool: pg.Pool;
  /** Limits statements running at once (--parallel). */
  readonly statementSlot: <T>(work: () => Promise<T>) => Promise<T>;
  /** --maintenance-work-mem, already validated (e.g. `1GB`), or null for the server's setting. */
  readonly maintenanceWorkMem: string | null;
}

export function createConstraintsTableRunner(deps: ConstraintsRunnerDeps): TableRunner {
  const keyBuilds = new Map<string, Promise<void>>();
  const planOf = (table: string): TablePostdataPlan => {
    const plan = deps.plans.get(table);
    if (plan === undefined) throw new TableError(table, 'constraints', 'internal: no stage-3 plan for this table');
    return plan;
  };

  /** One statement in its own transaction (a slot held only while it runs); a failure names the object. */
  const apply = async (table: string, item: PostdataItem, sql: string, signal: AbortSignal, validating = false): Promise<void> => {
    const statements = deps.maintenanceWorkMem === null ? [sql] : [`SET LOCAL maintenance_work_mem = ${quotePgLiteral(deps.maintenanceWorkMem)}`, sql];
    try {
      await deps.statementSlot(() => applyInTransaction(deps.pool, statements, signal));
    } catch (err) {
      throw statementFailed(table, item, err, validating);
    }
  };

  async function buildKeys(table: string, signal: AbortSignal): Promise<void> {
    const plan = planOf(table);
    const present = await readExistingPostdata(deps.pool, plan.target.schema, plan.target.table);
    for (const item of plan.keys) {
      signal.throwIfAborted();
      if (!alreadyThere(item, present)) await apply(table, item, item.sql, signal);
    }
  }

  /** Starts the table's key build once; later callers share it. */
  function keysOf(table: string, signal: AbortSignal): Promise<void> {
    let build = keyBuilds.get(table);
    if (build === undefined) {
      build = buildKeys(table, signal);
      // Observed later by the table's own runner; until then it must not count as unhandled.
      build.catch(() => {});
      keyBuilds.set(table, build);
    }
    return build;
  }

  async function awaitReferencedKeys(table: string, foreignKeys: readonly ForeignKeyItem[], signal: AbortSignal): Promise<void> {
    for (const ref of new Set(foreignKeys.map((f) => f.references))) {
      if (ref === table || !deps.inRun.has(ref)) continue;
      try {
        await keysOf(ref, signal);
      } catch (err) {
        const fks = foreignKeys.filter((f) => f.references === ref).map((f) => f.targetName);
        throw new TableError(
          table,
          'constraints',
          `foreign key ${fks.join(', ')} references ${ref}, whose keys failed; fix ${ref} first, then run mssql2pg replicate constraints --resume`,
          { cause: err },
        );
      }
    }
  }

  async function buildForeignKeys(table: string, plan: TablePostdataPlan, signal: AbortSignal): Promise<void> {
    await awaitReferencedKeys(table, plan.foreignKeys, signal);
    if (plan.foreignKeys.length === 0) return;
    const present = await readExistingPostdata(deps.pool, plan.target.schema, plan.target.table);
    for (const fk of plan.foreignKeys) {
      signal.throwIfAborted();
      const found = present.constraints.get(fk.targetName);
      if (found === undefined) await apply(table, fk, fk.sql, signal);
      const validated = found?.validated ?? !fk.createdNotValid;
      if (fk.validateSql !== null && !validated) {
        signal.throwIfAborted();
        await apply(table, fk, fk.validateSql, signal, true);
      }
    }
  }

  return async (ctx: TableContext): Promise<TableResult> => {
    const plan = planOf(ctx.table);
    reportPlanNotes(plan, ctx.warn);
    await keysOf(ctx.table, ctx.signal);
    await buildForeignKeys(ctx.table, plan, ctx.signal);
    return { rows: 0 };
  };
}

/** "When not already there": any primary key counts (stage 1 with --primary-keys names its own). */
function alreadyThere(item: PostdataItem, present: ExistingPostdata): boolean {
  switch (item.kind) {
    case 'primary-key':
      return present.hasPrimaryKey;
    case 'index':
      return present.indexes.has(item.targetName);
    default:
      return present.constraints.has(item.targetName);
  }
}

/** Renamed and skipped objects and semantic differences, as the table's warnings in the summary. */
export function reportPlanNotes(plan: TablePostdataPlan, warn: (message: string) => void): void {
  for (const r of plan.renamed) warn(`renamed ${KIND_LABEL[r.kind]} ${r.sourceName} → ${r.targetName}`);
  for (const s of plan.skipped) {
    warn(`skipped ${KIND_LABEL[s.kind]} ${s.sourceName}: ${s.reason}${s.original !== null ? `; original: ${s.original}` : ''}`);
  }
  for (const d of plan.differences) warn(`difference: ${d}`);
}
