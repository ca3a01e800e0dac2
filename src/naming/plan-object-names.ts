/**
 * Target names for sequences and views, by the same rules as tables (schema map, identifier
 * style, 63 bytes). Tables, views and sequences share one namespace per schema in PostgreSQL
 * (pg_class), so a view or sequence that would land on a table's name, or on each other's, stops
 * the run before anything is touched, naming both.
 */
import type { NamingConfig } from '../config/types.js';
import { NameCollisionError } from '../errors.js';
import { applyIdentifierStyle } from './identifier-style.js';
import { PG_MAX_IDENTIFIER_BYTES, type TargetTableNames } from './plan-target-names.js';
import { targetSchemaFor } from './target-schema.js';

export interface NamedObject {
  /** `view`, `sequence`: how messages name it. */
  readonly kind: string;
  readonly schema: string;
  readonly name: string;
  /** A view's columns, in order. */
  readonly columns?: readonly string[];
}

export interface ObjectTargetNames {
  readonly schema: string;
  readonly name: string;
  /** Source column name → target column name (views). */
  readonly columns: ReadonlyMap<string, string>;
}

const FIX = 'Use --identifier-style preserve, map one schema elsewhere with a schema map, or exclude one of them.';

function check(what: string, target: string): void {
  const bytes = Buffer.byteLength(target, 'utf8');
  if (bytes > PG_MAX_IDENTIFIER_BYTES) {
    throw new NameCollisionError(`${what} becomes "${target}", which is ${bytes} bytes in UTF-8; PostgreSQL identifiers are limited to ${PG_MAX_IDENTIFIER_BYTES} bytes. ${FIX}`);
  }
  if (target.length === 0) throw new NameCollisionError(`${what} becomes an empty PostgreSQL identifier. ${FIX}`);
}

/** Keyed by `schema.name` of the source object. */
export function planObjectNames(
  objects: readonly NamedObject[],
  tables: ReadonlyMap<string, TargetTableNames>,
  naming: NamingConfig,
): Map<string, ObjectTargetNames> {
  const taken = new Map<string, string>();
  for (const [source, t] of tables) taken.set(JSON.stringify([t.schema, t.table]), `table ${source}`);
  const planned = new Map<string, ObjectTargetNames>();
  for (const o of objects) {
    const source = `${o.schema}.${o.name}`;
    const schema = targetSchemaFor(o.schema, naming);
    const name = applyIdentifierStyle(o.name, naming.identifierStyle);
    check(`Schema of ${o.kind} ${source}`, schema);
    check(`${o.kind} ${source}`, name);
    const key = JSON.stringify([schema, name]);
    const earlier = taken.get(key);
    if (earlier !== undefined) {
      throw new NameCollisionError(`The ${earlier} and the ${o.kind} ${source} both become "${schema}"."${name}" in PostgreSQL. ${FIX}`);
    }
    taken.set(key, `${o.kind} ${source}`);
    planned.set(source, { schema, name, columns: planColumns(o, source, naming) });
  }
  return planned;
}

function planColumns(o: NamedObject, source: string, naming: NamingConfig): ReadonlyMap<string, string> {
  const columns = new Map<string, string>();
  const byTarget = new Map<string, string>();
  for (const c of o.columns ?? []) {
    const target = applyIdentifierStyle(c, naming.identifierStyle);
    check(`Column ${source}.${c}`, target);
    const earlier = byTarget.get(target);
    if (earlier !== undefined) {
      throw new NameCollisionError(`Columns ${source}.${earlier} and ${source}.${c} both become column "${target}" in PostgreSQL. ${FIX}`);
    }
    byTarget.set(target, c);
    columns.set(c, target);
  }
  return columns;
}
