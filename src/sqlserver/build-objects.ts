/**
 * The pure half of reading the objects beyond tables: the unjoined rows of the object queries →
 * DatabaseObjects. Joined by object_id here, checked for the duplicates some engines return,
 * tested with fixture rows of the exact shape SQL Server returns.
 */
import {
  objectName,
  type DatabaseObjects,
  type RoutineModel,
  type SequenceModel,
  type UnavailableRead,
  type ViewColumnModel,
  type ViewDependency,
  type ViewModel,
} from '../catalog/objects.js';
import { Mssql2pgError } from '../errors.js';
import { groupBy } from './build-constraints.js';
import { resolveColumnType } from './build-columns.js';
import { uniqueBy, type ColumnLookups } from './column-lookups.js';
import type { DependencyRow, InformationSchemaSequenceRow, ObjectRows, RoutineRow, SequenceRow, SqlModuleRow } from './object-rows.js';

/** What each unanswered read means, for the summary and the assess report. */
const CONSEQUENCES: Readonly<Record<string, string>> = {
  'sys.sequences': 'the sequences\' current values are unknown: their values cannot be set after the data (set them by hand)',
  'INFORMATION_SCHEMA.SEQUENCES': 'sequences could not be read at all: none is created',
  'sys.views': 'views could not be read: none is created or listed',
  'sys.columns': 'the views\' columns could not be read: no view is translated',
  'sys.sql_modules': 'no view, procedure, function or trigger definition could be read: views are not translated, routines are exported without their text',
  'sys.sql_expression_dependencies': 'view dependencies come from the names the translator parses instead',
  'sys.procedures': 'procedures could not be read: none is listed or exported',
  'sys.objects': 'functions could not be read: none is listed or exported',
  'sys.triggers': 'triggers could not be read: none is listed or exported',
  'sys.synonyms': 'synonyms could not be read: none is listed or exported',
};

export function buildObjects(rows: ObjectRows): DatabaseObjects {
  const modules = rows.modules === null ? new Map<number, SqlModuleRow>() : uniqueBy(rows.modules, (r) => r.object_id, (r, n) =>
    `The catalog returned ${n} rows for module ${r.object_id} in sys.sql_modules (query modules)`,
  );
  const unavailable: UnavailableRead[] = rows.failures.map((f) => ({
    view: f.view,
    consequence: CONSEQUENCES[f.view] ?? 'not read',
    error: f.error,
  }));
  const views = buildViews(rows, modules);
  // An engine without a dependency catalog may return an empty one rather than fail.
  if (rows.dependencies !== null && rows.dependencies.length === 0 && views.length > 0) {
    unavailable.push({
      view: 'sys.sql_expression_dependencies',
      consequence: CONSEQUENCES['sys.sql_expression_dependencies']!,
      error: 'it returned no rows although the database has views',
    });
  }
  return {
    sequences: buildSequences(rows),
    views,
    routines: buildRoutines(rows, modules),
    synonyms: (rows.synonyms ?? []).map((r) => ({ schema: r.schema_name, name: r.synonym_name, objectId: r.object_id, baseObject: r.base_object_name }))
      .sort(byName),
    unavailable,
  };
}

function buildViews(rows: ObjectRows, modules: ReadonlyMap<number, SqlModuleRow>): ViewModel[] {
  if (rows.views === null) return [];
  uniqueBy(rows.views, (r) => r.object_id, (r, n) => `The catalog returned ${n} rows for view ${r.schema_name}.${r.view_name} in sys.views (query views)`);
  const viewIds = new Set(rows.views.map((v) => v.object_id));
  const columns = (rows.objectColumns ?? []).filter((c) => viewIds.has(c.object_id));
  uniqueBy(columns, (r) => `${r.object_id}:${r.column_id}`, (r, n) =>
    `The catalog returned ${n} rows for column ${r.column_id} of view ${r.object_id} in sys.columns (query objectColumns)`,
  );
  const columnsByView = groupBy(columns, (c) => c.object_id);
  const dependenciesKnown = rows.dependencies !== null && rows.dependencies.length > 0;
  const dependenciesByView = groupBy((rows.dependencies ?? []).filter((d) => d.referencing_minor_id === 0), (d) => d.referencing_id);
  const lookups: Pick<ColumnLookups, 'typeById'> = {
    typeById: uniqueBy(rows.types, (r) => r.user_type_id, (r, n) => `The catalog returned ${n} rows for type id ${r.user_type_id} in sys.types (query types)`),
  };
  return rows.views
    .map((v): ViewModel => {
      const name = objectName({ schema: v.schema_name, name: v.view_name });
      const module = modules.get(v.object_id);
      return {
        schema: v.schema_name,
        name: v.view_name,
        objectId: v.object_id,
        definition: module?.definition ?? null,
        columns: (columnsByView.get(v.object_id) ?? [])
          .map((c): ViewColumnModel => {
            const { type } = resolveColumnType(`view ${name}`, c, lookups);
            return {
              name: c.column_name,
              columnId: c.column_id,
              type,
              maxLength: c.max_length,
              precision: c.precision,
              scale: c.scale,
              collation: c.collation_name,
              nullable: c.is_nullable,
            };
          })
          .sort((a, b) => a.columnId - b.columnId),
        dependencies: dependenciesKnown ? viewDependencies(dependenciesByView.get(v.object_id) ?? []) : null,
        schemaBound: module?.is_schema_bound ?? false,
        checkOption: v.with_check_option,
        // Known from sys.indexes, which only the inventory reads (markIndexedViews).
        indexed: false,
        quotedIdentifier: module?.uses_quoted_identifier ?? true,
        ansiNulls: module?.uses_ansi_nulls ?? true,
      };
    })
    .sort(byName);
}

/** One entry per referenced object (the catalog also lists the columns of schema-bound references). */
function viewDependencies(rows: readonly DependencyRow[]): ViewDependency[] {
  const seen = new Map<string, ViewDependency>();
  for (const d of rows) {
    const schema = d.referenced_schema_name ?? d.resolved_schema_name;
    const external = d.referenced_server_name !== null || d.referenced_database_name !== null;
    const key = `${external ? `${d.referenced_server_name ?? ''}.${d.referenced_database_name ?? ''}.` : ''}${schema ?? ''}.${d.referenced_entity_name}`.toLowerCase();
    if (!seen.has(key)) seen.set(key, { schema, name: d.referenced_entity_name, external });
  }
  return [...seen.values()];
}

function buildSequences(rows: ObjectRows): SequenceModel[] {
  const s = rows.sequences;
  if (s === null) return [];
  if ('rows' in s) {
    uniqueBy(s.rows, (r) => r.object_id, (r, n) => `The catalog returned ${n} rows for sequence ${r.schema_name}.${r.sequence_name} in sys.sequences (query sequences)`);
    return s.rows.map(fromSysSequences).sort(byName);
  }
  return s.fallback.map(fromInformationSchema).sort(byName);
}

function fromSysSequences(r: SequenceRow): SequenceModel {
  const type = r.type_name.toLowerCase();
  const range = typeRange(type, r.precision, `${r.schema_name}.${r.sequence_name}`);
  return {
    schema: r.schema_name,
    name: r.sequence_name,
    objectId: r.object_id,
    type,
    precision: r.precision,
    start: r.start_value,
    increment: r.increment,
    minimum: r.minimum_value ?? range.min,
    maximum: r.maximum_value ?? range.max,
    cycle: r.is_cycling,
    cache: !r.is_cached ? { kind: 'none' } : r.cache_size === null ? { kind: 'default' } : { kind: 'size', size: r.cache_size },
    state: {
      known: true,
      current: r.current_value,
      // The 2016 query has no last_used_value: a current value equal to the start is then ambiguous.
      used: r.last_used_value === undefined ? null : r.last_used_value !== null,
      exhausted: r.is_exhausted,
    },
  };
}

function fromInformationSchema(r: InformationSchemaSequenceRow): SequenceModel {
  const type = r.type_name.toLowerCase();
  const precision = r.precision ?? 0;
  const range = typeRange(type, precision, `${r.schema_name}.${r.sequence_name}`);
  return {
    schema: r.schema_name,
    name: r.sequence_name,
    objectId: 0,
    type,
    precision,
    start: r.start_value,
    increment: r.increment,
    minimum: r.minimum_value ?? range.min,
    maximum: r.maximum_value ?? range.max,
    cycle: r.cycle_option === 1,
    cache: { kind: 'unknown' },
    state: {
      known: false,
      reason:
        'the source engine has no sys.sequences, and INFORMATION_SCHEMA.SEQUENCES has no current value (on Babelfish, ' +
        'read it from the sequence in its PostgreSQL database)',
    },
  };
}

/** The values a sequence of this type can take (its default MINVALUE and MAXVALUE). */
export function typeRange(type: string, precision: number, sequence: string): { min: string; max: string } {
  switch (type) {
    case 'tinyint':
      return { min: '0', max: '255' };
    case 'smallint':
      return { min: '-32768', max: '32767' };
    case 'int':
      return { min: '-2147483648', max: '2147483647' };
    case 'bigint':
      return { min: '-9223372036854775808', max: '9223372036854775807' };
    case 'decimal':
    case 'numeric': {
      const nines = '9'.repeat(Math.max(1, precision));
      return { min: `-${nines}`, max: nines };
    }
    default:
      throw new Mssql2pgError(`Sequence ${sequence} has the type ${type}, which a SQL Server sequence cannot have (query sequences)`);
  }
}

function buildRoutines(rows: ObjectRows, modules: ReadonlyMap<number, SqlModuleRow>): RoutineModel[] {
  const routine = (kind: 'procedure' | 'function') => (r: RoutineRow): RoutineModel => ({
    kind,
    schema: r.schema_name,
    name: r.object_name,
    objectId: r.object_id,
    type: r.type.trim(),
    definition: modules.get(r.object_id)?.definition ?? null,
    parent: null,
    disabled: false,
    insteadOf: false,
  });
  const triggers = (rows.triggers ?? []).map((t): RoutineModel => ({
    kind: 'trigger',
    schema: t.parent_class === 0 ? null : t.schema_name,
    name: t.trigger_name,
    objectId: t.object_id,
    type: t.type.trim(),
    definition: modules.get(t.object_id)?.definition ?? null,
    parent: t.parent_class === 1 && t.parent_schema !== null && t.parent_name !== null ? { schema: t.parent_schema, name: t.parent_name } : null,
    disabled: t.is_disabled,
    insteadOf: t.is_instead_of_trigger,
  }));
  const all = [...(rows.procedures ?? []).map(routine('procedure')), ...(rows.functions ?? []).map(routine('function')), ...triggers];
  uniqueBy(all, (r) => r.objectId, (r, n) => `The catalog returned ${n} rows for ${r.kind} ${r.schema ?? ''}.${r.name} (object ${r.objectId})`);
  return all.sort((a, b) => (a.kind === b.kind ? byName(a, b) : a.kind < b.kind ? -1 : 1));
}

/** `schema.name` case-insensitively, then exactly: the order every run lists objects in. */
function byName(a: { readonly schema: string | null; readonly name: string }, b: { readonly schema: string | null; readonly name: string }): number {
  const ka = `${a.schema ?? ''}.${a.name}`;
  const kb = `${b.schema ?? ''}.${b.name}`;
  const fa = ka.toLowerCase();
  const fb = kb.toLowerCase();
  if (fa !== fb) return fa < fb ? -1 : 1;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
