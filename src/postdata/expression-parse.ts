/**
 * The value expressions of a view, on top of the predicate parser (predicate-parse.ts): the
 * same tokens and conditions, with values widened to arithmetic, calls, CASE, CAST/CONVERT,
 * qualified names and sub-queries (the query itself is parsed by query-parse.ts, through the
 * abstract parseQuery). Precedence as T-SQL's:
 *
 *   value := term (+|- term)*;  term := unary (*|/|% unary)*;  unary := -unary | +unary | operand
 */
import { Parser, boolean, describe, unexpected, value } from './predicate-parse.js';
import { PredicateRefused, type Token } from './predicate-tokens.js';
import type { PredicateNode, QueryNode, TypeSpec } from './sql-ast.js';

/** Words that end an expression or a name: never taken as an alias or a column. */
export const CLAUSE_WORDS = new Set([
  'FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'UNION', 'EXCEPT', 'INTERSECT', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL',
  'CROSS', 'OUTER', 'ON', 'AS', 'WITH', 'OPTION', 'FOR', 'INTO', 'SELECT', 'AND', 'OR', 'NOT', 'IS', 'IN', 'LIKE',
  'BETWEEN', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'ASC', 'DESC', 'BY', 'APPLY', 'TOP', 'DISTINCT', 'ALL', 'NULL',
  'COLLATE', 'ESCAPE', 'PIVOT', 'UNPIVOT', 'TABLESAMPLE', 'OFFSET', 'FETCH', 'WINDOW', 'OVER',
]);

export abstract class ExpressionParser extends Parser {
  /** A whole query (sub-queries, EXISTS, IN (SELECT ...)): the view parser's. */
  abstract parseQuery(): QueryNode;

  protected override parseValue(): PredicateNode {
    let left = this.parseTerm();
    for (;;) {
      const t = this.peek();
      if (t?.k === 'minus' || (t?.k === 'other' && t.text === '+')) {
        this.next();
        left = { k: 'arith', op: t.k === 'minus' ? '-' : '+', left: value(left), right: value(this.parseTerm()) };
      } else {
        return left;
      }
    }
  }

  private parseTerm(): PredicateNode {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      if (t?.k === 'other' && (t.text === '*' || t.text === '/' || t.text === '%')) {
        this.next();
        left = { k: 'arith', op: t.text as '*' | '/' | '%', left: value(left), right: value(this.parseUnary()) };
      } else {
        return left;
      }
    }
  }

  private parseUnary(): PredicateNode {
    const t = this.peek();
    if (t?.k === 'minus' && this.tokens[this.i + 1]?.k !== 'number') {
      this.next();
      return { k: 'negate', operand: value(this.parseUnary()) };
    }
    if (t?.k === 'other' && t.text === '+') {
      this.next();
      return this.parseUnary();
    }
    return this.parseOperand();
  }

  protected override parseOperand(): PredicateNode {
    const t = this.peek();
    if (t?.k === 'lparen' && this.isWord(this.tokens[this.i + 1], 'SELECT')) {
      this.next();
      const query = this.parseQuery();
      this.expect('rparen', 'has an unclosed sub-query');
      return { k: 'subquery', query };
    }
    if (t?.k === 'other' && t.text === '@') throw new PredicateRefused('uses a variable, which a view cannot');
    return super.parseOperand();
  }

  protected override parseIn(not: boolean, operand: PredicateNode): PredicateNode {
    if (this.peek()?.k === 'lparen' && this.isWord(this.tokens[this.i + 1], 'SELECT')) {
      this.next();
      const query = this.parseQuery();
      this.expect('rparen', 'has an unclosed IN (SELECT ...)');
      return { k: 'in-query', not, operand, query };
    }
    return super.parseIn(not, operand);
  }

  protected override identOperand(t: Extract<Token, { k: 'ident' }>): PredicateNode {
    const word = t.bracketed ? '' : t.text.toUpperCase();
    if (word === 'NULL') return { k: 'null' };
    if (word === 'CASE') return this.parseCase();
    if (word === 'EXISTS') {
      this.expect('lparen', 'has EXISTS without (');
      const query = this.parseQuery();
      this.expect('rparen', 'has an unclosed EXISTS (');
      return { k: 'exists', query };
    }
    if (word === 'CURRENT_TIMESTAMP') return { k: 'call', name: 'CURRENT_TIMESTAMP', args: [], distinct: false, star: false };
    if (word !== '' && CLAUSE_WORDS.has(word)) throw new PredicateRefused(`has an unexpected ${word}`);
    if (this.peek()?.k === 'lparen') return this.parseCall(t.text, word);
    if (this.peekOther('.')) {
      const parts = [t.text];
      while (this.peekOther('.')) {
        this.next();
        parts.push(this.identifier('a name'));
      }
      if (this.peek()?.k === 'lparen') throw new PredicateRefused(`calls ${parts.join('.')}(), a user-defined function, which is not translated`);
      return { k: 'qualified', parts };
    }
    return { k: 'column', name: t.text };
  }

  private parseCall(name: string, word: string): PredicateNode {
    this.next(); // (
    if (word === 'CAST' || word === 'TRY_CAST') {
      if (word === 'TRY_CAST') throw new PredicateRefused('uses TRY_CAST, which is not translated');
      const operand = value(this.parseValue());
      this.expectWord('AS', 'has CAST without AS');
      const type = this.parseType();
      this.expect('rparen', 'has an unclosed CAST(');
      return { k: 'cast', operand, type, style: null };
    }
    if (word === 'CONVERT') {
      const type = this.parseType();
      this.expect('comma', 'has CONVERT without a value');
      const operand = value(this.parseValue());
      const style = this.comma() ? value(this.parseValue()) : null;
      this.expect('rparen', 'has an unclosed CONVERT(');
      return { k: 'cast', operand, type, style };
    }
    if (word === 'DATEPART') {
      const part = this.identifier('a date part');
      this.expect('comma', 'has DATEPART without a value');
      const operand = value(this.parseValue());
      this.expect('rparen', 'has an unclosed DATEPART(');
      return { k: 'datepart', part, operand };
    }
    if (this.peekOther('*')) {
      this.next();
      this.expect('rparen', `has an unclosed ${name}(*`);
      this.refuseOver(name);
      return { k: 'call', name: name.toUpperCase(), args: [], distinct: false, star: true };
    }
    const distinct = this.keyword('DISTINCT');
    const args: PredicateNode[] = [];
    if (this.peek()?.k !== 'rparen') {
      do args.push(value(this.parseValue()));
      while (this.comma());
    }
    this.expect('rparen', `has an unclosed ${name}(`);
    this.refuseOver(name);
    return { k: 'call', name: name.toUpperCase(), args, distinct, star: false };
  }

  private refuseOver(name: string): void {
    if (this.word('OVER')) throw new PredicateRefused(`uses the window function ${name}() OVER (...), which is not translated`);
    if (this.word('WITHIN')) throw new PredicateRefused(`uses ${name}() WITHIN GROUP, which is not translated`);
  }

  private parseCase(): PredicateNode {
    const operand = this.word('WHEN') ? null : value(this.parseValue());
    const whens: { when: PredicateNode; then: PredicateNode }[] = [];
    while (this.keyword('WHEN')) {
      const when = operand === null ? boolean(this.parseOr()) : value(this.parseValue());
      this.expectWord('THEN', 'has WHEN without THEN');
      whens.push({ when, then: value(this.parseValue()) });
    }
    if (whens.length === 0) throw new PredicateRefused('has CASE without WHEN');
    const otherwise = this.keyword('ELSE') ? value(this.parseValue()) : null;
    this.expectWord('END', 'has CASE without END');
    return { k: 'case', operand, whens, otherwise };
  }

  private parseType(): TypeSpec {
    const name = this.identifier('a type name');
    if (this.peekOther('.')) throw new PredicateRefused('converts to a user-defined type, which is not translated');
    const args: string[] = [];
    if (this.peek()?.k === 'lparen') {
      this.next();
      do {
        const t = this.next();
        if (t?.k === 'number') args.push(t.text);
        else if (t?.k === 'ident' && !t.bracketed && t.text.toUpperCase() === 'MAX') args.push('max');
        else throw unexpected(t, `has an unexpected ${t === undefined ? 'end' : describe(t)} in a type`);
      } while (this.comma());
      this.expect('rparen', 'has an unclosed type');
    }
    return { name: name.toLowerCase(), args };
  }

  protected identifier(what: string): string {
    const t = this.next();
    if (t?.k !== 'ident') throw unexpected(t, `has ${t === undefined ? 'nothing' : describe(t)} where ${what} is expected`);
    return t.text;
  }

  protected expect(kind: 'lparen' | 'rparen' | 'comma', reason: string): void {
    const t = this.next();
    if (t?.k !== kind) throw unexpected(t, reason);
  }

  protected expectWord(wordText: string, reason: string): void {
    if (!this.keyword(wordText)) throw unexpected(this.peek(), reason);
  }

  protected comma(): boolean {
    if (this.peek()?.k !== 'comma') return false;
    this.next();
    return true;
  }

  /** Whether the next token is this unbracketed word (not consumed). */
  protected word(wordText: string): boolean {
    return this.isWord(this.peek(), wordText);
  }

  protected isWord(t: Token | undefined, wordText: string): boolean {
    return t?.k === 'ident' && !t.bracketed && t.text.toUpperCase() === wordText;
  }

  protected peekOther(text: string): boolean {
    const t = this.peek();
    return t?.k === 'other' && t.text === text;
  }
}
