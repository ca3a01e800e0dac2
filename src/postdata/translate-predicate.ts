/**
 * Translates a SQL Server check or filter predicate into a Postgres expression, or refuses
 * with a reason. Type-aware where the meaning depends on the column: a `bit` column that
 * became `boolean` compares with true/false (Postgres refuses `boolean = 1`), and string
 * comparisons on text columns are listed as differences (SQL Server ignores trailing spaces,
 * and case under a _CI_ collation; Postgres does neither).
 */
import { quotePgIdent, quotePgLiteral } from '../ddl/quote.js';
import { hasCharacterClass, likeToRegex } from './like-regex.js';
import { parsePredicate, type PredicateNode } from './predicate-parse.js';
import { PredicateRefused } from './predicate-tokens.js';
import { translateTemporalLiteral } from './temporal-literal.js';

/** What the translator needs to know about one source column. */
export interface PredicateColumn {
  readonly target: string;
  readonly family: ColumnFamily;
  /** SQL Server collation, for the case-insensitivity difference. */
  readonly collation: string | null;
  /**
   * The SQL Server base type, lower-case (`datetime`, `real`, `money`, ...): how SQL Server
   * converts a literal compared with the column depends on it (temporal-literal.ts, `real`).
   */
  readonly sqlType: string;
}

export type ColumnFamily = 'boolean' | 'number' | 'text' | 'temporal' | 'uuid' | 'other';

export type PredicateTranslation =
  | { readonly ok: true; readonly sql: string; readonly differences: readonly string[]; readonly columns: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/** `lookup` finds a column by its source name (SQL Server resolves names case-insensitively). */
export function translatePredicate(text: string, lookup: (name: string) => PredicateColumn | undefined): PredicateTranslation {
  try {
    const node = parsePredicate(text);
    const r = new PredicateRenderer(lookup);
    const sql = r.render(node);
    return { ok: true, sql, differences: [...r.differences], columns: [...r.columns] };
  } catch (err) {
    if (err instanceof PredicateRefused) return { ok: false, reason: err.reason };
    throw err;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RANGE_OPERATORS = new Set(['<', '>', '<=', '>=', 'BETWEEN']);

/** A rendered value: its SQL, what kind of value it is, and the column (or typed expression) behind it. */
export interface Operand {
  readonly sql: string;
  readonly family: ColumnFamily | 'literal-number' | 'literal-string' | 'literal-null';
  /** The column, or for a view expression a description of its type; null for a literal. */
  readonly column: PredicateColumn | null;
  /** A string literal's value (unquoted), for the type-aware rewrites. */
  readonly value?: string;
}

export function isCaseInsensitive(collation: string | null): boolean {
  return collation !== null && /_CI_/i.test(collation);
}

/** BIN and BIN2 collations order by code point, as PostgreSQL's regex ranges do. */
export function isBinaryCollation(collation: string | null): boolean {
  return collation !== null && /_BIN2?$/i.test(collation);
}

/**
 * Renders the boolean part of T-SQL (comparisons, IN, BETWEEN, LIKE, IS NULL, AND/OR/NOT) with
 * the type-aware literal rules. View translation (view-expression.ts) extends it with the value
 * expressions a view may use; checks and filters use it as it is.
 */
export class PredicateRenderer {
  readonly differences = new Set<string>();
  /** Target names of the columns referenced, in order of appearance (for a check's name). */
  readonly columns = new Set<string>();
  constructor(protected readonly lookup: (name: string) => PredicateColumn | undefined) {}

  render(n: PredicateNode): string {
    switch (n.k) {
      case 'and':
      case 'or':
        return `${this.child(n.left)} ${n.k.toUpperCase()} ${this.child(n.right)}`;
      case 'not':
        return `NOT (${this.render(n.operand)})`;
      case 'isnull':
        return `${this.operand(n.operand).sql} IS ${n.not ? 'NOT ' : ''}NULL`;
      case 'compare': {
        const [l, r] = this.pair(n.left, n.right, n.op);
        return `${l} ${n.op} ${r}`;
      }
      case 'in': {
        const items = n.list.map((item) => this.pair(n.operand, item, 'IN')[1]);
        return `${this.pair(n.operand, n.list[0]!, 'IN')[0]} ${n.not ? 'NOT ' : ''}IN (${items.join(', ')})`;
      }
      case 'between': {
        const [l, low] = this.pair(n.operand, n.low, 'BETWEEN');
        const [, high] = this.pair(n.operand, n.high, 'BETWEEN');
        return `${l} ${n.not ? 'NOT ' : ''}BETWEEN ${low} AND ${high}`;
      }
      case 'like':
        return this.like(n.operand, n.pattern, n.not);
      default:
        throw new PredicateRefused('is not a condition');
    }
  }

  protected child(n: PredicateNode): string {
    const sql = this.render(n);
    return n.k === 'and' || n.k === 'or' ? `(${sql})` : sql;
  }

  /** A value: a column, a literal (checks and filters know no other values). */
  protected operand(n: PredicateNode): Operand {
    switch (n.k) {
      case 'column': {
        const c = this.lookup(n.name);
        if (c === undefined) throw new PredicateRefused(`refers to ${n.name}, which is not a column of the table`);
        this.columns.add(c.target);
        return { sql: quotePgIdent(c.target), family: c.family, column: c };
      }
      case 'number':
        return { sql: n.text, family: 'literal-number', column: null };
      case 'string':
        return { sql: quotePgLiteral(n.value), family: 'literal-string', column: null, value: n.value };
      case 'null':
        // `x = NULL` is true for NULLs under SET ANSI_NULLS OFF: the meaning depends on a setting.
        throw new PredicateRefused('compares with NULL (its meaning depends on ANSI_NULLS); only IS [NOT] NULL is translated');
      default:
        throw new PredicateRefused('uses a condition where a value is expected');
    }
  }

  /** Renders two operands compared with each other, adapting literals to the column's type. */
  protected pair(a: PredicateNode, b: PredicateNode, op: string): [string, string] {
    const l = this.operand(a);
    const r = this.operand(b);
    return [this.adapt(l, r, op), this.adapt(r, l, op)];
  }

  /** `self` rendered for comparison with `other`. */
  protected adapt(self: Operand, other: Operand, op: string): string {
    const col = other.column;
    if (self.column !== null) {
      if (col !== null && !compatible(self.column.family, col.family)) {
        throw new PredicateRefused(`compares ${self.column.target} (${self.column.family}) with ${col.target} (${col.family})`);
      }
      if (self.column.family === 'text' && (col !== null || other.family === 'literal-string')) {
        this.noteText(self.column);
        if (RANGE_OPERATORS.has(op)) this.noteTextOrder(self.column);
      }
      if (self.column.family === 'uuid' && RANGE_OPERATORS.has(op)) this.noteUuidOrder(self.column);
      return self.sql;
    }
    if (col === null) return self.sql; // two literals: same meaning on both sides
    switch (col.family) {
      case 'boolean':
        if (op !== '=' && op !== '<>' && op !== 'IN') throw new PredicateRefused(`uses ${op} on the bit column ${col.target}`);
        if (self.family === 'literal-number' && (self.sql === '0' || self.sql === '1')) return self.sql === '1' ? 'true' : 'false';
        throw new PredicateRefused(`compares the bit column ${col.target} with ${self.sql} (only 0 and 1 are translated)`);
      case 'number':
        if (self.family === 'literal-number') return numberLiteralFor(col, self.sql);
        throw new PredicateRefused(`compares the numeric column ${col.target} with the string ${self.sql}`);
      case 'text':
        if (self.family === 'literal-string') return self.sql;
        // SQL Server converts the text column to a number here (int has the higher precedence).
        throw new PredicateRefused(`compares the text column ${col.target} with the number ${self.sql}`);
      case 'temporal': {
        if (self.family !== 'literal-string') {
          throw new PredicateRefused(`compares the date/time column ${col.target} with ${self.sql} (only ISO literals are translated)`);
        }
        const t = translateTemporalLiteral(col.sqlType, self.value ?? '');
        if (!t.ok) throw new PredicateRefused(`compares the ${col.sqlType} column ${col.target} with ${self.sql}: ${t.reason}`);
        return quotePgLiteral(t.text);
      }
      case 'uuid':
        if (self.family === 'literal-string' && UUID.test(self.value ?? '')) return self.sql;
        throw new PredicateRefused(`compares the uniqueidentifier column ${col.target} with ${self.sql}`);
      case 'other':
        throw new PredicateRefused(`compares the column ${col.target}, whose type has no certain translation, with a literal`);
    }
  }

  protected like(operandNode: PredicateNode, patternNode: PredicateNode, not: boolean): string {
    const operand = this.operand(operandNode);
    if (operand.column === null || operand.column.family !== 'text') throw new PredicateRefused('uses LIKE on something other than a text column');
    if (patternNode.k !== 'string') throw new PredicateRefused('uses LIKE with a pattern that is not a literal');
    this.noteText(operand.column);
    const pattern = patternNode.value;
    if (hasCharacterClass(pattern)) return this.likeAsRegex(operand, pattern, not);
    // T-SQL LIKE has no escape character by default; Postgres LIKE's default is backslash.
    const escape = pattern.includes('\\') ? " ESCAPE ''" : '';
    return `${operand.sql} ${not ? 'NOT ' : ''}LIKE ${quotePgLiteral(pattern)}${escape}`;
  }

  /** `[0-9]` is a character class in T-SQL and three characters in PostgreSQL's LIKE: a regex. */
  private likeAsRegex(operand: Operand, pattern: string, not: boolean): string {
    const column = operand.column!;
    const r = likeToRegex(pattern);
    if (!r.ok) throw new PredicateRefused(r.reason);
    if (r.hasRange && !isBinaryCollation(column.collation)) {
      this.differences.add(
        `LIKE ${quotePgLiteral(pattern)} on ${column.target}: SQL Server takes a character range in the order of the collation ` +
          `${column.collation ?? '(database default)'} (which may put accented letters inside [a-z]), PostgreSQL's regex by code point`,
      );
    }
    const op = isCaseInsensitive(column.collation) ? '~*' : '~';
    return `${operand.sql} ${not ? '!' : ''}${op} ${quotePgLiteral(r.regex)}`;
  }

  protected noteText(c: PredicateColumn): void {
    const ci = isCaseInsensitive(c.collation);
    this.differences.add(
      `compares text column ${c.target}: SQL Server ignores trailing spaces${ci ? ` and case (collation ${c.collation})` : ''} there, PostgreSQL does not`,
    );
  }

  protected noteTextOrder(c: PredicateColumn): void {
    this.differences.add(
      `orders text column ${c.target} (<, >, BETWEEN): by the collation ${c.collation ?? '(database default)'} in SQL Server, by the ` +
        'PostgreSQL column collation here; the two orders differ beyond case and trailing spaces',
    );
  }

  protected noteUuidOrder(c: PredicateColumn): void {
    this.differences.add(
      `orders uniqueidentifier column ${c.target} (<, >, BETWEEN): SQL Server compares the last 6 bytes first, PostgreSQL's uuid byte by byte from the first`,
    );
  }
}

/**
 * A number literal compared with a numeric column. SQL Server converts the literal to the
 * column's type when that type ranks higher: for `real` this rounds the literal to real, while
 * PostgreSQL would widen the column to double precision (`0.1::real = 0.1` is false there), so
 * the literal is cast to real as SQL Server does. money keeps 4 decimal places, so a literal
 * with more would be rounded by SQL Server: refused.
 */
function numberLiteralFor(col: PredicateColumn, literal: string): string {
  if (col.sqlType === 'real') return `${/^-/.test(literal) ? `(${literal})` : literal}::real`;
  if ((col.sqlType === 'money' || col.sqlType === 'smallmoney') && decimalPlaces(literal) > 4) {
    throw new PredicateRefused(`compares the ${col.sqlType} column ${col.target} with ${literal}, which SQL Server rounds to 4 decimal places first`);
  }
  return literal;
}

function decimalPlaces(literal: string): number {
  if (/e/i.test(literal)) return 0;
  const dot = literal.indexOf('.');
  return dot < 0 ? 0 : literal.length - dot - 1;
}

function compatible(a: ColumnFamily, b: ColumnFamily): boolean {
  return a === b && a !== 'other';
}
