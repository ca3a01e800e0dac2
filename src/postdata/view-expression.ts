/**
 * The values a view computes, rendered for PostgreSQL with SQL Server's meaning, or refused
 * with the reason. Extends the predicate renderer (translate-predicate.ts): comparisons,
 * literals and their type-aware rewrites are shared with checks and filters; this adds column
 * references through the query's scopes, arithmetic, `+` on strings, CASE, CAST/CONVERT and the
 * functions of view-functions.ts. Every operand carries its type (view-types.ts), because the
 * meaning of `+`, `/`, a literal or an aggregate depends on it in T-SQL.
 */
import { PredicateRefused } from './predicate-tokens.js';
import type { PredicateNode, QueryNode } from './sql-ast.js';
import { isCaseInsensitive, PredicateRenderer, type Operand } from './translate-predicate.js';
import { renderCast } from './view-cast.js';
import { renderCall } from './view-functions.js';
import type { Scope } from './view-scope.js';
import { commonType, describeType, expressionType, INTEGER_TYPES, NUMERIC_PRECEDENCE, type ExpressionContext, type ValueType } from './view-types.js';

/** What a sub-query renders to: its SQL and the type of each output column. */
export interface RenderedQuery {
  readonly sql: string;
  readonly outputs: readonly { readonly name: string | null; readonly type: ValueType | null }[];
}

export abstract class ViewExpressionRenderer extends PredicateRenderer implements ExpressionContext {
  protected scope!: Scope;

  constructor() {
    super(() => undefined);
  }

  protected abstract renderSubquery(query: QueryNode): RenderedQuery;

  /** Conditions: the shared ones, plus EXISTS and IN (SELECT ...). */
  override render(n: PredicateNode): string {
    switch (n.k) {
      case 'exists':
        return `EXISTS (${this.renderSubquery(n.query).sql})`;
      case 'in-query': {
        const left = this.operand(n.operand);
        const q = this.renderSubquery(n.query);
        const right = q.outputs[0]?.type ?? null;
        if (q.outputs.length !== 1) throw new PredicateRefused('uses IN with a sub-query that returns more than one column');
        const leftType = this.typeOf(left);
        if (right !== null && leftType !== null && left.column !== null) this.compared(leftType, right, 'IN');
        return `${left.sql} ${n.not ? 'NOT ' : ''}IN (${q.sql})`;
      }
      default:
        return super.render(n);
    }
  }

  /** A value compared with another: anything but a bare NULL (its meaning depends on ANSI_NULLS). */
  protected override operand(n: PredicateNode): Operand {
    if (n.k === 'null') return super.operand(n);
    return this.expression(n);
  }

  /** Any value, NULL included. */
  expression(n: PredicateNode): Operand {
    switch (n.k) {
      case 'column':
      case 'qualified': {
        const c = this.scope.resolve(n.k === 'column' ? [n.name] : n.parts);
        return { sql: c.sql, family: c.type.family, column: c.type };
      }
      case 'number':
      case 'string':
        return super.operand(n);
      case 'null':
        return { sql: 'NULL', family: 'literal-null', column: null };
      case 'arith':
        return this.arithmetic(n.op, this.expression(n.left), this.expression(n.right));
      case 'negate': {
        const v = this.expression(n.operand);
        if (this.typeOf(v)?.family !== 'number') throw new PredicateRefused('negates something other than a number');
        return { sql: `(-${v.sql})`, family: 'number', column: this.typeOf(v) };
      }
      case 'case':
        return this.caseOf(n);
      case 'cast':
        return renderCast(this, n);
      case 'datepart':
      case 'call':
        return renderCall(this, n);
      case 'subquery': {
        const q = this.renderSubquery(n.query);
        if (q.outputs.length !== 1) throw new PredicateRefused('uses a sub-query that returns more than one column as a value');
        const type = q.outputs[0]!.type;
        return { sql: `(${q.sql})`, family: type?.family ?? 'other', column: type };
      }
      default:
        throw new PredicateRefused('uses a condition where a value is expected');
    }
  }

  /** The type of a rendered value; null for NULL. */
  typeOf(v: Operand): ValueType | null {
    if (v.column !== null) return v.column as ValueType;
    if (v.family === 'literal-number') return literalNumberType(v.sql);
    if (v.family === 'literal-string') return expressionType('varchar', { family: 'text', length: [...(v.value ?? '')].length });
    return null;
  }

  /** Notes what comparing two typed values means (text and uuid order), and refuses incompatible ones. */
  compared(a: ValueType, b: ValueType, op: string): void {
    this.adapt({ sql: '', family: a.family, column: a }, { sql: '', family: b.family, column: b }, op);
  }

  /** A literal (or value) rendered for use beside a value of type `other`, as a comparison would. */
  adaptTo(v: Operand, other: ValueType, op = '='): string {
    return this.adapt(v, { sql: '', family: other.family, column: other }, op);
  }

  /** Lists a difference (the view is created with it). */
  difference(text: string): void {
    this.differences.add(text);
  }

  private arithmetic(op: '+' | '-' | '*' | '/' | '%', l: Operand, r: Operand): Operand {
    const lt = this.typeOf(l);
    const rt = this.typeOf(r);
    if (lt === null || rt === null) {
      const known = lt ?? rt;
      return { sql: `(${l.sql} ${op === '+' && known?.family === 'text' ? '||' : op} ${r.sql})`, family: known?.family ?? 'other', column: known };
    }
    if (op === '+' && lt.family === 'text' && rt.family === 'text') return this.concatenate(l, lt, r, rt);
    if (lt.family !== 'number' || rt.family !== 'number') {
      throw new PredicateRefused(`uses ${op} on ${describeType(lt)} and ${describeType(rt)} (SQL Server converts one to the other's type; only numbers, and + on two strings, are translated)`);
    }
    return this.numeric(op, l, lt, r, rt);
  }

  /** T-SQL `+` on strings is `||`. A char(n) keeps its padding in SQL Server; PostgreSQL's bpchar drops it: rpad. */
  private concatenate(l: Operand, lt: ValueType, r: Operand, rt: ValueType): Operand {
    const side = (v: Operand, t: ValueType): string => (t.padded && t.length !== null ? `rpad(${v.sql}, ${t.length})` : v.sql);
    const length = lt.length !== null && rt.length !== null ? lt.length + rt.length : null;
    const type = expressionType('nvarchar', { family: 'text', collation: lt.collation ?? rt.collation, length });
    return { sql: `(${side(l, lt)} || ${side(r, rt)})`, family: 'text', column: type };
  }

  private numeric(op: '+' | '-' | '*' | '/' | '%', l: Operand, lt: ValueType, r: Operand, rt: ValueType): Operand {
    const money = (t: ValueType): boolean => t.sqlType === 'money' || t.sqlType === 'smallmoney';
    const integer = (t: ValueType): boolean => INTEGER_TYPES.has(t.sqlType);
    const exact = (t: ValueType): boolean => t.sqlType === 'decimal' || t.sqlType === 'numeric';
    if (op === '%' && !(integer(lt) && integer(rt))) throw new PredicateRefused('uses % on numbers that are not both integers');
    if (op === '/' && (exact(lt) || exact(rt) || money(lt) || money(rt))) {
      throw new PredicateRefused('divides decimal or money values: SQL Server gives the quotient a different scale than PostgreSQL');
    }
    if (money(lt) || money(rt)) {
      const other = money(lt) ? rt : lt;
      const fits = money(other) || integer(other) || (exact(other) && other.scale <= 4);
      if (!fits || (op === '*' && !integer(other))) {
        throw new PredicateRefused(`uses ${op} on money and ${describeType(other)}: SQL Server rounds to money's 4 decimal places, PostgreSQL does not`);
      }
    }
    // SQL Server converts the lower-ranked operand to real; PostgreSQL would widen both to double precision.
    const toReal = (v: Operand, t: ValueType, otherType: ValueType): string =>
      otherType.sqlType === 'real' && t.sqlType !== 'real' && t.sqlType !== 'float' ? `(${v.sql})::real` : v.sql;
    const result = NUMERIC_PRECEDENCE.indexOf(lt.sqlType) >= NUMERIC_PRECEDENCE.indexOf(rt.sqlType) ? lt : rt;
    const scale = op === '*' ? lt.scale + rt.scale : Math.max(lt.scale, rt.scale);
    const type = expressionType(result.sqlType, { family: 'number', precision: 38, scale });
    return { sql: `(${toReal(l, lt, rt)} ${op} ${toReal(r, rt, lt)})`, family: 'number', column: type };
  }

  private caseOf(n: Extract<PredicateNode, { k: 'case' }>): Operand {
    const subject = n.operand === null ? null : this.operand(n.operand);
    const subjectType = subject === null ? null : this.typeOf(subject);
    const whens = n.whens.map(({ when, then }) => {
      let condition: string;
      if (subject === null) {
        condition = this.render(when);
      } else {
        const v = this.operand(when);
        condition = subjectType === null ? v.sql : this.adaptTo(v, subjectType);
        const vt = this.typeOf(v);
        if (subjectType !== null && vt !== null && v.column !== null) this.compared(subjectType, vt, '=');
        if (subjectType?.family === 'text') this.noteText(subjectType);
      }
      return { condition, value: this.expression(then) };
    });
    const otherwise = n.otherwise === null ? null : this.expression(n.otherwise);
    const results = [...whens.map((w) => w.value), ...(otherwise === null ? [] : [otherwise])];
    const type = commonType(results.map((v) => this.typeOf(v)));
    const parts = whens.map((w) => `WHEN ${w.condition} THEN ${w.value.sql}`);
    const sql = `CASE ${subject === null ? '' : `${subject.sql} `}${parts.join(' ')}${otherwise === null ? '' : ` ELSE ${otherwise.sql}`} END`;
    return { sql, family: type?.family ?? 'other', column: type };
  }

  /** The collation difference of grouping, DISTINCT and UNION on a text value. */
  noteGrouping(type: ValueType | null, what: string): void {
    if (type?.family !== 'text') return;
    const ci = isCaseInsensitive(type.collation);
    this.difference(
      `${what} compares text ${ci ? `under the case-insensitive collation ${type.collation} ('abc' and 'ABC' are one value there, two in PostgreSQL) and ` : ''}` +
        "ignoring trailing spaces in SQL Server ('a' and 'a ' are one value there)",
    );
  }

}

function literalNumberType(text: string): ValueType {
  if (/e/i.test(text)) return expressionType('float', { family: 'number' });
  const dot = text.indexOf('.');
  if (dot >= 0) return expressionType('decimal', { family: 'number', precision: 38, scale: text.length - dot - 1 });
  const n = BigInt(text);
  const type = n >= -(2n ** 31n) && n < 2n ** 31n ? 'int' : 'decimal';
  return expressionType(type, { family: 'number', precision: type === 'int' ? 10 : 38 });
}

