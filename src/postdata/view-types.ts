/**
 * What the view translator knows about a value: the column facts the predicate translator uses
 * (family, SQL Server type, collation) plus what expressions need (length, padding, precision
 * and scale), and the relations a view may read. Pure.
 */
import type { ColumnModel } from '../catalog/model.js';
import { PredicateRefused } from './predicate-tokens.js';
import type { PredicateNode } from './sql-ast.js';
import type { ColumnFamily, Operand, PredicateColumn } from './translate-predicate.js';

export interface ValueType extends PredicateColumn {
  /** Characters a text value holds at most; null for (max), text, and non-text values. */
  readonly length: number | null;
  /** char(n) / nchar(n): SQL Server keeps the padding when concatenating, PostgreSQL's bpchar drops it. */
  readonly padded: boolean;
  readonly precision: number;
  readonly scale: number;
}

/** A column a view can read: its source name, its target name, its type. */
export interface SourceColumn {
  readonly name: string;
  readonly target: string;
  readonly type: ValueType;
}

/** A relation a view may read from: a selected table or an earlier-planned view. */
export interface ViewSource {
  /** `schema.name` in the source. */
  readonly key: string;
  /** Its schema in the source (for `schema.table.column` references). */
  readonly schema: string;
  readonly kind: 'table' | 'view';
  readonly target: { readonly schema: string; readonly name: string };
  readonly columns: readonly SourceColumn[];
}

/** Finds what a (one- or two-part) name in a view's FROM refers to, or why it cannot be used. */
export type SourceResolver = (schema: string | null, name: string) => ViewSource | { readonly refused: string };

const TEXT_TYPES = new Set(['char', 'varchar', 'nchar', 'nvarchar', 'text', 'ntext', 'sysname']);
const NUMBER_TYPES = new Set(['tinyint', 'smallint', 'int', 'bigint', 'decimal', 'numeric', 'money', 'smallmoney', 'real', 'float']);
const TEMPORAL_TYPES = new Set(['date', 'time', 'datetime', 'datetime2', 'smalldatetime', 'datetimeoffset']);
export const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'int', 'bigint']);

/** The family a SQL Server type belongs to, when no PostgreSQL type says otherwise. */
export function familyOfSqlType(sqlType: string): ColumnFamily {
  if (sqlType === 'bit') return 'boolean';
  if (NUMBER_TYPES.has(sqlType)) return 'number';
  if (TEXT_TYPES.has(sqlType)) return 'text';
  if (TEMPORAL_TYPES.has(sqlType)) return 'temporal';
  if (sqlType === 'uniqueidentifier') return 'uuid';
  return 'other';
}

/** sys.columns' max_length in characters for text types (bytes for n-types are halved); null for (max). */
export function characterLength(sqlType: string, maxLength: number): number | null {
  if (!TEXT_TYPES.has(sqlType) || maxLength < 0 || sqlType === 'text' || sqlType === 'ntext') return null;
  return sqlType.startsWith('n') || sqlType === 'sysname' ? maxLength / 2 : maxLength;
}

/** A column's value type; `family` from its PostgreSQL type when known (a type override decides). */
export function valueTypeOf(column: Pick<ColumnModel, 'type' | 'maxLength' | 'precision' | 'scale' | 'collation'>, target: string, family?: ColumnFamily): ValueType {
  return {
    target,
    family: family ?? familyOfSqlType(column.type),
    collation: column.collation,
    sqlType: column.type,
    length: characterLength(column.type, column.maxLength),
    padded: column.type === 'char' || column.type === 'nchar',
    precision: column.precision,
    scale: column.scale,
  };
}

/** The type of a computed value, described (not a column) in messages. */
export function expressionType(sqlType: string, o: Partial<Omit<ValueType, 'sqlType'>> = {}): ValueType {
  return {
    target: o.target ?? 'an expression',
    family: o.family ?? familyOfSqlType(sqlType),
    collation: o.collation ?? null,
    sqlType,
    length: o.length ?? null,
    padded: o.padded ?? false,
    precision: o.precision ?? 0,
    scale: o.scale ?? 0,
  };
}

/** Numeric types by SQL Server's precedence (highest last): the type of a mixed result. */
export const NUMERIC_PRECEDENCE = ['tinyint', 'smallint', 'int', 'bigint', 'decimal', 'numeric', 'smallmoney', 'money', 'real', 'float'];

/**
 * What the cast and function rules (view-cast.ts, view-functions.ts) need from the expression
 * renderer: rendering and typing values, the shared comparison rules, and listing differences.
 */
export interface ExpressionContext {
  expression(n: PredicateNode): Operand;
  typeOf(v: Operand): ValueType | null;
  /** A literal rendered for use beside a value of type `other`, as a comparison would. */
  adaptTo(v: Operand, other: ValueType, op?: string): string;
  /** Notes (and checks) what comparing two typed values means. */
  compared(a: ValueType, b: ValueType, op: string): void;
  difference(text: string): void;
  noteGrouping(type: ValueType | null, what: string): void;
}

/** The type several values (CASE branches, COALESCE arguments) share, or a refusal when their families differ. */
export function commonType(types: readonly (ValueType | null)[]): ValueType | null {
  const known = types.filter((t): t is ValueType => t !== null);
  const first = known[0];
  if (first === undefined) return null;
  for (const t of known) {
    if (t.family !== first.family || t.family === 'other') {
      throw new PredicateRefused(`mixes ${describeType(first)} and ${describeType(t)} values (SQL Server converts them to one type by its precedence rules)`);
    }
  }
  if (first.family !== 'number') {
    const length = known.every((t) => t.length !== null) ? Math.max(...known.map((t) => t.length!)) : null;
    return { ...first, length };
  }
  return known.reduce((a, b) => (NUMERIC_PRECEDENCE.indexOf(b.sqlType) > NUMERIC_PRECEDENCE.indexOf(a.sqlType) ? b : a));
}

export function describeType(t: ValueType): string {
  return t.target === 'an expression' ? `a ${t.sqlType} value` : `${t.target} (${t.sqlType})`;
}
