/**
 * CREATE TABLE for one source table: columns in column_id order, types from the type map,
 * NOT NULL, translated defaults, identities, and (only with `primaryKey`, i.e.
 * `replicate schema --primary-keys`) the primary key. Keys, indexes, unique constraints,
 * foreign keys and checks otherwise belong to stage 3 (`replicate constraints`): COPY into a
 * bare table and ADD PRIMARY KEY afterwards is faster than loading through the key's index.
 */
import { qualifiedName, type ColumnModel, type TableModel } from '../catalog/model.js';
import { Mssql2pgError } from '../errors.js';
import type { TargetTableNames } from '../naming/plan-target-names.js';
import { mapColumnType, type TypeMappingOptions } from '../typemap/map-column.js';
import { describeNarrowing } from '../typemap/narrowing.js';
import { planIdentity } from './identity.js';
import { quotePgIdent, quotePgQualified } from './quote.js';
import { translateDefault, type SequenceResolver } from './translate-default.js';

export interface TableDdlColumn {
  readonly source: string;
  readonly target: string;
  readonly pgType: string;
}

export interface TableDdl {
  /** `"schema"."table"`, quoted. */
  readonly qualifiedTarget: string;
  readonly statements: string[];
  /** Each prefixed with the source `schema.table.column`. */
  readonly warnings: string[];
  readonly columns: TableDdlColumn[];
}

interface ColumnDefinition {
  readonly sql: string;
  readonly pgType: string;
  readonly warnings: string[];
}

function targetColumnName(table: TableModel, names: TargetTableNames, sourceColumn: string): string {
  const target = names.columns.get(sourceColumn);
  if (target === undefined) {
    throw new Mssql2pgError(`Table ${qualifiedName(table)}: no target name planned for column ${sourceColumn}.`);
  }
  return target;
}

export interface CreateTableOptions {
  /** Create the primary key with the table (`--primary-keys`); otherwise stage 3 adds it. */
  readonly primaryKey: boolean;
  /**
   * The sequences a `NEXT VALUE FOR` default may name, with the CREATE SEQUENCE IF NOT EXISTS
   * that goes before the table (the sequence's own unit may be in another batch window).
   */
  readonly sequences?: (schema: string | null, name: string) => { readonly qualifiedTarget: string; readonly createSql: string } | { readonly missing: string };
}

function buildColumnDefinition(
  table: TableModel,
  column: ColumnModel,
  target: string,
  options: TypeMappingOptions,
  inPrimaryKey: boolean,
  sequence: SequenceResolver,
): ColumnDefinition {
  const label = `${qualifiedName(table)}.${column.name}`;
  const mapping = mapColumnType(table, column, options);
  const warnings = [...mapping.notes];
  let pgType = mapping.pgType;
  const parts: string[] = [];
  if (column.computed !== null) {
    // We copy the computed values; Postgres generated columns cannot take copied values
    // and T-SQL expressions do not translate reliably.
    warnings.push(`computed column (definition ${column.computed.definition}) created as a plain column`);
  }
  if (column.identity !== null) {
    const identity = planIdentity(label, column.identity, pgType, mapping.origin === 'map');
    pgType = identity.pgType;
    warnings.push(...identity.warnings);
    if (identity.clause !== null) parts.push(identity.clause);
  } else if (column.defaultDefinition !== null) {
    const translated = translateDefault(column.defaultDefinition, pgType, { sequence });
    if ('warning' in translated) warnings.push(translated.warning);
    else if (translated.sql !== null) parts.push(`DEFAULT ${translated.sql}`);
  }
  // The user chose the override; say what it gives up, so verify's differences are no surprise.
  if (mapping.origin !== 'map') {
    const narrowing = describeNarrowing(column, pgType);
    if (narrowing !== null) {
      const key = mapping.origin === 'column-override' ? label : column.aliasType ?? column.type;
      warnings.push(`type override ${key} → ${pgType} narrows the column: ${narrowing}; verify reports such values as caused by the column's type (accept them with --accept-override ${key})`);
    }
  }
  // Primary-key columns stay NOT NULL in stage 1 even when the key itself waits for stage 3.
  if (!column.nullable || inPrimaryKey) parts.unshift('NOT NULL');
  const sql = [quotePgIdent(target), pgType, ...parts].join(' ');
  return { sql, pgType, warnings: warnings.map((w) => `${label}: ${w}`) };
}

export function buildCreateTable(
  table: TableModel,
  names: TargetTableNames,
  mapping: TypeMappingOptions,
  options: CreateTableOptions = { primaryKey: false },
): TableDdl {
  const qualifiedTarget = quotePgQualified(names.schema, names.table);
  const ordered = [...table.columns].sort((a, b) => a.columnId - b.columnId);
  const lines: string[] = [];
  const warnings: string[] = [];
  const columns: TableDdlColumn[] = [];
  const sequenceStatements = new Set<string>();
  const sequence: SequenceResolver = (schema, name) => {
    // An unqualified name in a default resolves in the table's own schema.
    const found = options.sequences?.(schema ?? table.schema, name) ?? { missing: 'the sequences were not read' };
    if ('createSql' in found) sequenceStatements.add(found.createSql);
    return found;
  };
  for (const column of ordered) {
    const target = targetColumnName(table, names, column.name);
    const inPrimaryKey = table.primaryKey?.columns.includes(column.name) ?? false;
    const definition = buildColumnDefinition(table, column, target, mapping, inPrimaryKey, sequence);
    lines.push(definition.sql);
    warnings.push(...definition.warnings);
    columns.push({ source: column.name, target, pgType: definition.pgType });
  }
  if (table.primaryKey !== null && options.primaryKey) {
    // Unnamed on purpose: Postgres then names it `<table>_pkey`, truncated to 63 bytes and made
    // unique within the schema by itself. SQL Server's (often generated) PK names are unique
    // per database, while Postgres index names share the schema's namespace with tables.
    const keyColumns = table.primaryKey.columns.map((c) => quotePgIdent(targetColumnName(table, names, c)));
    lines.push(`PRIMARY KEY (${keyColumns.join(', ')})`);
  }
  const statement = `CREATE TABLE ${qualifiedTarget} (\n${lines.map((l) => `  ${l}`).join(',\n')}\n)`;
  return { qualifiedTarget, statements: [...sequenceStatements, statement], warnings, columns };
}
