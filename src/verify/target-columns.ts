/**
 * The target table's columns as Postgres has them (type, base type of a domain, format_type),
 * and which of them have another type than stage 1 maps the source column to by default. Such a
 * column was changed on purpose (`--type-override`, or by hand); the values a narrower type
 * cannot hold are reported apart, "caused by the column's type", and accepted with
 * `--accept-override <type or schema.table.column>`.
 */
import type { ColumnModel, TableModel } from '../catalog/model.js';
import { qualifiedName } from '../catalog/model.js';
import { Mssql2pgError } from '../errors.js';
import type { TargetTableNames } from '../naming/index.js';
import type { Queryable } from '../postgres/queryable.js';
import { mapColumnType } from '../typemap/index.js';

export interface TargetColumn {
  readonly name: string;
  /** pg_type.typname of the column's type, or of a domain's base type (`int4`, `numeric`, `float4`, `bpchar`, …). */
  readonly baseType: string;
  /** format_type(): `numeric(19,2)`, `character varying(50)`, … */
  readonly formatted: string;
}

export interface TypeChange {
  /** format_type() of the default mapping, or null when there is none (a CLR user type). */
  readonly expected: string | null;
  readonly actual: string;
  /** What `--accept-override` may name to accept its differences, lower-cased: the SQL Server type, alias type, or `schema.table.column`. */
  readonly acceptKeys: readonly string[];
}

export async function readTargetColumns(db: Queryable, quotedTable: string): Promise<Map<string, TargetColumn>> {
  const r = await db.query<{ name: string; base_type: string; formatted: string }>(
    `SELECT a.attname AS name, coalesce(bt.typname, t.typname) AS base_type, format_type(a.atttypid, a.atttypmod) AS formatted
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype AND t.typtype = 'd'
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
    [quotedTable],
  );
  return new Map(r.rows.map((row) => [row.name, { name: row.name, baseType: row.base_type, formatted: row.formatted }]));
}

/** The target column of each source column, in the order given; a missing one is an error naming it. */
export function targetColumnsOf(table: TableModel, names: TargetTableNames, found: ReadonlyMap<string, TargetColumn>, quotedTable: string): TargetColumn[] {
  return table.columns.map((c) => {
    const name = names.columns.get(c.name) ?? c.name;
    const column = found.get(name);
    if (column === undefined) {
      throw new Mssql2pgError(`target table ${quotedTable} has no column ${name} for source column ${qualifiedName(table)}.${c.name}: run \`mssql2pg replicate schema\` for it`);
    }
    return column;
  });
}

/** stage 1's own spellings of its types, as format_type() prints them. */
export function formatTypeOf(pgType: string): string {
  const t = pgType.trim().toLowerCase().replace(/\s+/g, ' ');
  const withN = /^(\w+)\((\d+)\)$/.exec(t);
  if (withN) {
    const [, base, n] = withN;
    if (base === 'varchar') return `character varying(${n})`;
    if (base === 'char') return `character(${n})`;
    if (base === 'timestamp') return `timestamp(${n}) without time zone`;
    if (base === 'timestamptz') return `timestamp(${n}) with time zone`;
    if (base === 'time') return `time(${n}) without time zone`;
  }
  if (t === 'int') return 'integer';
  return t.replace(/^numeric\((\d+),\s*(\d+)\)$/, 'numeric($1,$2)');
}

export function typeChangeOf(table: TableModel, column: ColumnModel, actual: TargetColumn, postgis: boolean): TypeChange | null {
  let expected: string | null;
  try {
    expected = formatTypeOf(mapColumnType(table, column, { overrides: { byType: {}, byColumn: {} }, postgis }).pgType);
  } catch {
    expected = null; // no default mapping: the type was an override from the start
  }
  // Postgres identities are integers: stage 1 makes a decimal(p,0) identity a bigint (src/ddl/identity.ts).
  if (column.identity !== null && expected?.startsWith('numeric(') === true) expected = 'bigint';
  if (expected === actual.formatted) return null;
  const keys = [column.type, column.aliasType, `${qualifiedName(table)}.${column.name}`].filter((k): k is string => k !== null);
  return { expected, actual: actual.formatted, acceptKeys: keys.map((k) => k.toLowerCase()) };
}
