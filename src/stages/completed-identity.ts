/**
 * `sync data --resume` skips completed tables, so it first makes sure each still is the table
 * its rows were loaded into: the progress file records the target's oid and relfilenode as of
 * the last committed unit, and a table that was dropped and recreated, truncated or rewritten
 * since then has another one. Such a table is loaded again (with a warning saying why) rather
 * than counted as holding rows that are not there. Entries written before identities were
 * recorded carry none and are trusted as before.
 */
import { quotePgQualified } from '../ddl/quote.js';
import type { Queryable } from '../postgres/queryable.js';
import { describeIdentity, readTargetIdentities, sameIdentity } from '../postgres/table-identity.js';
import type { TableStageProgress } from '../progress/types.js';
import type { StagePlan } from './plan-stage.js';

/** Completed tables of the plan whose target changed, with the reason. */
export async function changedSinceCompleted(
  db: Queryable,
  planned: StagePlan,
  statusOf: (table: string) => TableStageProgress | undefined,
): Promise<Map<string, string>> {
  const recorded = planned.plan.skippedCompleted.flatMap((table) => {
    const target = statusOf(table)?.target;
    const names = planned.tables.get(table)?.names;
    return target === undefined || names === undefined ? [] : [{ table, target, quoted: quotePgQualified(names.schema, names.table) }];
  });
  const now = await readTargetIdentities(db, recorded.map((r) => r.quoted));
  const changed = new Map<string, string>();
  for (const r of recorded) {
    const current = now.get(r.quoted);
    if (current !== undefined && sameIdentity(current, r.target)) continue;
    changed.set(
      r.table,
      `completed earlier, but ${r.quoted} is no longer the table its rows were loaded into (recorded ${describeIdentity(r.target)}, ` +
        `now ${current === undefined ? 'missing' : describeIdentity(current)}): it was dropped and recreated, truncated or rewritten since`,
    );
  }
  return changed;
}
