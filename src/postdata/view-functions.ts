/**
 * The T-SQL functions a translated view may call, each written so PostgreSQL returns what SQL
 * Server returns, type included where it decides the value:
 * - ISNULL(a, b) → COALESCE(a, b) when b fits a's type (ISNULL converts b to a's type, cutting a
 *   string to a's length and truncating 1.5 into an int column); COALESCE and NULLIF as they are.
 * - GETDATE(), SYSDATETIME(), CURRENT_TIMESTAMP → LOCALTIMESTAMP (listed: SQL Server's machine
 *   clock vs the PostgreSQL session's TimeZone); GETUTCDATE(), SYSUTCDATETIME() → now() at UTC.
 * - LEN(s) → length(rtrim(s, ' ')): LEN ignores trailing spaces.
 * - YEAR/MONTH/DAY and DATEPART(part, d) → EXTRACT(...)::integer; not on datetimeoffset (SQL
 *   Server takes the parts in the value's own offset, PostgreSQL in the session time zone), not
 *   week or weekday (SET DATEFIRST).
 * - COUNT(...) → count(...)::integer (COUNT is int in T-SQL), COUNT_BIG → count; SUM in T-SQL's
 *   result type (int for int, decimal(38,s) for decimal(p,s), float for real); AVG of integers
 *   is an integer division in T-SQL: (sum / count) in the integer type; AVG of decimal or money
 *   has a different scale: refused. MIN/MAX on text or uuid are listed (their order differs).
 */
import { PredicateRefused } from './predicate-tokens.js';
import type { PredicateNode } from './sql-ast.js';
import { isBinaryCollation, type Operand } from './translate-predicate.js';
import { commonType, describeType, expressionType, INTEGER_TYPES, type ExpressionContext, type ValueType } from './view-types.js';

type CallNode = Extract<PredicateNode, { k: 'call' | 'datepart' }>;

const TIME_ZONE_DIFFERENCE =
  'uses the local time: SQL Server takes it from its machine\'s clock, PostgreSQL\'s LOCALTIMESTAMP from the session\'s TimeZone setting';

export function renderCall(r: ExpressionContext, n: CallNode): Operand {
  if (n.k === 'datepart') return datePart(r, n.part, r.expression(n.operand));
  const args = n.args;
  const arity = (count: number): void => {
    if (args.length !== count) throw new PredicateRefused(`calls ${n.name}() with ${args.length} arguments`);
  };
  const typed = (v: Operand): Operand => ({ ...v, column: r.typeOf(v) });
  switch (n.name) {
    case 'ISNULL':
      arity(2);
      return isNull(r, r.expression(args[0]!), r.expression(args[1]!));
    case 'COALESCE': {
      if (args.length < 2) throw new PredicateRefused('calls COALESCE() with fewer than 2 arguments');
      const values = args.map((a) => r.expression(a));
      const type = commonType(values.map((v) => r.typeOf(v)));
      const sql = values.map((v) => (type !== null && v.column === null && v.family !== 'literal-null' ? r.adaptTo(v, type) : v.sql));
      return { sql: `COALESCE(${sql.join(', ')})`, family: type?.family ?? 'other', column: type };
    }
    case 'NULLIF': {
      arity(2);
      const [a, b] = [typed(r.expression(args[0]!)), typed(r.expression(args[1]!))];
      if (a.column !== null && b.column !== null) r.compared(a.column as ValueType, b.column as ValueType, '=');
      return { sql: `NULLIF(${a.sql}, ${b.sql})`, family: a.column?.family ?? 'other', column: a.column };
    }
    case 'GETDATE':
    case 'CURRENT_TIMESTAMP':
    case 'SYSDATETIME': {
      arity(0);
      r.difference(`${n.name}${n.name === 'CURRENT_TIMESTAMP' ? '' : '()'} ${TIME_ZONE_DIFFERENCE}`);
      const type = n.name === 'SYSDATETIME' ? 'datetime2' : 'datetime';
      return { sql: type === 'datetime' ? 'LOCALTIMESTAMP(3)' : 'LOCALTIMESTAMP', family: 'temporal', column: expressionType(type, { scale: type === 'datetime' ? 3 : 7 }) };
    }
    case 'GETUTCDATE':
    case 'SYSUTCDATETIME': {
      arity(0);
      const type = n.name === 'GETUTCDATE' ? 'datetime' : 'datetime2';
      const sql = type === 'datetime' ? "(now() AT TIME ZONE 'utc')::timestamp(3)" : "(now() AT TIME ZONE 'utc')";
      return { sql, family: 'temporal', column: expressionType(type, { scale: type === 'datetime' ? 3 : 7 }) };
    }
    case 'LEN':
      arity(1);
      return len(r, r.expression(args[0]!));
    case 'YEAR':
    case 'MONTH':
    case 'DAY':
      arity(1);
      return datePart(r, n.name, r.expression(args[0]!));
    case 'COUNT':
    case 'COUNT_BIG': {
      const inner = n.star ? '*' : `${n.distinct ? 'DISTINCT ' : ''}${aggregateArgument(r, n).sql}`;
      if (n.distinct && !n.star) r.noteGrouping(r.typeOf(aggregateArgument(r, n)), `${n.name}(DISTINCT ...)`);
      const sql = n.name === 'COUNT' ? `count(${inner})::integer` : `count(${inner})`;
      return { sql, family: 'number', column: expressionType(n.name === 'COUNT' ? 'int' : 'bigint') };
    }
    case 'SUM':
      return sum(r, n, aggregateArgument(r, n));
    case 'AVG':
      return avg(r, n, aggregateArgument(r, n));
    case 'MIN':
    case 'MAX': {
      const v = aggregateArgument(r, n);
      const t = r.typeOf(v);
      if (t?.family === 'boolean') throw new PredicateRefused(`calls ${n.name}() on a bit value, which SQL Server refuses too`);
      if (t?.family === 'text' && !isBinaryCollation(t.collation)) {
        r.difference(`${n.name}() on ${t.target} orders text by the SQL Server collation ${t.collation ?? '(database default)'} there, by the PostgreSQL column collation here`);
      }
      if (t?.family === 'uuid') r.difference(`${n.name}() on ${t.target}: SQL Server orders uniqueidentifier values by their last 6 bytes first`);
      return { sql: `${n.name.toLowerCase()}(${n.distinct ? 'DISTINCT ' : ''}${v.sql})`, family: t?.family ?? 'other', column: t };
    }
    default:
      throw new PredicateRefused(`calls ${n.name}(), which is not translated`);
  }
}

function aggregateArgument(r: ExpressionContext, n: Extract<CallNode, { k: 'call' }>): Operand {
  if (n.star) throw new PredicateRefused(`calls ${n.name}(*), which only COUNT takes`);
  if (n.args.length !== 1) throw new PredicateRefused(`calls ${n.name}() with ${n.args.length} arguments`);
  return r.expression(n.args[0]!);
}

/** ISNULL converts b to a's type first: translated only where that conversion changes nothing. */
function isNull(r: ExpressionContext, a: Operand, b: Operand): Operand {
  const at = r.typeOf(a);
  const bt = r.typeOf(b);
  if (at === null) return { sql: `COALESCE(NULL, ${b.sql})`, family: bt?.family ?? 'other', column: bt };
  if (bt === null) return a;
  commonType([at, bt]);
  const refuse = (why: string): never => {
    throw new PredicateRefused(`calls ISNULL(${describeType(at)}, ${describeType(bt)}): ${why}`);
  };
  if (at.family === 'text' && at.length !== null && (bt.length === null || bt.length > at.length)) {
    refuse(`SQL Server cuts the replacement to the first argument's length (${at.length})`);
  }
  if (at.family === 'number') {
    if (INTEGER_TYPES.has(at.sqlType) && !INTEGER_TYPES.has(bt.sqlType)) refuse('SQL Server converts the replacement to an integer');
    if ((at.sqlType === 'decimal' || at.sqlType === 'numeric' || at.sqlType === 'money') && bt.scale > at.scale) {
      refuse(`SQL Server rounds the replacement to ${at.scale} decimal places`);
    }
  }
  const right = b.column === null ? r.adaptTo(b, at) : b.sql;
  return { sql: `COALESCE(${a.sql}, ${right})`, family: at.family, column: at };
}

function len(r: ExpressionContext, v: Operand): Operand {
  const t = r.typeOf(v);
  if (t?.family !== 'text') throw new PredicateRefused('calls LEN() on something other than a string (SQL Server would convert it to text first)');
  if (/^n/.test(t.sqlType) && !/_SC\b|_SC_|UTF8/i.test(t.collation ?? '')) {
    r.difference(`LEN() on ${t.target} counts a character outside the Basic Multilingual Plane (an emoji) as 2 in SQL Server without an _SC collation, as 1 in PostgreSQL`);
  }
  return { sql: `length(rtrim(${v.sql}, ' '))`, family: 'number', column: expressionType(t.length === null ? 'bigint' : 'int') };
}

const PARTS: Readonly<Record<string, string>> = {
  year: 'YEAR', yy: 'YEAR', yyyy: 'YEAR', quarter: 'QUARTER', qq: 'QUARTER', q: 'QUARTER', month: 'MONTH', mm: 'MONTH', m: 'MONTH',
  dayofyear: 'DOY', dy: 'DOY', y: 'DOY', day: 'DAY', dd: 'DAY', d: 'DAY', hour: 'HOUR', hh: 'HOUR', minute: 'MINUTE', mi: 'MINUTE',
  n: 'MINUTE', second: 'SECOND', ss: 'SECOND', s: 'SECOND', iso_week: 'WEEK', isowk: 'WEEK', isoww: 'WEEK',
};
const DATE_PARTS = new Set(['YEAR', 'QUARTER', 'MONTH', 'DOY', 'DAY', 'WEEK']);

function datePart(r: ExpressionContext, part: string, v: Operand): Operand {
  const field = PARTS[part.toLowerCase()];
  if (field === undefined) {
    const why = /^(week|wk|ww|weekday|dw|w)$/i.test(part) ? ' (it depends on SET DATEFIRST)' : '';
    throw new PredicateRefused(`uses the date part ${part}, which is not translated${why}`);
  }
  const t = r.typeOf(v);
  if (t?.family !== 'temporal' || v.column === null) throw new PredicateRefused(`takes ${part} of something other than a date/time value`);
  if (t.sqlType === 'datetimeoffset') throw new PredicateRefused(`takes ${part} of a datetimeoffset, whose parts SQL Server reads in the value's own offset and PostgreSQL in the session time zone`);
  if (t.sqlType === 'time' && DATE_PARTS.has(field)) throw new PredicateRefused(`takes ${part} of a time value`);
  // EXTRACT(SECOND) has the fraction; DATEPART(second) is the whole second.
  const sql = field === 'SECOND' ? `floor(EXTRACT(SECOND FROM ${v.sql}))::integer` : `EXTRACT(${field} FROM ${v.sql})::integer`;
  return { sql, family: 'number', column: expressionType('int') };
}

function sum(r: ExpressionContext, n: Extract<CallNode, { k: 'call' }>, v: Operand): Operand {
  const t = numericArgument(r, n, v);
  const d = n.distinct ? 'DISTINCT ' : '';
  switch (t.sqlType) {
    case 'tinyint':
    case 'smallint':
    case 'int':
      return { sql: `sum(${d}${v.sql})::integer`, family: 'number', column: expressionType('int') };
    case 'bigint':
      return { sql: `sum(${d}${v.sql})::bigint`, family: 'number', column: expressionType('bigint') };
    case 'decimal':
    case 'numeric':
      return { sql: `sum(${d}${v.sql})::numeric(38,${t.scale})`, family: 'number', column: expressionType('decimal', { precision: 38, scale: t.scale }) };
    case 'money':
    case 'smallmoney':
      return { sql: `sum(${d}${v.sql})::numeric(19,4)`, family: 'number', column: expressionType('money', { precision: 19, scale: 4 }) };
    case 'real':
    case 'float':
      return { sql: `sum(${d}${t.sqlType === 'real' ? `(${v.sql})::double precision` : v.sql})`, family: 'number', column: expressionType('float') };
    default:
      throw new PredicateRefused(`calls SUM() on a ${t.sqlType} value`);
  }
}

function avg(r: ExpressionContext, n: Extract<CallNode, { k: 'call' }>, v: Operand): Operand {
  const t = numericArgument(r, n, v);
  const d = n.distinct ? 'DISTINCT ' : '';
  if (INTEGER_TYPES.has(t.sqlType)) {
    const type = t.sqlType === 'bigint' ? 'bigint' : 'integer';
    // T-SQL's AVG of integers is their sum divided by their count, truncated, in their own type.
    return { sql: `(sum(${d}${v.sql}) / count(${d}${v.sql}))::${type}`, family: 'number', column: expressionType(type === 'bigint' ? 'bigint' : 'int') };
  }
  if (t.sqlType === 'float' || t.sqlType === 'real') {
    return { sql: `avg(${d}${t.sqlType === 'real' ? `(${v.sql})::double precision` : v.sql})`, family: 'number', column: expressionType('float') };
  }
  throw new PredicateRefused(`calls AVG() on a ${t.sqlType} value, whose average SQL Server gives a different scale than PostgreSQL`);
}

function numericArgument(r: ExpressionContext, n: Extract<CallNode, { k: 'call' }>, v: Operand): ValueType {
  const t = r.typeOf(v);
  if (t?.family !== 'number') throw new PredicateRefused(`calls ${n.name}() on something other than a number`);
  return t;
}
