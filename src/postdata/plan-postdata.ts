/**
 * Plans stage 3 for the whole selected catalog: names first (so every batch window gets the
 * same names), then per table the ordered statements, the skipped objects with reasons, and
 * the semantic differences. Pure: no database.
 */
import { qualifiedName, type TableModel } from '../catalog/model.js';
import type { IdentifierStyle } from '../config/types.js';
import { applyIdentifierStyle } from '../naming/identifier-style.js';
import type { TargetTableNames } from '../naming/plan-target-names.js';
import { TableColumns } from './column-facts.js';
import { NameRegistry, isGeneratedName, postgresStyleName, type PostdataKind } from './object-names.js';
import type { PostdataOptions, TablePostdataPlan } from './plan-types.js';
import { planTableItems, type TablePlanContext } from './plan-table-items.js';

/**
 * `tables`: every selected table (not only the run's window), in catalog order; `names`: their
 * target names from planTargetNames; `otherRelations`: the target names of the selected views
 * and sequences, which share the schema's namespace with tables and indexes. Returns one plan
 * per table, keyed by `schema.table`.
 */
export function planPostdata(
  tables: readonly TableModel[],
  names: ReadonlyMap<string, TargetTableNames>,
  o: PostdataOptions,
  otherRelations: readonly { readonly schema: string; readonly name: string }[] = [],
): Map<string, TablePostdataPlan> {
  const registry = new NameRegistry();
  for (const t of tables) {
    const n = names.get(qualifiedName(t))!;
    registry.reserveTable(n.schema, n.table);
  }
  for (const r of otherRelations) registry.reserveTable(r.schema, r.name);
  const columnsOf = new Map<string, TableColumns>();
  for (const t of tables) columnsOf.set(qualifiedName(t), new TableColumns(t, names.get(qualifiedName(t))!, o.mapping));

  // SQL Server resolves the referenced table case-insensitively (default catalog collation).
  const byLowerName = new Map(tables.map((t) => [qualifiedName(t).toLowerCase(), t]));
  const plans = new Map<string, TablePostdataPlan>();
  for (const t of tables) {
    const key = qualifiedName(t);
    const target = names.get(key)!;
    const ctx: TablePlanContext = {
      table: t,
      target: { schema: target.schema, table: target.table },
      columns: columnsOf.get(key)!,
      options: o,
      nameFor: (kind, sourceName, targetColumns) => nameFor(registry, o.identifierStyle, t, target, kind, sourceName, targetColumns),
      referenced: (schema, table) => {
        const ref = byLowerName.get(`${schema}.${table}`.toLowerCase());
        if (ref === undefined) return undefined;
        const refKey = qualifiedName(ref);
        const refNames = names.get(refKey)!;
        return { key: refKey, target: { schema: refNames.schema, table: refNames.table }, columns: columnsOf.get(refKey)! };
      },
    };
    plans.set(key, planTableItems(ctx));
  }
  return plans;
}

function nameFor(
  registry: NameRegistry,
  style: IdentifierStyle,
  table: TableModel,
  target: TargetTableNames,
  kind: PostdataKind,
  sourceName: string,
  targetColumns: readonly string[],
): { name: string; renamed: boolean } {
  const styled = applyIdentifierStyle(sourceName, style);
  const wanted = isGeneratedName(sourceName) ? postgresStyleName(kind, target.table, targetColumns) : styled;
  const indexBacked = kind === 'primary-key' || kind === 'unique' || kind === 'index';
  const name = registry.claim({
    schema: target.schema,
    table: target.table,
    wanted,
    identity: `${kind}:${qualifiedName(table)}:${sourceName}`,
    usesRelationName: indexBacked,
    usesConstraintName: kind !== 'index',
  });
  return { name, renamed: name !== styled };
}
