/**
 * Translates a SQL Server check or filter predicate into a Postgres expression, or refuses
 * with a reason. Type-aware where the meaning depends on the column: a `bit` column that
 * became `boolean` compares with true/false (Postgres refuses `boolean = 1`), and string
 * comparisons on text columns are listed as differences (SQL Server ignores trailing spaces,
 * and case under a _CI_ collation; Postgres does neither).
 */
import { quotePgIdent, quotePgLiteral } from '../ddl/quote.js';
import { parsePredicate, type PredicateNode } from './predicate-parse.js';
import { PredicateRefused } from './predicate-tokens.js';

/** What the translator needs to know about one source column. */
export interface PredicateColumn {
  readonly target: string;
  readonly family: ColumnFamily;
  /** SQL Server collation, for the case-insensitivity difference. */
  readonly collation: string | null;
}

export type ColumnFamily = 'boolean' | 'number' | 'text' | 'temporal' | 'uuid' | 'other';

export type PredicateTranslation =
  | { readonly ok: true; readonly sql: string; readonly differences: readonly string[]; readonly columns: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/** `lookup` finds a column by its source name (SQL Server resolves names case-insensitively). */
export function translatePredicate(text: string, lookup: (name: string) => PredicateColumn | undefined): PredicateTranslation {
  try {
    const node = parsePredicate(text);
    const r = new Renderer(lookup);
    const sql = r.render(node);
    return { ok: true, sql, differences: [...r.differences], columns: [...r.columns] };
  } catch (err) {
    if (err instanceof PredicateRefused) return { ok: false, reason: err.reason };
    throw err;
  }
}

const ISO_TEMPORAL = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?$|^\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Operand = { readonly sql: string; readonly family: ColumnFamily | 'literal-number' | 'literal-string'; readonly column: PredicateColumn | null };

class Renderer {
  readonly differences = new Set<string>();
  /** Target names of the columns referenced, in order of appearance (for a check's name). */
  readonly columns = new Set<string>();
  constructor(private readonly lookup: (name: string) => PredicateColumn | undefined) {}

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

  private child(n: PredicateNode): string {
    const sql = this.render(n);
    return n.k === 'and' || n.k === 'or' ? `(${sql})` : sql;
  }

  private operand(n: PredicateNode): Operand {
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
        return { sql: quotePgLiteral(n.value), family: 'literal-string', column: null };
      case 'null':
        // `x = NULL` is true for NULLs under SET ANSI_NULLS OFF: the meaning depends on a setting.
        throw new PredicateRefused('compares with NULL (its meaning depends on ANSI_NULLS); only IS [NOT] NULL is translated');
      default:
        throw new PredicateRefused('uses a condition where a value is expected');
    }
  }

  /** Renders two operands compared with each other, adapting literals to the column's type. */
  private pair(a: PredicateNode, b: PredicateNode, op: string): [string, string] {
    const l = this.operand(a);
    const r = this.operand(b);
    return [this.adapt(l, r, op), this.adapt(r, l, op)];
  }

  /** `self` rendered for comparison with `other`. */
  private adapt(self: Operand, other: Operand, op: string): string {
    const col = other.column;
    if (self.column !== null) {
      if (col !== null && !compatible(self.column.family, col.family)) {
        throw new PredicateRefused(`compares ${self.column.target} (${self.column.family}) with ${col.target} (${col.family})`);
      }
      if (self.column.family === 'text' && (col !== null || other.family === 'literal-string')) this.noteText(self.column);
      return self.sql;
    }
    if (col === null) return self.sql; // two literals: same meaning on both sides
    switch (col.family) {
      case 'boolean':
        if (op !== '=' && op !== '<>' && op !== 'IN') throw new PredicateRefused(`uses ${op} on the bit column ${col.target}`);
        if (self.family === 'literal-number' && (self.sql === '0' || self.sql === '1')) return self.sql === '1' ? 'true' : 'false';
        throw new PredicateRefused(`compares the bit column ${col.target} with ${self.sql} (only 0 and 1 are translated)`);
      case 'number':
        if (self.family === 'literal-number') return self.sql;
        throw new PredicateRefused(`compares the numeric column ${col.target} with the string ${self.sql}`);
      case 'text':
        if (self.family === 'literal-string') return self.sql;
        // SQL Server converts the text column to a number here (int has the higher precedence).
        throw new PredicateRefused(`compares the text column ${col.target} with the number ${self.sql}`);
      case 'temporal':
        if (self.family === 'literal-string' && ISO_TEMPORAL.test(self.sql.slice(1, -1))) return self.sql;
        throw new PredicateRefused(`compares the date/time column ${col.target} with ${self.sql} (only ISO literals are translated)`);
      case 'uuid':
        if (self.family === 'literal-string' && UUID.test(self.sql.slice(1, -1))) return self.sql;
        throw new PredicateRefused(`compares the uniqueidentifier column ${col.target} with ${self.sql}`);
      case 'other':
        throw new PredicateRefused(`compares the column ${col.target}, whose type has no certain translation, with a literal`);
    }
  }

  private like(operandNode: PredicateNode, patternNode: PredicateNode, not: boolean): string {
    const operand = this.operand(operandNode);
    if (operand.column === null || operand.column.family !== 'text') throw new PredicateRefused('uses LIKE on something other than a text column');
    if (patternNode.k !== 'string') throw new PredicateRefused('uses LIKE with a pattern that is not a literal');
    // `[a-z]` is a character class in T-SQL and plain text in Postgres LIKE.
    if (/[[\]]/.test(patternNode.value)) throw new PredicateRefused('uses a LIKE character class ([...]), which Postgres LIKE does not have');
    this.noteText(operand.column);
    // T-SQL LIKE has no escape character by default; Postgres LIKE's default is backslash.
    const escape = patternNode.value.includes('\\') ? " ESCAPE ''" : '';
    return `${operand.sql} ${not ? 'NOT ' : ''}LIKE ${quotePgLiteral(patternNode.value)}${escape}`;
  }

  private noteText(c: PredicateColumn): void {
    const ci = c.collation !== null && /_CI_/i.test(c.collation);
    this.differences.add(
      `compares text column ${c.target}: SQL Server ignores trailing spaces${ci ? ` and case (collation ${c.collation})` : ''} there, PostgreSQL does not`,
    );
  }
}

function compatible(a: ColumnFamily, b: ColumnFamily): boolean {
  return a === b && a !== 'other';
}
