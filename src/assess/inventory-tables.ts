/**
 * Inventory items of the selected tables: the table (rows, size), its columns by type, identity,
 * computed and sparse columns, defaults, and every key, index and constraint, each with the
 * verdict the stages themselves reach (the same type map, default translation and stage-3
 * planner decide), plus the table features only the inventory reads (temporal, memory-optimized,
 * FILESTREAM, masked and encrypted columns, bound defaults, partitioning). Pure.
 */
import type { InventoryFacts } from '../catalog/inventory.js';
import { qualifiedName, type ColumnModel, type TableModel } from '../catalog/model.js';
import { planIdentity } from '../ddl/identity.js';
import { translateDefault, type SequenceResolver } from '../ddl/translate-default.js';
import type { TargetTableNames } from '../naming/plan-target-names.js';
import { KIND_LABEL, type TablePostdataPlan } from '../postdata/index.js';
import { mapColumnType, type TypeMappingOptions } from '../typemap/map-column.js';
import { item, type InventoryItem } from './inventory-types.js';
import type { ObjectKind } from './kinds.js';
import { TYPE_DIFFERENCES } from './type-differences.js';

export interface TableInventoryInput {
  readonly tables: readonly TableModel[];
  readonly names: ReadonlyMap<string, TargetTableNames>;
  readonly plans: ReadonlyMap<string, TablePostdataPlan>;
  readonly facts: InventoryFacts | undefined;
  readonly mapping: TypeMappingOptions;
  readonly sequence: SequenceResolver;
}

const MB = 1024 * 1024;

export function tableItems(input: TableInventoryInput): InventoryItem[] {
  const out: InventoryItem[] = [];
  const byType = new Map<string, { columns: number; notes: Set<string>; failed: string | null }>();
  for (const t of input.tables) {
    const name = qualifiedName(t);
    const unmapped: string[] = [];
    for (const c of t.columns) columnItems(input, t, c, out, byType, unmapped);
    const pages = input.facts?.usedPages.get(t.objectId);
    const size = pages === undefined ? '' : `, ${(pages * 8192 / MB).toFixed(1)} MB`;
    const detail = `${t.rowCountEstimate.toLocaleString('en-US')} rows (estimate)${size}`;
    out.push(unmapped.length > 0
      ? item('table', name, 'not-handled', { detail, reason: unmapped.join('; ') })
      : item('table', name, 'copied', { detail }));
    const plan = input.plans.get(name);
    if (plan !== undefined) out.push(...constraintItems(t, plan, input.facts));
  }
  for (const [type, g] of byType) {
    const detail = `${g.columns} column${g.columns === 1 ? '' : 's'}`;
    out.push(g.failed !== null
      ? item('column-type', type, 'not-handled', { detail, reason: g.failed })
      : item('column-type', type, 'copied', { detail, differences: [...g.notes] }));
  }
  return out;
}

function columnItems(
  input: TableInventoryInput,
  t: TableModel,
  c: ColumnModel,
  out: InventoryItem[],
  byType: Map<string, { columns: number; notes: Set<string>; failed: string | null }>,
  unmapped: string[],
): void {
  const label = `${qualifiedName(t)}.${c.name}`;
  const group = byType.get(c.type) ?? { columns: 0, notes: new Set<string>(), failed: null };
  byType.set(c.type, group);
  group.columns += 1;
  let pgType: string;
  let fromMap: boolean;
  try {
    const mapping = mapColumnType(t, c, input.mapping);
    pgType = mapping.pgType;
    fromMap = mapping.origin === 'map';
    for (const note of mapping.notes) group.notes.add(note);
    const difference = TYPE_DIFFERENCES[c.type];
    if (difference !== undefined && fromMap) group.notes.add(difference);
    if (!fromMap) group.notes.add(`some columns are mapped by a type override (${label}: ${pgType})`);
  } catch (err) {
    const message = (err as Error).message;
    group.failed = message;
    unmapped.push(message);
    return;
  }
  if (c.identity !== null) {
    try {
      const plan = planIdentity(label, c.identity, pgType, fromMap);
      out.push(item('identity', label, 'translated', { detail: plan.clause, differences: plan.warnings }));
    } catch (err) {
      out.push(item('identity', label, 'not-handled', { reason: (err as Error).message }));
    }
  } else if (c.defaultDefinition !== null) {
    const d = translateDefault(c.defaultDefinition, pgType, { sequence: input.sequence });
    if ('warning' in d) out.push(item('default', label, 'not-handled', { reason: d.warning, original: c.defaultDefinition }));
    else out.push(item('default', label, 'translated', { detail: d.sql === null ? 'no default (DEFAULT NULL)' : `DEFAULT ${d.sql}`, original: c.defaultDefinition }));
  }
  if (c.computed !== null) {
    out.push(item('computed-column', label, 'copied', {
      differences: ['created as a plain column holding the copied values: PostgreSQL does not compute it (a generated column cannot take copied values)'],
      original: c.computed.definition,
    }));
  }
}

/** The plan's differences that belong to one object: they start with `<kind label> <target name>`. */
function differencesOf(plan: TablePostdataPlan, kind: keyof typeof KIND_LABEL, targetName: string): string[] {
  const prefix = `${KIND_LABEL[kind]} ${targetName}`;
  return plan.differences.filter((d) => d.startsWith(`${prefix}:`) || d.startsWith(`${prefix} `)).map((d) => d.slice(prefix.length).replace(/^[: ]+/, ''));
}

function constraintItems(t: TableModel, plan: TablePostdataPlan, facts: InventoryFacts | undefined): InventoryItem[] {
  const table = qualifiedName(t);
  const indexFacts = (name: string) => facts?.indexes.find((i) => i.objectId === t.objectId && i.name === name);
  const filtered = new Set([...t.indexes, ...t.disabledIndexes].filter((i) => i.filter !== null).map((i) => i.name));
  const kindOf = (k: keyof typeof KIND_LABEL, sourceName: string): ObjectKind => (k === 'index' && filtered.has(sourceName) ? 'filtered-index' : k);
  const out: InventoryItem[] = [];
  for (const i of [...plan.keys, ...plan.foreignKeys]) {
    const differences = differencesOf(plan, i.kind, i.targetName);
    if (i.kind === 'index' && indexFacts(i.sourceName)?.type === 7) {
      differences.push('a hash index of a memory-optimized table in SQL Server; a btree index in PostgreSQL');
    }
    const original = i.kind === 'check' ? (t.checkConstraints.find((c) => c.name === i.sourceName)?.definition ?? null) : null;
    const renamed = i.targetName !== i.sourceName ? `created as ${i.targetName}` : null;
    out.push(item(kindOf(i.kind, i.sourceName), `${table}.${i.sourceName}`, 'translated', { detail: renamed, differences, original }));
  }
  for (const s of plan.skipped) {
    out.push(item(kindOf(s.kind, s.sourceName), `${table}.${s.sourceName}`, 'not-handled', { reason: s.reason, original: s.original }));
  }
  return out;
}
