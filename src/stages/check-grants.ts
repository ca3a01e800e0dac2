/**
 * Each stage's up-front permission check, run after planning and before it touches anything:
 * the facts from both servers, the evaluation (src/stages/required-grants.ts), one error that
 * names every missing grant. A source that cannot report its grants is not checked, and the
 * run says so in a notice.
 */
import type pg from 'pg';
import { COMPLETION_SCHEMA } from '../postgres/loaded-ranges.js';
import { databaseFacts, schemaFacts, tableFacts, type TableFacts } from '../postgres/privileges.js';
import { chooseChunkKey, wantsChunks } from '../plan/key-ranges.js';
import type { StageListener } from '../run/events.js';
import type { SourceGrants } from '../sqlserver/contract.js';
import type { StagePlan } from './plan-stage.js';
import { constraintsStageGrants, dataStageGrants, permissionError, schemaStageGrants, sourceGrants, type MissingGrant } from './required-grants.js';

/** How a stage reads the source login's grants (absent: the source cannot be asked). */
export type SourceGrantReader = () => Promise<SourceGrants>;

interface Checked {
  readonly pool: pg.Pool;
  readonly planned: StagePlan;
  readonly source?: SourceGrantReader;
  readonly listener?: StageListener;
}

const targetsOf = (planned: StagePlan) =>
  planned.plan.toRun.flatMap((t) => {
    const names = planned.tables.get(t)?.names;
    return names ? [{ schema: names.schema, table: names.table }] : [];
  });

export async function checkSchemaStage(c: Checked, replaces: (table: string) => boolean): Promise<void> {
  const db = await databaseFacts(c.pool);
  const targets = targetsOf(c.planned);
  const schemas = await schemaFacts(c.pool, [...new Set(targets.map((t) => t.schema))]);
  const tables = await tableFacts(c.pool, targets);
  const replaced = tables.filter((t, i) => replaces(c.planned.plan.toRun[i]!) && t.exists);
  await refuse('replicate schema', db.user, schemaStageGrants(db, schemas, replaced), c, 'viewDefinition');
}

export async function checkDataStage(c: Checked, o: { truncate: boolean; chunkRows: number; resume: boolean; hasChunkPlan: (table: string) => boolean }): Promise<void> {
  const db = await databaseFacts(c.pool);
  const targets = targetsOf(c.planned);
  const schemas = await schemaFacts(c.pool, [...new Set(targets.map((t) => t.schema)), COMPLETION_SCHEMA]);
  const [bookkeeping, ...tables] = await tableFacts(c.pool, [{ schema: COMPLETION_SCHEMA, table: 'loaded_ranges' }, ...targets]);
  const keyRanges = c.planned.plan.toRun.some((t) => {
    const model = c.planned.tables.get(t)?.model;
    return model !== undefined && chooseChunkKey(model) !== null && (wantsChunks(model.rowCountEstimate, o.chunkRows) || (o.resume && o.hasChunkPlan(t)));
  });
  const missing = dataStageGrants(
    db,
    schemas.filter((s) => s.schema !== COMPLETION_SCHEMA),
    tables,
    { truncate: o.truncate, keyRanges, bookkeeping: { schema: schemas.find((s) => s.schema === COMPLETION_SCHEMA)!, table: bookkeeping as TableFacts } },
  );
  await refuse('sync data', db.user, missing, c, 'select');
}

export async function checkConstraintsStage(c: Checked): Promise<void> {
  const db = await databaseFacts(c.pool);
  const targets = targetsOf(c.planned);
  const schemas = await schemaFacts(c.pool, [...new Set(targets.map((t) => t.schema))]);
  const tables = await tableFacts(c.pool, targets);
  await refuse('replicate constraints', db.user, constraintsStageGrants(db, schemas, tables), c, 'viewDefinition');
}

/** Adds the source's missing grants (what the stage reads there) and throws when anything is missing. */
async function refuse(stage: string, targetUser: string, target: readonly MissingGrant[], c: Checked, sourceNeed: 'select' | 'viewDefinition'): Promise<void> {
  let source: MissingGrant[] = [];
  let sourceUser = 'the login';
  if (c.source !== undefined) {
    const grants = await c.source();
    if (grants.checked) {
      sourceUser = grants.user;
      source = sourceGrants(grants, c.planned.plan.toRun, sourceNeed);
    } else {
      c.listener?.({ type: 'notice', message: `SQL Server permissions were not checked up front (${grants.reason}); a missing grant fails its table instead.` });
    }
  }
  const error = permissionError(stage, target, source, { target: targetUser, source: sourceUser });
  if (error) throw error;
}
