/**
 * Inventory items of the objects beyond tables: views (the view planner's verdict), sequences,
 * procedures, functions, triggers and synonyms. Pure.
 */
import { objectName, routineName, type RoutineModel, type SequenceModel, type SynonymModel } from '../catalog/objects.js';
import { planSequence, planSequenceValue } from '../ddl/create-sequence.js';
import type { ObjectTargetNames } from '../naming/plan-object-names.js';
import type { ViewPlan } from '../postdata/plan-views.js';
import { item, type InventoryItem } from './inventory-types.js';

export function viewItems(plans: ReadonlyMap<string, ViewPlan>, indexed: ReadonlySet<string>, definitions: ReadonlyMap<string, string | null>): InventoryItem[] {
  return [...plans.values()].map((p) => {
    const kind = indexed.has(p.view) ? 'indexed-view' : 'view';
    if (p.kind === 'export') return item(kind, p.view, 'exported', { reason: p.reason, original: p.definition });
    return item(kind, p.view, 'translated', {
      detail: `created as ${p.target.schema}.${p.target.name}`,
      // The view's own name prefixes each difference in stage 3's summary; the report has it as the heading.
      differences: p.differences.map((d) => d.replace(/^view [^:]+: /, '')),
      original: definitions.get(p.view) ?? null,
    });
  });
}

export function sequenceItems(sequences: readonly SequenceModel[], targets: ReadonlyMap<string, ObjectTargetNames>): InventoryItem[] {
  return sequences.map((s) => {
    const name = objectName(s);
    const target = targets.get(name)!;
    const plan = planSequence(s, target);
    if (!plan.ok) return item('sequence', name, 'not-handled', { reason: plan.reason });
    const value = planSequenceValue(s, target);
    const differences = [...plan.differences, ...(value.ok ? value.differences : [`its current value cannot be read (${value.reason}): set it by hand after the data`])];
    return item('sequence', name, 'translated', { detail: `${s.type}, start ${s.start}, increment ${s.increment}`, differences });
  });
}

const ROUTINE_DETAIL: Readonly<Record<string, string>> = {
  P: 'T-SQL procedure',
  PC: 'CLR procedure',
  X: 'extended procedure',
  RF: 'replication filter procedure',
  FN: 'scalar function',
  IF: 'inline table-valued function',
  TF: 'multi-statement table-valued function',
  FS: 'CLR scalar function',
  FT: 'CLR table-valued function',
  AF: 'CLR aggregate function',
  TR: 'T-SQL trigger',
  TA: 'CLR trigger',
};

/** T-SQL routines are exported for porting by hand; CLR and extended ones have no T-SQL to export. */
export function routineItems(routines: readonly RoutineModel[]): InventoryItem[] {
  return routines.map((r) => {
    const name = routineName(r);
    const detail = routineDetail(r);
    if (r.type === 'PC' || r.type === 'X' || r.type === 'RF' || r.type === 'FS' || r.type === 'FT' || r.type === 'AF' || r.type === 'TA') {
      const what = ROUTINE_DETAIL[r.type] ?? r.type;
      return item(r.kind, name, 'not-handled', { detail, reason: `${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what}: its code is compiled outside T-SQL and cannot run in PostgreSQL; port what it does by hand` });
    }
    const reason =
      r.kind === 'trigger'
        ? 'triggers are T-SQL code: port it to a PL/pgSQL trigger function and CREATE TRIGGER by hand'
        : `${r.kind === 'procedure' ? 'procedures' : 'functions'} are T-SQL code: port it to PL/pgSQL (or SQL) by hand`;
    return item(r.kind, name, 'exported', { detail, reason: r.definition === null ? `${reason} (its text is not readable: WITH ENCRYPTION, or no VIEW DEFINITION)` : reason, original: r.definition });
  });
}

function routineDetail(r: RoutineModel): string {
  const what = ROUTINE_DETAIL[r.type] ?? r.type;
  if (r.kind !== 'trigger') return what;
  const on = r.parent === null ? 'DDL, on the database' : `${r.insteadOf ? 'INSTEAD OF' : 'AFTER'}, on ${r.parent.schema}.${r.parent.name}`;
  return `${what}, ${on}${r.disabled ? ', disabled' : ''}`;
}

export function synonymItems(synonyms: readonly SynonymModel[]): InventoryItem[] {
  return synonyms.map((s) =>
    item('synonym', objectName(s), 'exported', {
      detail: `for ${s.baseObject}`,
      reason: 'PostgreSQL has no synonyms: a view over the object, or the search_path, does the same job',
      original: `CREATE SYNONYM [${s.schema.replace(/]/g, ']]')}].[${s.name.replace(/]/g, ']]')}] FOR ${s.baseObject};`,
    }),
  );
}
