/**
 * A recursive-descent parser for the T-SQL predicates we translate. Grammar (T-SQL precedence:
 * comparisons, then NOT, then AND, then OR, the same as Postgres):
 *
 *   or        := and (OR and)*
 *   and       := not (AND not)*
 *   not       := NOT not | predicate
 *   predicate := operand [ cmp operand | [NOT] IN (operand, ...) | [NOT] BETWEEN operand AND operand
 *                        | [NOT] LIKE operand | IS [NOT] NULL ]
 *   operand   := '(' or ')' | column | number | -number | string | NULL
 *
 * Anything else (function calls, arithmetic, CASE, sub-queries, ESCAPE, variables) is refused
 * with a reason: SQL Server and Postgres differ there in ways we cannot decide from the text.
 * The view parser (query-parse.ts) extends this one: its values add arithmetic, calls, CASE,
 * CAST and sub-queries through the protected parseValue/identOperand hooks.
 */
import { PredicateRefused, tokenizePredicate, type Token } from './predicate-tokens.js';
import type { CompareOp, PredicateNode } from './sql-ast.js';

export type { CompareOp, PredicateNode, TypeSpec } from './sql-ast.js';

const BOOLEAN_KINDS = new Set(['compare', 'in', 'between', 'like', 'isnull', 'and', 'or', 'not', 'exists', 'in-query']);

export function isBooleanNode(n: PredicateNode): boolean {
  return BOOLEAN_KINDS.has(n.k);
}

// `!<` and `!>` are T-SQL's "not less than" / "not greater than"; Postgres spells them >= / <=.
const OPERATOR_MAP: Readonly<Record<string, CompareOp>> = {
  '=': '=', '<>': '<>', '!=': '<>', '<': '<', '>': '>', '<=': '<=', '>=': '>=', '!<': '>=', '!>': '<=',
};

export const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'BETWEEN', 'LIKE', 'IS', 'NULL', 'ESCAPE']);

export function parsePredicate(text: string): PredicateNode {
  const parser = new Parser(tokenizePredicate(text));
  const node = parser.parseOr();
  parser.expectEnd();
  if (!isBooleanNode(node)) throw new PredicateRefused('is not a condition (a bare value)');
  return node;
}

export class Parser {
  protected i = 0;
  constructor(protected readonly tokens: readonly Token[]) {}

  parseOr(): PredicateNode {
    let left = this.parseAnd();
    while (this.keyword('OR')) left = { k: 'or', left: boolean(left), right: boolean(this.parseAnd()) };
    return left;
  }

  protected parseAnd(): PredicateNode {
    let left = this.parseNot();
    while (this.keyword('AND')) left = { k: 'and', left: boolean(left), right: boolean(this.parseNot()) };
    return left;
  }

  protected parseNot(): PredicateNode {
    if (this.keyword('NOT')) return { k: 'not', operand: boolean(this.parseNot()) };
    return this.parsePredicate();
  }

  /** A value where a comparison takes one: an operand in checks; an expression in views. */
  protected parseValue(): PredicateNode {
    return this.parseOperand();
  }

  protected parsePredicate(): PredicateNode {
    const operand = this.parseValue();
    const t = this.peek();
    if (t?.k === 'other' || t?.k === 'minus') {
      throw new PredicateRefused(`uses arithmetic or an operator ("${t.k === 'minus' ? '-' : t.text}") that is not translated`);
    }
    if (t?.k === 'op') {
      this.i += 1;
      return { k: 'compare', op: OPERATOR_MAP[t.text]!, left: value(operand), right: value(this.parseValue()) };
    }
    if (this.keyword('IS')) {
      const not = this.keyword('NOT');
      if (!this.keyword('NULL')) throw new PredicateRefused('IS must be followed by [NOT] NULL');
      return { k: 'isnull', not, operand: value(operand) };
    }
    const not = this.keyword('NOT');
    if (this.keyword('IN')) return this.parseIn(not, value(operand));
    if (this.keyword('BETWEEN')) {
      const low = value(this.parseValue());
      if (!this.keyword('AND')) throw new PredicateRefused('BETWEEN without AND');
      return { k: 'between', not, operand: value(operand), low, high: value(this.parseValue()) };
    }
    if (this.keyword('LIKE')) {
      const pattern = value(this.parseValue());
      if (this.keyword('ESCAPE')) throw new PredicateRefused('LIKE ... ESCAPE is not translated');
      return { k: 'like', not, operand: value(operand), pattern };
    }
    if (not) throw new PredicateRefused('NOT must be followed by IN, BETWEEN or LIKE here');
    return operand;
  }

  /** `IN (a, b, ...)`; the view parser also takes `IN (SELECT ...)`. */
  protected parseIn(not: boolean, operand: PredicateNode): PredicateNode {
    return { k: 'in', not, operand, list: this.parseList() };
  }

  protected parseList(): PredicateNode[] {
    if (this.next()?.k !== 'lparen') throw new PredicateRefused('IN must be followed by a list in parentheses');
    const list = [value(this.parseValue())];
    for (;;) {
      const t = this.next();
      if (t?.k === 'rparen') return list;
      if (t?.k !== 'comma') throw new PredicateRefused('IN accepts only a list of literals and columns');
      list.push(value(this.parseValue()));
    }
  }

  protected parseOperand(): PredicateNode {
    const t = this.next();
    if (t === undefined) throw new PredicateRefused('ends unexpectedly');
    switch (t.k) {
      case 'lparen': {
        const inner = this.parseOr();
        const close = this.next();
        if (close?.k !== 'rparen') throw unexpected(close, 'has an unbalanced parenthesis');
        return inner;
      }
      case 'minus': {
        const n = this.next();
        if (n?.k !== 'number') throw new PredicateRefused('uses arithmetic (unary minus on a non-literal)');
        return { k: 'number', text: `-${n.text}` };
      }
      case 'number':
        return { k: 'number', text: t.text };
      case 'string':
        return { k: 'string', value: t.value };
      case 'ident':
        return this.identOperand(t);
      case 'op':
      case 'rparen':
      case 'comma':
        throw new PredicateRefused(`has an unexpected "${t.k === 'op' ? t.text : t.k === 'rparen' ? ')' : ','}"`);
      case 'other':
        throw new PredicateRefused(`uses "${t.text}", which is not translated (arithmetic, variables and qualified names are not)`);
    }
  }

  protected identOperand(t: Extract<Token, { k: 'ident' }>): PredicateNode {
    if (!t.bracketed && t.text.toUpperCase() === 'NULL') return { k: 'null' };
    if (!t.bracketed && KEYWORDS.has(t.text.toUpperCase())) throw new PredicateRefused(`has an unexpected ${t.text.toUpperCase()}`);
    if (this.peek()?.k === 'lparen') {
      throw new PredicateRefused(`calls ${t.text}(), whose semantics may differ in PostgreSQL`);
    }
    if (!t.bracketed && /^(CASE|SELECT|EXISTS|CAST|CONVERT|COLLATE)$/i.test(t.text)) {
      throw new PredicateRefused(`uses ${t.text.toUpperCase()}, which is not translated`);
    }
    return { k: 'column', name: t.text };
  }

  expectEnd(): void {
    const t = this.peek();
    if (t === undefined) return;
    throw unexpected(t, `has unexpected text after the condition (near ${describe(t)})`);
  }

  protected keyword(word: string): boolean {
    const t = this.peek();
    if (t?.k === 'ident' && !t.bracketed && t.text.toUpperCase() === word) {
      this.i += 1;
      return true;
    }
    return false;
  }

  protected peek(): Token | undefined {
    return this.tokens[this.i];
  }

  protected next(): Token | undefined {
    const t = this.tokens[this.i];
    this.i += 1;
    return t;
  }
}

export function describe(t: Token): string {
  switch (t.k) {
    case 'ident': return t.text;
    case 'number': return t.text;
    case 'string': return `'${t.value}'`;
    case 'op': case 'other': return t.text;
    default: return t.k;
  }
}

/** The reason for a token where none (or a closing parenthesis) was expected. */
export function unexpected(t: Token | undefined, otherwise: string): PredicateRefused {
  if (t === undefined) return new PredicateRefused('ends unexpectedly');
  if (t.k === 'ident' && !t.bracketed && t.text.toUpperCase() === 'COLLATE') return new PredicateRefused('uses COLLATE, which is not translated');
  if (t.k === 'other') return new PredicateRefused(`uses "${t.text}", which is not translated`);
  if (t.k === 'minus') return new PredicateRefused('uses arithmetic ("-"), which is not translated');
  return new PredicateRefused(otherwise);
}

export function boolean(n: PredicateNode): PredicateNode {
  if (!isBooleanNode(n)) throw new PredicateRefused('uses a value where a condition is expected (e.g. a bare bit column)');
  return n;
}

export function value(n: PredicateNode): PredicateNode {
  if (isBooleanNode(n)) throw new PredicateRefused('uses a condition where a value is expected');
  return n;
}
