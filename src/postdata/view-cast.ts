/**
 * CAST(x AS type) and CONVERT(type, x) without a style, translated only where PostgreSQL's
 * conversion gives the value SQL Server's does. Where they differ, the rule says why it refuses:
 * - decimal and float to an integer: SQL Server truncates, PostgreSQL rounds: written trunc().
 * - money to an integer rounds in SQL Server: refused. float to decimal: refused (the binary
 *   value's rounding is not specified the same way).
 * - a number to a string too short: SQL Server returns `*` (or fails), PostgreSQL cuts: only
 *   lengths that hold every value are translated. float, money, bit, dates and uuids print
 *   differently as text: refused, like strings to dates (SET DATEFORMAT).
 * - datetime to datetime2 or time: SQL Server shows datetime's exact 1/300 s (.0033333), the
 *   copy holds milliseconds (.003): refused; narrowing a time's fraction rounds: refused.
 * - nvarchar to varchar replaces characters outside the code page in SQL Server: listed.
 */
import type { ColumnModel } from '../catalog/model.js';
import { findTypeMapRow } from '../typemap/type-map.js';
import { PredicateRefused } from './predicate-tokens.js';
import type { PredicateNode, TypeSpec } from './sql-ast.js';
import type { Operand } from './translate-predicate.js';
import { characterLength, expressionType, familyOfSqlType, INTEGER_TYPES, type ExpressionContext, type ValueType } from './view-types.js';

const DIGITS: Readonly<Record<string, number>> = { tinyint: 3, smallint: 6, int: 11, bigint: 20 };
const EXACT = new Set(['decimal', 'numeric']);
const DATETIMES = new Set(['datetime', 'datetime2', 'smalldatetime']);

export function renderCast(r: ExpressionContext, n: Extract<PredicateNode, { k: 'cast' }>): Operand {
  if (n.style !== null) throw new PredicateRefused(`uses CONVERT with a style, which is not translated`);
  const target = targetType(n.type);
  const v = r.expression(n.operand);
  const source = r.typeOf(v);
  const sql = source === null ? `CAST(NULL AS ${target.pgType})` : conversion(r, v, source, target);
  return { sql, family: target.type.family, column: target.type };
}

interface Target {
  readonly type: ValueType;
  readonly pgType: string;
}

function targetType(spec: TypeSpec): Target {
  const row = findTypeMapRow(spec.name);
  if (row === undefined || spec.name === 'timestamp' || spec.name === 'rowversion') {
    throw new PredicateRefused(`converts to ${spec.name}, which is not translated`);
  }
  const [a, b] = spec.args;
  const max = a === 'max';
  const n = a === undefined || max ? null : Number(a);
  const unicode = spec.name.startsWith('n');
  const textual = familyOfSqlType(spec.name) === 'text';
  // T-SQL's defaults when no length is given: 30 characters in CAST, 1 in a declaration; (18,0) for decimal.
  const length = textual ? (max ? -1 : (n ?? 30) * (unicode ? 2 : 1)) : 0;
  const precision = EXACT.has(spec.name) ? (n ?? 18) : 0;
  const scale = EXACT.has(spec.name) ? Number(b ?? 0) : spec.name === 'datetime2' || spec.name === 'time' || spec.name === 'datetimeoffset' ? (n ?? 7) : 0;
  const column: ColumnModel = {
    name: 'cast', columnId: 0, type: spec.name, aliasType: null, maxLength: length, precision, scale, nullable: true,
    collation: null, identity: null, computed: null, defaultDefinition: null,
  };
  const pgType = row.map(column, { postgis: false }).pgType;
  return {
    pgType,
    type: expressionType(spec.name, {
      family: familyOfSqlType(spec.name),
      length: textual ? characterLength(spec.name, length) : null,
      padded: spec.name === 'char' || spec.name === 'nchar',
      precision,
      scale,
    }),
  };
}

function conversion(r: ExpressionContext, v: Operand, s: ValueType, t: Target): string {
  const to = t.type.sqlType;
  const cast = (sql: string): string => `CAST(${sql} AS ${t.pgType})`;
  const refuse = (why: string): never => {
    throw new PredicateRefused(`converts ${s.sqlType} to ${to}: ${why}`);
  };
  if (v.family === 'literal-string' && t.type.family !== 'text' && t.type.family !== 'number') {
    // A string becomes a date the way the column comparison rules read it (DATEFORMAT-neutral forms only).
    return cast(r.adaptTo(v, t.type));
  }
  switch (t.type.family) {
    case 'number':
      if (INTEGER_TYPES.has(to)) {
        if (to === 'tinyint' && s.sqlType !== 'tinyint' && s.sqlType !== 'bit') refuse('tinyint\'s range 0 to 255 is not enforced by smallint');
        if (s.sqlType === 'bit') return cast(`CAST(${v.sql} AS integer)`);
        if (INTEGER_TYPES.has(s.sqlType) || s.family === 'text' || (v.family === 'literal-number' && !/[.e]/i.test(v.sql))) return cast(v.sql);
        if (EXACT.has(s.sqlType) || s.sqlType === 'float' || s.sqlType === 'real' || v.family === 'literal-number') return cast(`trunc(${v.sql})`);
        return refuse('SQL Server rounds money to an integer where it truncates other numbers');
      }
      if (to === 'smallmoney') return refuse('smallmoney\'s range is not enforced by numeric(10,4)');
      if (s.sqlType === 'bit') return refuse('bit is a boolean in PostgreSQL');
      if (s.family === 'number' || s.family === 'text') {
        if ((EXACT.has(to) || to === 'money') && (s.sqlType === 'float' || s.sqlType === 'real')) return refuse('the rounding of a binary float to decimal digits differs');
        return cast(v.sql);
      }
      return refuse('not translated');
    case 'boolean':
      if (s.sqlType === 'bit') return v.sql;
      if (INTEGER_TYPES.has(s.sqlType)) return `(${v.sql} <> 0)`;
      return refuse('only integers become bit the same way');
    case 'text':
      return toText(r, v, s, t, cast, refuse);
    case 'temporal':
      if (s.family === 'text') return refuse('SQL Server reads a string as a date under SET DATEFORMAT and SET LANGUAGE');
      if (to === 'date' && (DATETIMES.has(s.sqlType) || s.sqlType === 'date')) return cast(v.sql);
      if (s.sqlType === to && (to === 'date' || t.type.scale >= s.scale)) return cast(v.sql);
      if ((to === 'datetime2' || to === 'datetime' || to === 'smalldatetime') && s.sqlType === 'date') return cast(v.sql);
      if ((to === 'datetime' || to === 'datetime2') && s.sqlType === 'smalldatetime') return cast(v.sql);
      if (to === 'time' && (s.sqlType === 'datetime2' || s.sqlType === 'smalldatetime') && t.type.scale >= s.scale) return cast(v.sql);
      return refuse('the value or its precision changes differently in the two databases');
    default:
      return refuse('not translated');
  }
}

function toText(r: ExpressionContext, v: Operand, s: ValueType, t: Target, cast: (sql: string) => string, refuse: (why: string) => never): string {
  const length = t.type.length;
  if (s.family === 'text') {
    if ((s.sqlType.startsWith('n') || s.sqlType === 'sysname') && !t.type.sqlType.startsWith('n') && v.family !== 'literal-string') {
      r.difference(`CAST of ${s.target} to ${t.type.sqlType}: SQL Server replaces characters outside the column's code page with '?', PostgreSQL keeps them`);
    }
    return cast(v.sql);
  }
  if (INTEGER_TYPES.has(s.sqlType) || (v.family === 'literal-number' && !/[.e]/i.test(v.sql))) {
    const digits = DIGITS[s.sqlType] ?? v.sql.length;
    if (length !== null && length < digits) return refuse(`a value may not fit ${length} characters (SQL Server returns * there)`);
    return cast(v.sql);
  }
  if (EXACT.has(s.sqlType) || (v.family === 'literal-number' && !/e/i.test(v.sql))) {
    const digits = v.family === 'literal-number' ? v.sql.length : s.precision + 2;
    if (length !== null && length < digits) return refuse(`a value may not fit ${length} characters`);
    return cast(v.sql);
  }
  return refuse('SQL Server formats it as text differently (float digits, money\'s 2 decimals, dates by style, bit as 0/1, uppercase GUIDs)');
}
