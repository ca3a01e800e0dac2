/**
 * Sequences as stage units: stage 1 creates each one (before the tables whose defaults call
 * it), stage 3 sets it, after the data, so the next nextval() returns what NEXT VALUE FOR would.
 * Stage 3 reads the catalog when it starts, after stage 2: the current values it sets are the
 * source's at that time, not at the start of the copy.
 */
import { planSequence, planSequenceValue, sequenceMismatches } from '../ddl/create-sequence.js';
import { quotePgQualified } from '../ddl/quote.js';
import { applyInTransaction } from '../postgres/apply-ddl.js';
import { readSequenceDefinition } from '../postgres/existing-objects.js';
import type { TableResult } from '../run/run-stage.js';
import type { UnitRunner } from './stage-units.js';
import type { OpenedTarget } from './target-mode.js';

export interface CreateSequenceOptions {
  readonly target: OpenedTarget;
  readonly dropExisting: boolean;
}

const DONE: TableResult = { rows: 0 };

export function createSequenceRunner(o: CreateSequenceOptions): UnitRunner<'sequence'> {
  return async (ctx) => {
    const plan = planSequence(ctx.sequence, ctx.target);
    if (!plan.ok) {
      ctx.warn(`sequence not created: ${plan.reason}; create it by hand`);
      if (o.target.mode === 'dry-run') o.target.print(`-- ${ctx.table}: sequence not created: ${plan.reason}\n`);
      return DONE;
    }
    for (const d of plan.differences) ctx.warn(`difference: ${d}`);
    if (o.target.mode === 'dry-run') {
      o.target.print([`-- ${ctx.table} (sequence)`, ...plan.differences.map((d) => `-- difference: ${d}`), `${plan.createSql};`, ''].join('\n'));
      return DONE;
    }
    const pool = o.target.pool;
    const quoted = quotePgQualified(ctx.target.schema, ctx.target.name);
    const existing = await readSequenceDefinition(pool, ctx.target.schema, ctx.target.name);
    const statements = [plan.createSql];
    if (existing !== null) {
      // Created by a table that uses it, or by an earlier run: the same definition is ours.
      const mismatches = sequenceMismatches(existing, plan.definition);
      if (mismatches.length === 0) return DONE;
      if (!o.dropExisting) {
        throw new Error(
          `target sequence ${quoted} already exists with another definition (${mismatches.join(', ')}). ` +
            'Drop it, or use --drop-existing to replace it (column defaults that use it must be dropped first).',
        );
      }
      statements.unshift(`DROP SEQUENCE ${quoted}`);
    }
    await applyInTransaction(pool, statements, ctx.signal);
    return DONE;
  };
}

export function setSequenceValueRunner(target: OpenedTarget): UnitRunner<'sequence'> {
  return async (ctx) => {
    if (!planSequence(ctx.sequence, ctx.target).ok) return DONE; // not created in stage 1 (listed there)
    const plan = planSequenceValue(ctx.sequence, ctx.target);
    if (!plan.ok) {
      throw new Error(
        `its current value cannot be read: ${plan.reason}. Set it by hand so the next value is right, e.g. ` +
          `SELECT setval('${quotePgQualified(ctx.target.schema, ctx.target.name)}', <last value handed out>, true)`,
      );
    }
    for (const d of plan.differences) ctx.warn(`difference: ${d}`);
    if (target.mode === 'dry-run') {
      target.print([`-- ${ctx.table} (sequence value, read from SQL Server now)`, `${plan.sql};`, ''].join('\n'));
      return DONE;
    }
    try {
      await applyInTransaction(target.pool, [plan.sql], ctx.signal);
    } catch (err) {
      if ((err as { code?: unknown }).code !== '42P01') throw err;
      throw new Error(`target sequence ${quotePgQualified(ctx.target.schema, ctx.target.name)} does not exist: run mssql2pg replicate schema first`, { cause: err });
    }
    return DONE;
  };
}
