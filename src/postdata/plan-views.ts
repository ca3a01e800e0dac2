/**
 * Plans every selected view: translated (CREATE VIEW, with the differences to list and the
 * views it must wait for) or exported (not created: its original definition and the exact
 * reason go to progress/unmigrated/). Pure. Views are planned in dependency order, so a view
 * that reads an exported view is exported too, saying which.
 */
import { qualifiedName, type TableModel } from '../catalog/model.js';
import { objectName, type ViewModel } from '../catalog/objects.js';
import type { IdentifierStyle } from '../config/types.js';
import { quotePgIdent, quotePgQualified } from '../ddl/quote.js';
import type { ObjectTargetNames } from '../naming/plan-object-names.js';
import type { TargetTableNames } from '../naming/plan-target-names.js';
import { findTypeMapRow } from '../typemap/type-map.js';
import type { TypeMappingOptions } from '../typemap/map-column.js';
import { TableColumns } from './column-facts.js';
import { PredicateRefused } from './predicate-tokens.js';
import { parseViewDefinition } from './query-parse.js';
import { ViewQueryRenderer } from './view-query.js';
import { valueTypeOf, type SourceResolver, type ViewSource } from './view-types.js';

export type ViewPlan =
  | {
      readonly kind: 'create';
      readonly view: string;
      readonly target: ObjectTargetNames;
      readonly sql: string;
      readonly differences: readonly string[];
      /** Views of the selection it reads: created first. */
      readonly dependsOn: readonly string[];
    }
  | { readonly kind: 'export'; readonly view: string; readonly reason: string; readonly definition: string | null };

export interface ViewPlanInput {
  /** The selected views (those to plan), with their target names. */
  readonly views: readonly ViewModel[];
  readonly viewTargets: ReadonlyMap<string, ObjectTargetNames>;
  /** The selected tables and their target names. */
  readonly tables: readonly TableModel[];
  readonly tableNames: ReadonlyMap<string, TargetTableNames>;
  /** Every `schema.name` of the database's tables and views, selected or not (for precise reasons). */
  readonly allRelations: ReadonlySet<string>;
  readonly identifierStyle: IdentifierStyle;
  readonly mapping: TypeMappingOptions;
}

export function planViews(input: ViewPlanInput): Map<string, ViewPlan> {
  const lower = (s: string): string => s.toLowerCase();
  const tables = new Map(input.tables.map((t) => [lower(qualifiedName(t)), t]));
  const views = new Map(input.views.map((v) => [lower(objectName(v)), v]));
  const all = new Set([...input.allRelations].map(lower));
  const plans = new Map<string, ViewPlan>();
  const inProgress = new Set<string>();

  const tableSource = (t: TableModel): ViewSource => {
    const names = input.tableNames.get(qualifiedName(t))!;
    const facts = new TableColumns(t, names, input.mapping);
    return {
      key: qualifiedName(t),
      schema: t.schema,
      kind: 'table',
      target: { schema: names.schema, name: names.table },
      columns: t.columns.map((c) => {
        const f = facts.get(c.name)!;
        return { name: c.name, target: f.target, type: valueTypeOf(c, f.target, f.family) };
      }),
    };
  };
  const viewSource = (v: ViewModel): ViewSource => {
    const target = input.viewTargets.get(objectName(v))!;
    return {
      key: objectName(v),
      schema: v.schema,
      kind: 'view',
      target: { schema: target.schema, name: target.name },
      columns: v.columns.map((c) => ({ name: c.name, target: target.columns.get(c.name)!, type: valueTypeOf(c, target.columns.get(c.name)!) })),
    };
  };

  const plan = (v: ViewModel): ViewPlan => {
    const key = objectName(v);
    const done = plans.get(key);
    if (done !== undefined) return done;
    if (inProgress.has(key)) return exported(v, 'reads itself through other views (a cycle)');
    inProgress.add(key);
    const resolve: SourceResolver = (schema, name) => {
      const candidates = schema !== null ? [`${schema}.${name}`] : unqualifiedCandidates(v, name);
      const existing = candidates.filter((c) => tables.has(lower(c)) || views.has(lower(c)) || all.has(lower(c)));
      if (existing.length > 1) return { refused: `reads ${name} without a schema, which may be ${existing.join(' or ')}` };
      const found = existing[0] ?? candidates[0]!;
      const table = tables.get(lower(found));
      if (table !== undefined) return tableSource(table);
      const view = views.get(lower(found));
      if (view !== undefined) {
        const p = plan(view);
        if (p.kind === 'export') return { refused: `reads the view ${objectName(view)}, which is not created (${p.reason})` };
        return viewSource(view);
      }
      if (all.has(lower(found))) return { refused: `reads ${found}, which is not among the selected tables and views` };
      return { refused: `reads ${found}, which is not a table or view of this database (a synonym, a function or another database's object)` };
    };
    const result = translateView(v, input, resolve);
    inProgress.delete(key);
    plans.set(key, result);
    return result;
  };
  for (const v of input.views) plan(v);
  return plans;
}

/** An unqualified name in a view: the schema the catalog resolved it to, else the view's own schema, else dbo. */
function unqualifiedCandidates(v: ViewModel, name: string): string[] {
  const resolved = v.dependencies?.find((d) => !d.external && d.schema !== null && d.name.toLowerCase() === name.toLowerCase());
  if (resolved?.schema) return [`${resolved.schema}.${name}`];
  return [...new Set([`${v.schema}.${name}`, `dbo.${name}`])];
}

function exported(v: ViewModel, reason: string): ViewPlan {
  return { kind: 'export', view: objectName(v), reason, definition: v.definition };
}

function translateView(v: ViewModel, input: ViewPlanInput, resolve: SourceResolver): ViewPlan {
  if (v.definition === null) return exported(v, 'its definition cannot be read (WITH ENCRYPTION, or the login lacks VIEW DEFINITION)');
  if (v.columns.length === 0) return exported(v, 'the catalog lists no columns for it');
  if (!v.ansiNulls) return exported(v, 'it was created with SET ANSI_NULLS OFF (= NULL is true for NULLs there)');
  const external = v.dependencies?.find((d) => d.external);
  if (external !== undefined) return exported(v, `it reads ${external.name} from another database or server`);
  const target = input.viewTargets.get(objectName(v))!;
  try {
    const parsed = parseViewDefinition(v.definition, { quotedIdentifier: v.quotedIdentifier });
    if (parsed.checkOption) throw new PredicateRefused('uses WITH CHECK OPTION, which is not translated');
    const columnTypes = v.columns.map((c) => pgTypeOf(c));
    const r = new ViewQueryRenderer({ resolve, identifierStyle: input.identifierStyle, columnTypes });
    const rendered = r.renderView(parsed.query);
    if (rendered.outputs.length !== v.columns.length) {
      throw new PredicateRefused(
        `returns ${rendered.outputs.length} columns today, but the catalog lists ${v.columns.length} for the view ` +
          '(a table behind SELECT * changed since the view was created: run sp_refreshview on it)',
      );
    }
    const differences = [...r.differences].map((d) => `view ${target.schema}.${target.name}: ${d}`);
    if (v.indexed) {
      differences.unshift(`view ${target.schema}.${target.name}: an indexed view in SQL Server (stored and kept up to date); a plain view in PostgreSQL, computed at each read (use a materialized view by hand if reads must stay fast)`);
    }
    const columns = v.columns.map((c) => quotePgIdent(target.columns.get(c.name)!)).join(', ');
    const sql = `CREATE VIEW ${quotePgQualified(target.schema, target.name)} (${columns}) AS\n${rendered.sql}`;
    const dependsOn = [...r.reads].filter((k) => input.viewTargets.has(k));
    return { kind: 'create', view: objectName(v), target, sql, differences, dependsOn };
  } catch (err) {
    if (err instanceof PredicateRefused) return exported(v, `its definition ${err.reason}`);
    throw err;
  }
}

function pgTypeOf(c: ViewModel['columns'][number]): string | null {
  const row = findTypeMapRow(c.type);
  if (row === undefined) return null;
  return row.map({ ...c, aliasType: null, identity: null, computed: null, defaultDefinition: null }, { postgis: false }).pgType;
}
