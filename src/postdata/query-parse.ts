/**
 * The parser for view definitions, built on the predicate parser (predicate-parse.ts): the same
 * tokens and the same grammar for conditions, with value expressions widened to arithmetic,
 * calls, CASE, CAST/CONVERT, qualified names and sub-queries, and the query around them:
 *
 *   view    := CREATE [OR ALTER] VIEW name [(columns)] [WITH options] AS query [WITH CHECK OPTION] [;]
 *   query   := select (UNION [ALL] select)*
 *   select  := SELECT [DISTINCT] [TOP n | TOP (n)] items [FROM from] [WHERE or] [GROUP BY values]
 *              [HAVING or] [ORDER BY value [ASC|DESC], ...]
 *   from    := source (join)* (, source (join)*)*
 *   source  := name [[AS] alias] [WITH (NOLOCK)] | (query) [AS] alias | (from)
 *   value   := term (+|- term)*;  term := unary (*|/|% unary)*;  unary := -unary | operand
 *
 * It parses only: whether PostgreSQL means the same is the renderer's decision (view-render.ts),
 * which refuses with a reason anything outside the subset.
 */
import { Parser, boolean, describe, unexpected, value } from './predicate-parse.js';
import { PredicateRefused, tokenizePredicate, type Token } from './predicate-tokens.js';
import type { FromItem, JoinType, OrderItem, PredicateNode, QueryNode, SelectItem, SelectNode, TypeSpec, ViewDefinitionNode } from './sql-ast.js';

/** Words that end an expression or a name: never taken as an alias. */
const CLAUSE_WORDS = new Set([
  'FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'UNION', 'EXCEPT', 'INTERSECT', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL',
  'CROSS', 'OUTER', 'ON', 'AS', 'WITH', 'OPTION', 'FOR', 'INTO', 'SELECT', 'AND', 'OR', 'NOT', 'IS', 'IN', 'LIKE',
  'BETWEEN', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'ASC', 'DESC', 'BY', 'APPLY', 'TOP', 'DISTINCT', 'ALL', 'NULL',
  'COLLATE', 'ESCAPE', 'PIVOT', 'UNPIVOT', 'TABLESAMPLE', 'OFFSET', 'FETCH', 'WINDOW', 'OVER',
]);

export interface ViewParseOptions {
  /** sys.sql_modules.uses_quoted_identifier: with OFF, `"x"` is a string. */
  readonly quotedIdentifier: boolean;
}

export function parseViewDefinition(text: string, options: ViewParseOptions = { quotedIdentifier: true }): ViewDefinitionNode {
  const parser = new ViewParser(tokenizePredicate(text, { comments: 'skip', quotedIdentifier: options.quotedIdentifier }));
  return parser.parseView();
}

class ViewParser extends Parser {
  parseView(): ViewDefinitionNode {
    this.expectWord('CREATE', 'does not start with CREATE VIEW');
    if (this.keyword('OR')) this.expectWord('ALTER', 'has CREATE OR without ALTER');
    this.expectWord('VIEW', 'is not a CREATE VIEW statement');
    const name = this.parseName();
    let columns: string[] | null = null;
    if (this.peek()?.k === 'lparen') {
      this.next();
      columns = [this.identifier('a column name')];
      while (this.peek()?.k === 'comma') {
        this.next();
        columns.push(this.identifier('a column name'));
      }
      this.expect('rparen', 'has an unclosed column list');
    }
    const options: string[] = [];
    if (this.keyword('WITH')) {
      do options.push(this.identifier('a view option').toUpperCase());
      while (this.comma());
    }
    this.expectWord('AS', 'has no AS before its query');
    const query = this.parseQuery();
    let checkOption = false;
    if (this.keyword('WITH')) {
      this.expectWord('CHECK', 'has an unexpected WITH after its query');
      this.expectWord('OPTION', 'has WITH CHECK without OPTION');
      checkOption = true;
    }
    while (this.peekOther(';')) this.next();
    this.expectEnd();
    return { name, columns, options, query, checkOption };
  }

  parseQuery(): QueryNode {
    let query: QueryNode = this.parseSelect();
    for (;;) {
      if (this.keyword('UNION')) {
        const all = this.keyword('ALL');
        query = { k: 'union', all, left: query, right: this.parseSelect() };
      } else if (this.word('EXCEPT') || this.word('INTERSECT')) {
        throw new PredicateRefused(`uses ${(this.peek() as { text: string }).text.toUpperCase()}, which is not translated`);
      } else {
        return query;
      }
    }
  }

  private parseSelect(): SelectNode {
    if (this.peek()?.k === 'lparen') throw new PredicateRefused('uses a parenthesized SELECT in a UNION, which is not translated');
    this.expectWord('SELECT', 'has no SELECT where a query is expected');
    if (this.keyword('ALL')) {
      /* the default */
    }
    const distinct = this.keyword('DISTINCT');
    let top: string | null = null;
    if (this.keyword('TOP')) top = this.parseTop();
    const items = [this.parseSelectItem()];
    while (this.comma()) items.push(this.parseSelectItem());
    if (this.word('INTO')) throw new PredicateRefused('uses SELECT INTO, which a view cannot');
    const from = this.keyword('FROM') ? this.parseFromList() : [];
    const where = this.keyword('WHERE') ? boolean(this.parseOr()) : null;
    const groupBy: PredicateNode[] = [];
    if (this.keyword('GROUP')) {
      this.expectWord('BY', 'has GROUP without BY');
      if (this.word('ALL')) throw new PredicateRefused('uses GROUP BY ALL, which is not translated');
      do groupBy.push(value(this.parseValue()));
      while (this.comma());
      if (this.word('WITH')) throw new PredicateRefused('uses GROUP BY ... WITH ROLLUP/CUBE, which is not translated');
    }
    const having = this.keyword('HAVING') ? boolean(this.parseOr()) : null;
    const orderBy: OrderItem[] = [];
    if (this.keyword('ORDER')) {
      this.expectWord('BY', 'has ORDER without BY');
      do {
        const expr = value(this.parseValue());
        const descending = this.keyword('DESC');
        if (!descending) this.keyword('ASC');
        orderBy.push({ expr, descending });
      } while (this.comma());
      if (this.word('OFFSET')) throw new PredicateRefused('uses ORDER BY ... OFFSET, which is not translated');
    }
    for (const w of ['FOR', 'OPTION']) if (this.word(w)) throw new PredicateRefused(`uses ${w}, which is not translated`);
    return { k: 'select', distinct, top, items, from, where, groupBy, having, orderBy };
  }

  private parseTop(): string {
    const paren = this.peek()?.k === 'lparen';
    if (paren) this.next();
    const n = this.next();
    if (n?.k !== 'number' || !/^\d+$/.test(n.text)) throw new PredicateRefused('uses TOP with something other than a whole number');
    if (paren) this.expect('rparen', 'has an unclosed TOP (');
    if (this.word('PERCENT')) throw new PredicateRefused('uses TOP ... PERCENT, which is not translated');
    if (this.word('WITH')) throw new PredicateRefused('uses TOP ... WITH TIES, which is not translated');
    return n.text;
  }

  private parseSelectItem(): SelectItem {
    const t = this.peek();
    if (t?.k === 'other' && t.text === '*') {
      this.next();
      return { k: 'star', qualifier: null };
    }
    // `alias = expression` is T-SQL's other way to name a column.
    const eq = this.tokens[this.i + 1];
    if (t?.k === 'ident' && eq?.k === 'op' && eq.text === '=' && (t.bracketed || !CLAUSE_WORDS.has(t.text.toUpperCase()))) {
      this.i += 2;
      return { k: 'expr', expr: value(this.parseValue()), alias: t.text };
    }
    if (t?.k === 'string' && eq?.k === 'op' && eq.text === '=') {
      this.i += 2;
      return { k: 'expr', expr: value(this.parseValue()), alias: t.value };
    }
    const star = this.qualifiedStar();
    if (star !== null) return { k: 'star', qualifier: star };
    const expr = value(this.parseValue());
    return { k: 'expr', expr, alias: this.optionalAlias(true) };
  }

  /** `t.*` or `dbo.t.*`: the parts before the star, or null (and nothing consumed). */
  private qualifiedStar(): string[] | null {
    let j = this.i;
    const parts: string[] = [];
    for (;;) {
      const t = this.tokens[j];
      const dot = this.tokens[j + 1];
      if (t?.k !== 'ident' || dot?.k !== 'other' || dot.text !== '.') break;
      parts.push(t.text);
      j += 2;
      const star = this.tokens[j];
      if (star?.k === 'other' && star.text === '*') {
        this.i = j + 1;
        return parts;
      }
    }
    return null;
  }

  /** `[AS] alias` after a select item (a string too) or a FROM source. */
  private optionalAlias(allowString: boolean): string | null {
    const as = this.keyword('AS');
    const t = this.peek();
    if (t?.k === 'ident' && (t.bracketed || !CLAUSE_WORDS.has(t.text.toUpperCase()))) {
      this.next();
      return t.text;
    }
    if (allowString && t?.k === 'string') {
      this.next();
      return t.value;
    }
    if (as) throw unexpected(t, 'has AS without an alias');
    return null;
  }

  private parseFromList(): FromItem[] {
    const items = [this.parseJoins()];
    while (this.comma()) items.push(this.parseJoins());
    return items;
  }

  private parseJoins(): FromItem {
    let left = this.parseSource();
    for (;;) {
      const type = this.joinType();
      if (type === null) return left;
      const right = this.parseSource();
      let on: PredicateNode | null = null;
      if (type !== 'cross') {
        this.expectWord('ON', 'has a JOIN without ON');
        on = boolean(this.parseOr());
      }
      left = { k: 'join', type, left, right, on };
    }
  }

  private joinType(): JoinType | null {
    if (this.keyword('JOIN')) return 'inner';
    if (this.keyword('INNER')) return this.joinKeyword('inner');
    for (const [word, type] of [['LEFT', 'left'], ['RIGHT', 'right'], ['FULL', 'full']] as const) {
      if (this.keyword(word)) {
        this.keyword('OUTER');
        return this.joinKeyword(type);
      }
    }
    if (this.keyword('CROSS')) {
      if (this.word('APPLY')) throw new PredicateRefused('uses CROSS APPLY, which is not translated');
      return this.joinKeyword('cross');
    }
    if (this.word('OUTER')) throw new PredicateRefused('uses OUTER APPLY, which is not translated');
    return null;
  }

  private joinKeyword(type: JoinType): JoinType {
    const t = this.peek();
    if (t?.k === 'ident' && !t.bracketed && /^(LOOP|HASH|MERGE|REMOTE)$/i.test(t.text)) {
      throw new PredicateRefused(`uses the join hint ${t.text.toUpperCase()}, which is not translated`);
    }
    this.expectWord('JOIN', `has ${type.toUpperCase()} without JOIN`);
    return type;
  }

  private parseSource(): FromItem {
    if (this.peek()?.k === 'lparen') {
      this.next();
      if (this.word('SELECT')) {
        const query = this.parseQuery();
        this.expect('rparen', 'has an unclosed derived table');
        const alias = this.optionalAlias(false);
        if (alias === null) throw new PredicateRefused('has a derived table without an alias');
        return { k: 'derived', query, alias };
      }
      const inner = this.parseJoins();
      this.expect('rparen', 'has an unclosed parenthesis in FROM');
      return inner;
    }
    const parts = this.parseName();
    if (this.peek()?.k === 'lparen') throw new PredicateRefused(`reads from the function ${parts.join('.')}(), which is not translated`);
    const alias = this.optionalAlias(false);
    if (this.word('WITH') && this.tokens[this.i + 1]?.k === 'lparen') {
      this.next();
      this.next();
      const hint = this.identifier('a table hint').toUpperCase();
      this.expect('rparen', 'has an unclosed table hint');
      if (hint !== 'NOLOCK') throw new PredicateRefused(`uses the table hint ${hint}, which is not translated`);
      return { k: 'table', parts, alias, nolock: true };
    }
    return { k: 'table', parts, alias, nolock: false };
  }

  /** `a`, `a.b`, `[a].[b].[c]`: up to four parts (the renderer decides which it takes). */
  private parseName(): string[] {
    const parts = [this.identifier('a name')];
    while (this.peekOther('.')) {
      this.next();
      parts.push(this.identifier('a name'));
    }
    return parts;
  }

  // ---- values ----

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

  // ---- small helpers ----

  private identifier(what: string): string {
    const t = this.next();
    if (t?.k !== 'ident') throw unexpected(t, `has ${t === undefined ? 'nothing' : describe(t)} where ${what} is expected`);
    return t.text;
  }

  private expect(kind: 'lparen' | 'rparen' | 'comma', reason: string): void {
    const t = this.next();
    if (t?.k !== kind) throw unexpected(t, reason);
  }

  private expectWord(wordText: string, reason: string): void {
    if (!this.keyword(wordText)) throw unexpected(this.peek(), reason);
  }

  private comma(): boolean {
    if (this.peek()?.k !== 'comma') return false;
    this.next();
    return true;
  }

  /** Whether the next token is this unbracketed word (not consumed). */
  private word(wordText: string): boolean {
    return this.isWord(this.peek(), wordText);
  }

  private isWord(t: Token | undefined, wordText: string): boolean {
    return t?.k === 'ident' && !t.bracketed && t.text.toUpperCase() === wordText;
  }

  private peekOther(text: string): boolean {
    const t = this.peek();
    return t?.k === 'other' && t.text === text;
  }
}
