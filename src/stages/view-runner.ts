/**
 * Views as stage-3 units, after every table of the run has its keys (a CREATE VIEW waits on
 * nothing then, and the tables are complete). Each view in its own transaction, after the
 * views of this run it reads (its dependency order, from the catalog or the names the
 * translator resolved). A view outside the translated subset is not created: it is listed, and
 * its definition goes to progress/unmigrated/ with the reason.
 */
import { quotePgIdent, quotePgQualified } from '../ddl/quote.js';
import type { ViewPlan } from '../postdata/plan-views.js';
import { applyInTransaction } from '../postgres/apply-ddl.js';
import { relationKind } from '../postgres/existing-objects.js';
import type { TableResult } from '../run/run-stage.js';
import type { UnitRunner } from './stage-units.js';
import type { OpenedTarget } from './target-mode.js';

export interface ViewRunnerDeps {
  readonly plans: ReadonlyMap<string, ViewPlan>;
  readonly target: OpenedTarget;
  /** Views of this run: only they are awaited before a view that reads them. */
  readonly inRun: ReadonlySet<string>;
  /** Resolves once every table unit of the run has finished (or the run is stopping). */
  readonly tablesSettled: (signal: AbortSignal) => Promise<void>;
  /** Where the exported view's definition is (or, on a dry run, would be) written. */
  readonly exportedFile: (view: string) => string;
}

const DONE: TableResult = { rows: 0 };

export function createViewRunner(deps: ViewRunnerDeps): UnitRunner<'view'> {
  const builds = new Map<string, Promise<void>>();

  const planOf = (view: string): ViewPlan => {
    const plan = deps.plans.get(view);
    if (plan === undefined) throw new Error(`internal: no view plan for ${view}`);
    return plan;
  };

  async function create(view: string, signal: AbortSignal): Promise<void> {
    const plan = planOf(view);
    if (plan.kind !== 'create') return;
    for (const dependency of plan.dependsOn) {
      if (!deps.inRun.has(dependency)) continue;
      try {
        await buildOf(dependency, signal);
      } catch (err) {
        throw new Error(`it reads the view ${dependency}, which failed; fix that one first, then run mssql2pg replicate constraints --resume`, { cause: err });
      }
    }
    if (deps.target.mode === 'dry-run') return;
    const { schema, name } = plan.target;
    const existing = await relationKind(deps.target.pool, schema, name);
    if (existing !== null && existing !== 'v') {
      throw new Error(`the target already has a ${existing === 'r' ? 'table' : 'relation'} ${quotePgQualified(schema, name)}; rename or drop it, then run mssql2pg replicate constraints --resume`);
    }
    // A view an earlier run created is replaced by the same definition; someone else's view
    // with other columns makes PostgreSQL refuse, naming it.
    const sql = existing === 'v' ? plan.sql.replace(/^CREATE VIEW/, 'CREATE OR REPLACE VIEW') : plan.sql;
    const statements = schema === 'public' ? [sql] : [`CREATE SCHEMA IF NOT EXISTS ${quotePgIdent(schema)}`, sql];
    try {
      await applyInTransaction(deps.target.pool, statements, signal);
    } catch (err) {
      throw new Error(`${(err as Error).message}${adviceFor((err as { code?: unknown }).code)}`, { cause: err });
    }
  }

  /** Starts a view's creation once; the views that read it share the promise. */
  function buildOf(view: string, signal: AbortSignal): Promise<void> {
    let build = builds.get(view);
    if (build === undefined) {
      build = create(view, signal);
      build.catch(() => {});
      builds.set(view, build);
    }
    return build;
  }

  return async (ctx) => {
    const plan = planOf(ctx.table);
    if (plan.kind === 'export') {
      ctx.warn(`view not created: ${plan.reason}; its definition is exported to ${deps.exportedFile(ctx.table)} for porting by hand`);
      if (deps.target.mode === 'dry-run') deps.target.print(`-- ${ctx.table} (view): not created: ${plan.reason}\n`);
      return DONE;
    }
    for (const d of plan.differences) ctx.warn(`difference: ${d}`);
    await deps.tablesSettled(ctx.signal);
    await buildOf(ctx.table, ctx.signal);
    if (deps.target.mode === 'dry-run') {
      deps.target.print([`-- ${ctx.table} (view)`, ...plan.differences.map((d) => `-- difference: ${d}`), `${plan.sql};`, ''].join('\n'));
    }
    return DONE;
  };
}

function adviceFor(code: unknown): string {
  if (code === '42P01') return '. A table or view it reads does not exist in the target yet: create it (replicate schema, or this view\'s batch window came first), then run mssql2pg replicate constraints --resume';
  if (code === '42703') return '. A column it reads is missing in the target: check the table was created by this tool, then run mssql2pg replicate constraints --resume';
  return '. Fix the cause, then run mssql2pg replicate constraints --resume';
}
