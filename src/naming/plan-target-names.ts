/**
 * Target names for every table and column, decided once for the whole run so that two source
 * objects can never silently land on the same Postgres object.
 */
import { qualifiedName, type TableModel } from '../catalog/model.js';
import type { NamingConfig } from '../config/types.js';
import { NameCollisionError } from '../errors.js';
import { applyIdentifierStyle } from './identifier-style.js';
import { targetSchemaFor } from './target-schema.js';

export interface TargetTableNames {
  readonly schema: string;
  readonly table: string;
  /** Source column name → target column name. */
  readonly columns: ReadonlyMap<string, string>;
}

/**
 * NAMEDATALEN - 1. Postgres silently truncates longer identifiers, which can make two
 * distinct names collide, so we refuse them instead.
 */
export const PG_MAX_IDENTIFIER_BYTES = 63;

const COLLISION_FIX =
  'Use --identifier-style preserve, map one schema elsewhere with a schema map, or exclude one of them.';

function checkLength(kind: string, source: string, target: string): void {
  const bytes = Buffer.byteLength(target, 'utf8');
  if (bytes > PG_MAX_IDENTIFIER_BYTES) {
    throw new NameCollisionError(
      `${kind} ${source} becomes "${target}", which is ${bytes} bytes in UTF-8; PostgreSQL identifiers ` +
        `are limited to ${PG_MAX_IDENTIFIER_BYTES} bytes and longer ones are truncated silently (and may collide). ` +
        'Rename it at the source, map the schema with a schema map, override it, or exclude the table.',
    );
  }
  if (target.length === 0) {
    throw new NameCollisionError(`${kind} ${source} becomes an empty PostgreSQL identifier. ${COLLISION_FIX}`);
  }
}

function planColumns(table: TableModel, naming: NamingConfig): ReadonlyMap<string, string> {
  const columns = new Map<string, string>();
  const sourceByTarget = new Map<string, string>();
  for (const column of table.columns) {
    const target = applyIdentifierStyle(column.name, naming.identifierStyle);
    const source = `${qualifiedName(table)}.${column.name}`;
    checkLength('Column', source, target);
    const earlier = sourceByTarget.get(target);
    if (earlier !== undefined) {
      throw new NameCollisionError(
        `Columns ${earlier} and ${source} both become column "${target}" in PostgreSQL ` +
          `(identifier style ${naming.identifierStyle}). Use --identifier-style preserve or exclude the table.`,
      );
    }
    sourceByTarget.set(target, source);
    columns.set(column.name, target);
  }
  return columns;
}

export function planTargetNames(
  tables: readonly TableModel[],
  naming: NamingConfig,
): Map<string, TargetTableNames> {
  const planned = new Map<string, TargetTableNames>();
  // Keyed on exact text: quoted Postgres identifiers are case-sensitive.
  const sourceByTarget = new Map<string, string>();
  for (const table of tables) {
    const source = qualifiedName(table);
    const schema = targetSchemaFor(table.schema, naming);
    const name = applyIdentifierStyle(table.name, naming.identifierStyle);
    checkLength('Schema of table', source, schema);
    checkLength('Table', source, name);
    const targetKey = JSON.stringify([schema, name]);
    const earlier = sourceByTarget.get(targetKey);
    if (earlier !== undefined) {
      throw new NameCollisionError(
        `Tables ${earlier} and ${source} both become "${schema}"."${name}" in PostgreSQL ` +
          `(identifier style ${naming.identifierStyle}${naming.targetSchema !== null ? `, target schema ${naming.targetSchema}` : ''}). ${COLLISION_FIX}`,
      );
    }
    sourceByTarget.set(targetKey, source);
    planned.set(source, { schema, table: name, columns: planColumns(table, naming) });
  }
  return planned;
}
