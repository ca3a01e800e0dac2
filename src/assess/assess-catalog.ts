/**
 * `mssql2pg assess`'s core: the catalog (tables, objects, inventory facts) → for every user
 * object, what mssql2pg will do with it. The verdicts come from the same planners the stages
 * run (type map, default and identity translation, stage 3's plan, the view and sequence
 * planners), so the report says what a migration will do, not what a separate rule set guesses.
 * Pure: no connection.
 */
import { qualifiedName, type CatalogModel } from '../catalog/model.js';
import { NO_OBJECTS, objectName } from '../catalog/objects.js';
import type { ResolvedConfig } from '../config/types.js';
import { planSequence } from '../ddl/create-sequence.js';
import { quotePgQualified } from '../ddl/quote.js';
import type { SequenceResolver } from '../ddl/translate-default.js';
import { planObjectNames } from '../naming/plan-object-names.js';
import { planTargetNames } from '../naming/plan-target-names.js';
import { targetSchemaFor } from '../naming/target-schema.js';
import { matchesPatterns } from '../plan/match-patterns.js';
import { compareQualifiedNames } from '../plan/table-names.js';
import { planPostdata } from '../postdata/plan-postdata.js';
import { planViews } from '../postdata/plan-views.js';
import { collationItems, featureItems } from './inventory-features.js';
import { routineItems, sequenceItems, synonymItems, viewItems } from './inventory-objects.js';
import { tableItems } from './inventory-tables.js';
import { item, type Inventory, type InventoryItem } from './inventory-types.js';
import { KIND_ORDER } from './kinds.js';

export type AssessConfig = Pick<ResolvedConfig, 'naming' | 'typeOverrides' | 'selection'>;

export function assessCatalog(catalog: CatalogModel, config: AssessConfig): Inventory {
  const objects = catalog.objects ?? NO_OBJECTS;
  const { include, exclude } = config.selection;
  const selected = (name: string): boolean => (include.length === 0 || matchesPatterns(name, include)) && !matchesPatterns(name, exclude);
  const tables = catalog.tables.filter((t) => selected(qualifiedName(t)));
  const views = objects.views.filter((v) => selected(objectName(v)));
  const sequences = objects.sequences.filter((s) => selected(objectName(s)));
  const routines = objects.routines.filter((r) => selected(`${r.schema ?? '(database)'}.${r.name}`));
  const synonyms = objects.synonyms.filter((s) => selected(objectName(s)));
  const names = planTargetNames(tables, config.naming);
  const targets = planObjectNames(
    [
      ...views.map((v) => ({ kind: 'view', schema: v.schema, name: v.name, columns: v.columns.map((c) => c.name) })),
      ...sequences.map((s) => ({ kind: 'sequence', schema: s.schema, name: s.name })),
    ],
    names,
    config.naming,
  );
  const mapping = { overrides: config.typeOverrides, postgis: false };
  const plans = planPostdata(tables, names, { identifierStyle: config.naming.identifierStyle, mapping, nullsNotDistinct: true, fkNotValid: false }, [...targets.values()]);
  const viewPlans = planViews({
    views,
    viewTargets: targets,
    tables,
    tableNames: names,
    allRelations: new Set([...catalog.tables.map(qualifiedName), ...objects.views.map(objectName)]),
    identifierStyle: config.naming.identifierStyle,
    mapping,
  });
  const sequencesByName = new Map(sequences.map((s) => [objectName(s).toLowerCase(), s]));
  const sequence: SequenceResolver = (schema, name) => {
    const s = sequencesByName.get(`${schema ?? ''}.${name}`.toLowerCase());
    if (s === undefined) return { missing: `the sequence ${schema}.${name} is not among the selected objects` };
    const target = targets.get(objectName(s))!;
    return planSequence(s, target).ok ? { qualifiedTarget: quotePgQualified(target.schema, target.name) } : { missing: `the sequence ${objectName(s)} is not created` };
  };
  const items: InventoryItem[] = [
    ...schemaItems(catalog, tables.map((t) => t.schema).concat(views.map((v) => v.schema), sequences.map((s) => s.schema)), config),
    ...tableItems({ tables, names, plans, facts: catalog.inventory, mapping, sequence }),
    ...(catalog.inventory === undefined ? [] : featureItems({ facts: catalog.inventory, tables, selected, views: new Map(views.map((v) => [v.objectId, objectName(v)])) })),
    ...collationItems(tables, catalog.inventory?.database.collation ?? null),
    ...viewItems(viewPlans, new Set(views.filter((v) => v.indexed).map(objectName)), new Map(views.map((v) => [objectName(v), v.definition]))),
    ...sequenceItems(sequences, targets),
    ...routineItems(routines),
    ...synonymItems(synonyms),
  ];
  const all = catalog.tables.length + objects.views.length + objects.sequences.length + objects.routines.length + objects.synonyms.length;
  const chosen = tables.length + views.length + sequences.length + routines.length + synonyms.length;
  return {
    database: catalog.database,
    items: items.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compareQualifiedNames(a.name, b.name)),
    excluded: all - chosen,
    unavailable: [...objects.unavailable, ...(catalog.inventory?.unavailable ?? [])],
  };
}

function schemaItems(catalog: CatalogModel, used: readonly string[], config: AssessConfig): InventoryItem[] {
  const inUse = new Set(used);
  const all = new Set([...(catalog.inventory?.schemas ?? []), ...inUse]);
  return [...all].map((schema) =>
    inUse.has(schema)
      ? item('schema', schema, 'translated', { detail: `becomes ${targetSchemaFor(schema, config.naming)}` })
      : item('schema', schema, 'not-handled', { reason: 'no selected table, view or sequence is in it: not created' }),
  );
}
